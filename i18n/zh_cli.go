package i18n

// Messages of the command line (package cli): help of the commands and
// their flags, usage errors, completion, version.
func init() {
	register(map[string]string{
		// Root command, global flags, fang's help titles.
		"see, choose and fix your Go module proxy setup":                            "查看、选择并修复你的 Go 模块代理设置",
		"path of the config file (default: user config dir/goproxytui/config.toml)": "配置文件路径（默认：用户配置目录/goproxytui/config.toml）",
		"language: en or zh (default: config, then LC_ALL/LANG)":                    "界面语言：en 或 zh（默认：配置文件，其次 LC_ALL/LANG）",
		"go binary to run (default: go on PATH)":                                    "要运行的 go 程序（默认：PATH 中的 go）",
		"theme of the terminal UI: %s":                                              "终端界面主题：%s",
		"run the terminal UI against simulated mirrors and a temporary go env file": "使用模拟镜像和临时 go env 文件运行终端界面",
		"print the version":      "打印版本",
		"help for %s":            "%s 的帮助",
		"help about any command": "任意命令的帮助",
		"Shows the help of any command: goproxytui help [COMMAND].": "显示任意命令的帮助：goproxytui help [命令]。",
		"USAGE":                      "用法",
		"EXAMPLES":                   "示例",
		"COMMANDS":                   "命令",
		"FLAGS":                      "选项",
		"Run '%s --help' for usage.": "运行 '%s --help' 查看用法。",
		"unknown command %q — did you mean %s?":         "未知命令 %q —— 你是不是想输入 %s？",
		"unknown command %s":                            "未知命令 %s",
		"%s: unexpected argument %q":                    "%s：多余的参数 %q",
		"accepts at most %s argument(s), received %s":   "最多接受 %s 个参数，收到 %s 个",
		"accepts %s argument(s), received %s":           "接受 %s 个参数，收到 %s 个",
		"requires at least %s argument(s), received %s": "至少需要 %s 个参数，收到 %s 个",
		"invalid argument %s":                           "无效的参数 %s",
		"profile":                                       "方案",

		"print the manual page (roff): goproxytui man | man -l -": "打印手册页（roff 格式）：goproxytui man | man -l -",
		"Prints goproxytui's manual page in roff, made from the commands and flags of this help. Install it with: goproxytui man > ~/.local/share/man/man1/goproxytui.1": "打印 goproxytui 的 roff 格式手册页，内容来自本帮助中的命令和选项。安装：goproxytui man > ~/.local/share/man/man1/goproxytui.1",

		// Completion.
		"completion: unknown shell %q (bash, zsh, fish, powershell)":     "completion：未知的 shell %q（bash、zsh、fish、powershell）",
		"completion: missing shell (bash, zsh, fish, powershell)":        "completion：缺少 shell（bash、zsh、fish、powershell）",
		"print a shell completion script: bash, zsh, fish or powershell": "打印 shell 补全脚本：bash、zsh、fish 或 powershell",
		"Prints the script that completes goproxytui's commands, flags, mirror ids, profile names and themes in your shell. See each shell's help for how to install it.": "打印在 shell 中补全 goproxytui 的命令、选项、镜像 id、方案名和主题的脚本。安装方法见各 shell 子命令的帮助。",
		"print the completion script for %s":                                  "打印 %s 的补全脚本",
		"Prints the completion script for %s. To load it in every new shell:": "打印 %s 的补全脚本。要在每个新 shell 中加载：",
		"To load it in this shell only:":                                      "只在当前 shell 中加载：",
		"leave out the descriptions of the completions":                       "补全项不带说明",

		// Command help and flags.
		"Lists the built-in mirror catalog merged with the custom mirrors of your config, then the GOPROXY keywords and the checksum databases.":    "列出内置镜像目录与配置中的自定义镜像合并后的结果，然后列出 GOPROXY 关键字和校验和数据库。",
		"print a JSON array (id, name, url, region, weight, source, ...)":                                                                           "输出 JSON 数组（id、name、url、region、weight、source 等）",
		"Works with goproxytui's config file (custom mirrors, profiles, probe settings, theme, language): print an example, its path, or check it.": "处理 goproxytui 的配置文件（自定义镜像、方案、探测设置、主题、语言）：打印示例、打印路径或检查它。",
		"print a config file with every key explained":                                                                                              "打印一份解释了每个键的配置文件",
		"print the path of the config file in use":                                                                                                  "打印正在使用的配置文件路径",
		"check the config file; errors show file:line:col":                                                                                          "检查配置文件；错误会显示 文件:行:列",
		"an object keyed by variable name: value, source (env|file|goroot|default), shadowed (the file's value hidden by an OS variable, or null)":  "以变量名为键的对象：value、source（env|file|goroot|default）、shadowed（被操作系统环境变量遮蔽的文件中的值，或 null）",
		"also set GOSUMDB (off, sum.golang.org, sum.golang.google.cn, name+key [URL]); empty resets it":                                             "同时设置 GOSUMDB（off、sum.golang.org、sum.golang.google.cn、名称+密钥 [URL]）；为空则重置",
		"also set GOPRIVATE (comma-separated module path globs); empty resets it":                                                                   "同时设置 GOPRIVATE（逗号分隔的模块路径通配模式）；为空则重置",
		"apply a profile of the config file (built in: global, china)":                                                                              "应用配置文件中的方案（内置：global、china）",
		"show what would change, write nothing":                                                                                                     "只显示将要更改的内容，不写入",
		"print the changes as JSON":                                                                                                                 "以 JSON 打印更改",
		"restore even if a value was changed since that apply":                                                                                      "即使该次应用之后值又被更改，也强制恢复",
		"print a JSON array, one object per mirror":                                                                                                 "输出 JSON 数组，每个镜像一个对象",
		"probe N rounds and report p50, p95 and loss":                                                                                               "探测 N 轮并报告 p50、p95 和丢失率",
		"wait this long between rounds":                                                                                                             "每轮之间的等待时间",
		"give up on a probe after this long (default: config, 5s)":                                                                                  "单次探测超过这个时间即放弃（默认：配置文件，5s）",
		"module@version to fetch (default: config, rsc.io/quote@v1.5.2)":                                                                            "要获取的 模块@版本（默认：配置文件，rsc.io/quote@v1.5.2）",
		"also download the canary's zip: throughput and hash checked against the checksum database":                                                 "同时下载该模块的 zip：测量吞吐量，并对照校验和数据库检查哈希",
		"write the proposal to the go env file (through go env -w, atomically) and print what changed":                                              "把建议写入 go env 文件（通过 go env -w，原子地）并打印改动",
		"print an object: goproxy, gosumdb, reasons, candidates":                                                                                    "打印一个对象：goproxy、gosumdb、reasons、candidates",
		"probe rounds per mirror":                                                                                                                   "每个镜像的探测轮数",
		"timeout of one probe (default: the config's probe timeout, 5s)":                                                                            "单次探测的超时（默认：配置中的探测超时，5s）",
		"print an object: env, findings (severity, code, message, why, fix)":                                                                        "打印一个对象：env、findings（severity、code、message、why、fix）",
	})
}
