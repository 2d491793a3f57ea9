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
		"print the version":               "打印版本",
		"help for %s":                     "%s 的帮助",
		"no help for %q: unknown command": "没有 %q 的帮助：未知命令",
		"help about any command":          "任意命令的帮助",
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

		// current, add, remove, reset, export.
		"(invalid GOPROXY)": "（GOPROXY 无效）",
		"one line: the mirror go uses now, the chain and GOSUMDB": "一行显示：go 现在使用的镜像、代理链和 GOSUMDB",
		"Prints one line for a shell prompt or a glance: the mirror the go command asks first (its catalog id when it is in the catalog), the whole GOPROXY chain, GOSUMDB, and a mark (!) when an OS environment variable sets one of them, so that go env -w and goproxytui use do not reach it.": "打印一行，供 shell 提示符使用或随手查看：go 命令首先询问的镜像（在目录中时显示其 id）、完整的 GOPROXY 代理链、GOSUMDB；若其中某项由操作系统环境变量设置（go env -w 和 goproxytui use 对它不起作用），则加上标记（!）。",
		"Example output: goproxy.cn  goproxy.cn,direct  GOSUMDB=sum.golang.google.cn":    "输出示例：goproxy.cn  goproxy.cn,direct  GOSUMDB=sum.golang.google.cn",
		"print an object: mirror, mirror_id, chain, goproxy, gosumdb, from_os, shadowed": "打印一个对象：mirror、mirror_id、chain、goproxy、gosumdb、from_os、shadowed",
		"add a custom mirror to the config file":                                         "向配置文件添加自定义镜像",
		"Adds a [[mirror]] table to the config file, checked as 'config check' checks it (id syntax, URL rules, weight), with an id that no built-in or config mirror has. The file keeps its comments and layout and is replaced atomically; a missing file is created. Remove it again with 'goproxytui remove ID'.": "向配置文件添加一个 [[mirror]] 表，按 'config check' 的规则检查（id 语法、URL 规则、权重），其 id 不能与内置镜像或配置中的镜像重复。文件保留原有的注释和排版，并以原子方式替换；文件不存在时会创建。用 'goproxytui remove ID' 删除。",
		"Exit status: 0 done, 1 the file could not be read or written, 2 invalid input (nothing written).": "退出码：0 完成，1 无法读取或写入文件，2 输入无效（未写入）。",
		"add: want an ID and a URL":                                                                   "add：需要一个 ID 和一个 URL",
		"add: --weight must be positive":                                                              "add：--weight 必须大于 0",
		"ranking weight, more than 0 (default 1)":                                                     "排序权重，大于 0（默认 1）",
		"name shown in the dashboard and lists (default: the id)":                                     "在仪表盘和列表中显示的名称（默认：id）",
		"a private upstream (a company Athens): the relay sends GOPRIVATE paths only to such mirrors": "私有上游（如公司的 Athens）：中继只把 GOPRIVATE 路径发给这类镜像",
		"print what was done as JSON":                                                                 "以 JSON 打印所做的操作",
		"added mirror %s (%s) to %s":                                                                  "已把镜像 %s（%s）添加到 %s",
		"remove a custom mirror from the config file":                                                 "从配置文件删除自定义镜像",
		"Removes the [[mirror]] table with this id from the config file; the rest of the file, comments included, stays as it is. A mirror still named elsewhere in the file (weights, hidden, a profile) is not removed: the error says where. Built-in mirrors cannot be removed, only hidden.": "从配置文件删除具有此 id 的 [[mirror]] 表；文件其余部分（包括注释）保持不变。若该镜像仍在文件其他地方被引用（权重、hidden、某个方案），则不删除，错误信息会指出位置。内置镜像不能删除，只能隐藏。",
		"remove: want the id of a config mirror": "remove：需要配置中某个镜像的 id",
		"removed mirror %s from %s":              "已删除镜像 %s（配置文件 %s）",
		"back to the go command's defaults for GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY, GONOSUMDB": "把 GOPROXY、GOSUMDB、GOPRIVATE、GONOPROXY、GONOSUMDB 恢复为 go 命令的默认值",
		"Removes GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY and GONOSUMDB from the go env file (go env -u), atomically, so that the go command's defaults apply (proxy.golang.org,direct and sum.golang.org, or $GOROOT/go.env's); then checks that they take effect and prints old → new. Undo with 'goproxytui undo'.": "从 go env 文件中原子地删除 GOPROXY、GOSUMDB、GOPRIVATE、GONOPROXY 和 GONOSUMDB（go env -u），使 go 命令的默认值生效（proxy.golang.org,direct 和 sum.golang.org，或 $GOROOT/go.env 中的值）；随后检查是否生效，并打印 旧值 → 新值。用 'goproxytui undo' 撤销。",
		"print the settings as a shell, Dockerfile or CI snippet": "把设置打印为 shell、Dockerfile 或 CI 片段",
		"Prints GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY and GONOSUMDB as a snippet to paste into a shell, a Dockerfile (ENV GOPROXY=…) or a CI file, to carry your setup into containers and CI: the current values, or those that 'goproxytui use' would give with --profile NAME or a CHAIN (catalog ids stand for their URLs). Keys left at the go command's defaults are unset in the shell formats and left out of the others. Credentials in URLs are printed as xxxxx unless --show-credentials.": "把 GOPROXY、GOSUMDB、GOPRIVATE、GONOPROXY 和 GONOSUMDB 打印为可粘贴到 shell、Dockerfile（ENV GOPROXY=…）或 CI 文件中的片段，把你的设置带进容器和 CI：当前的值，或 'goproxytui use' 配合 --profile 名称 或 代理链 会得到的值（目录中的镜像 id 代表其 URL）。保持 go 命令默认值的键在 shell 格式中会被 unset，在其他格式中省略。URL 中的凭据显示为 xxxxx，除非指定 --show-credentials。",
		"Formats: %s.":       "格式：%s。",
		"snippet format: %s": "片段格式：%s",
		"export what this profile of the config file sets, over the current values": "导出配置文件中此方案设置的值（覆盖当前值）",
		"print credentials in URLs instead of xxxxx":                                "打印 URL 中的凭据，而不是 xxxxx",
		"print an object: format, values, unset, snippet":                           "打印一个对象：format、values、unset、snippet",
		"export: give a CHAIN or --profile, not both":                               "export：请给出代理链或 --profile，不要同时给出",
		"export: unexpected argument %q (quote a chain that contains '|')":          "export：多余的参数 %q（包含 '|' 的代理链请加引号）",
		"unknown command or mirror %q — did you mean %s?":                           "未知的命令或镜像 %q —— 你是不是想输入 %s？",
		"unknown profile %q (profiles: %s)":                                         "未知方案 %q（可用方案：%s）",
		"unknown profile %q — did you mean %s?":                                     "未知方案 %q —— 你是不是想输入 %s？",

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
		"the canary to fetch, as module@version (default: config, rsc.io/quote@v1.5.2)":                                                             "要获取的 模块@版本（默认：配置文件，rsc.io/quote@v1.5.2）",
		"also download the canary's zip: throughput and hash checked against the checksum database":                                                 "同时下载该模块的 zip：测量吞吐量，并对照校验和数据库检查哈希",
		"write the proposal to the go env file (through go env -w, atomically) and print what changed":                                              "把建议写入 go env 文件（通过 go env -w，原子地）并打印改动",
		"print an object: goproxy, gosumdb, reasons, candidates":                                                                                    "打印一个对象：goproxy、gosumdb、reasons、candidates",
		"probe rounds per mirror": "每个镜像的探测轮数",
		"timeout of one probe (default: the config's probe timeout, 5s)":                     "单次探测的超时（默认：配置中的探测超时，5s）",
		"also download a small module's .zip through each working mirror and check its hash": "另外通过每个可用的镜像下载一个小模块的 .zip 并校验其哈希",
		"print an object: env, findings (severity, code, message, why, fix)":                 "打印一个对象：env、findings（severity、code、message、why、fix）",

		"the relay is already running on %s": "中继已在 %s 运行",
		"the relay is not running":           "中继没有运行",

		"Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable, 4 written but changed by another program right after.": "退出码：0 完成，1 失败（未写入），2 输入无效（未写入），3 已写入但被操作系统环境变量覆盖，4 已写入但随即被其他程序改动。",
		"warning: %s was changed by another program right after the write: the go env file now says %s; run the command again if yours should win":                                              "警告：%s 在写入后随即被其他程序改动：go env 文件现在的值是 %s；如果应以你的设置为准，请再运行一次该命令",

		// the lock
		"goproxytui: waiting for the lock %s, held by %s (giving up after %s)…": "goproxytui：正在等待锁 %s，它被 %s 持有（%s 后放弃）…",

		// doctor: a relay in GOPROXY (advisor/relay.go).
		// recommend: the relay proposal (advisor/recommend_relay.go).
		// cli/recommend.go: the relay proposal's lines.
		"Relay: %s":                       "中继：%s",
		"Relay: goproxytui relay over %s": "中继：以 %s 为上游的 goproxytui relay",
		"  why: %s":                       "  原因：%s",

		// cli: use
		"also set GONOPROXY (module path globs fetched directly, not through GOPROXY); empty resets it (then GOPRIVATE applies)": "同时设置 GONOPROXY（直接获取、不经 GOPROXY 的模块路径通配符）；为空则重置（届时使用 GOPRIVATE）",
		"also set GONOSUMDB (module path globs not checked against GOSUMDB); empty resets it (then GOPRIVATE applies)":           "同时设置 GONOSUMDB（不经 GOSUMDB 校验的模块路径通配符）；为空则重置（届时使用 GOPRIVATE）",
		"goproxytui: %s (nothing written; to write it anyway, add --force)":                                                      "goproxytui：%s（未写入任何内容；若仍要写入，请加 --force）",
		"warning: %s: %s": "警告：%s：%s",

		// mirrors: config checks
		"warning: %s: profile %q: %s": "警告：%s：配置方案 %q：%s",

		// config/config.go
		// cli/mirrors.go
		"NAME":                          "名称",
		"URL":                           "URL",
		"REGION":                        "地区",
		"WEIGHT":                        "权重",
		"SOURCE":                        "来源",
		"%s, hidden":                    "%s，已隐藏",
		"argument":                      "命令行参数",
		"GOPROXY keywords:":             "GOPROXY 关键字：",
		"Checksum databases (GOSUMDB):": "校验和数据库（GOSUMDB）：",

		// cli/config.go
		"config: missing subcommand":           "config：缺少子命令",
		"config: unknown subcommand %q":        "config：未知子命令 %q",
		"%s: ok":                               "%s：正常",
		"%s: no such file; the defaults apply": "%s：文件不存在；使用默认设置",

		"unknown command %q": "未知命令 %q",
		"goproxytui: %v":     "goproxytui：%v",
		"goproxytui — see, choose and fix your Go module proxy setup":                                                   "goproxytui —— 查看、选择并修复你的 Go 模块代理设置",
		"With no command it opens the terminal UI; extra arguments (catalog ids or URLs) add mirrors to the dashboard.": "不带命令时打开终端界面；额外参数（目录中的镜像 id 或 URL）会加入仪表盘。",
		"unknown flag %s":                                               "未知选项 %s",
		"flag %s needs a value":                                         "选项 %s 需要一个值",
		"invalid value %s for %s: %s":                                   "无效的值 %s（选项 %s）：%s",
		"bad flag syntax: %s":                                           "选项语法错误：%s",
		"list the mirror catalog merged with your config":               "列出与你的配置合并后的镜像目录",
		"the config file: print an example, its path, or check it":      "配置文件：打印示例、显示路径或检查它",
		"measure mirrors: phases, TLS, protocol checks, health":         "测量镜像：各阶段耗时、TLS、协议检查、健康状态",
		"show effective go env values and where each comes from":        "显示生效的 go env 值及其来源",
		"set GOPROXY (and GOSUMDB, GOPRIVATE) safely through go env -w": "通过 go env -w 安全地设置 GOPROXY（以及 GOSUMDB、GOPRIVATE）",
		"restore the values from before the last apply":                 "恢复上一次应用之前的值",
		"probe mirrors and propose a chain and GOSUMDB":                 "探测镜像并建议代理链和 GOSUMDB",
		"diagnose the current setup without changing anything":          "诊断当前设置，不做任何修改",

		"goproxytui: the terminal UI needs a terminal; run a command instead (see goproxytui --help)": "goproxytui：终端界面需要在终端中运行；否则请使用子命令（见 goproxytui --help）",
	})
}
