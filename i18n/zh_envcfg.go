package i18n

// Messages of package envcfg and of the env, use and undo commands.
func init() {
	register(map[string]string{
		"writing go env config: %w; nothing was written":                                  "写入 go env 配置：%w；未写入任何内容",
		"running %s %s: it wrote more than %d KiB and was stopped; is %s the go command?": "运行 %s %s：它的输出超过 %d KiB，已被终止；%s 真的是 go 命令吗？",
		// Lock files that are not a regular file of their own.
		"the lock file %s is %w: goproxytui locks only a regular file of its own and follows no link to another file; nothing was written: remove it": "锁文件 %s 是%w：goproxytui 只锁定属于自己的普通文件，也不跟随指向其他文件的链接；未写入任何内容：请删除它",
		"a symbolic link":              "符号链接",
		"a file with other hard links": "有其他硬链接的文件",
		// envcfg: reading
		"running %s %s: %w":                           "运行 %s %s 失败：%w",
		"running %s %s: %w\n%s":                       "运行 %s %s 失败：%w\n%s",
		"reading the output of go env -json: %w":      "无法解析 go env -json 的输出：%w",
		"reading the go env file: %w":                 "读取 go env 文件失败：%w",
		"finding the go env file: %w":                 "无法定位 go env 文件：%w",
		"GOENV=off: there is no go env file to write": "GOENV=off：没有可写入的 go env 文件",

		// envcfg: validation
		"invalid %s: %w":                  "无效的 %s：%w",
		"invalid variable name %q":        "无效的变量名 %q",
		"%s is given more than once":      "%s 被指定了多次",
		"%s cannot be set with go env -w": "%s 不能用 go env -w 设置",
		"GOENV can only be set in the OS environment, not in the go env file": "GOENV 只能在操作系统环境变量中设置，不能写入 go env 文件",
		"the value is not valid UTF-8":                                        "值不是有效的 UTF-8",
		"the value contains a NUL byte":                                       "值中含有 NUL 字节",
		"the value contains a line break":                                     "值中含有换行符",
		"nothing to apply":                                                    "没有要应用的更改",

		// envcfg: applying
		"creating the go env directory: %w":                 "创建 go env 目录失败：%w",
		"locking the go env file: %w":                       "锁定 go env 文件失败：%w",
		"creating a temporary copy of the go env file: %w":  "创建 go env 文件的临时副本失败：%w",
		"reading the temporary copy of the go env file: %w": "读取 go env 文件的临时副本失败：%w",
		"replacing the go env file: %w":                     "替换 go env 文件失败：%w",
		"go env said: %s":                                   "go env 提示：%s",
		"go env changed lines it should have kept (comments or blank lines); nothing was written":               "go env 改动了本应保留的行（注释或空行）；未写入任何内容",
		"go env did not write the intended values (%s); nothing was written":                                    "go env 没有写入预期的值（%s）；未写入任何内容",
		"the go env file %s was changed by another program while applying (%s); nothing was written: try again": "应用期间另一个程序修改了 go env 文件 %s（%s）；未写入任何内容：请重试",
		"the change was made, but the undo history could not be updated: %w":                                    "更改已完成，但无法更新撤销历史：%w",
		"the change was made, but the effective values could not be read again: %w":                             "更改已完成，但无法重新读取生效的值：%w",

		// envcfg: undo
		"finding the undo history: %w":                "无法定位撤销历史：%w",
		"reading the undo history %s: %w":             "读取撤销历史 %s 失败：%w",
		"nothing to undo: no apply to %s is recorded": "没有可撤销的操作：没有记录对 %s 的应用",
		"since the apply being undone, %s changed in %s; nothing was written (undo --force restores anyway)": "自要撤销的那次应用之后，%s 已在 %s 中被更改；未写入任何内容（undo --force 会强制恢复）",

		// envcfg: watching
		"watching files: %w": "监视文件失败：%w",

		// envcfg: source labels
		"OS environment":   "操作系统环境变量",
		"go env file":      "go env 文件",
		"$GOROOT/go.env":   "$GOROOT/go.env",
		"built-in default": "内置默认值",

		// env command
		"Shows the effective GOPROXY, GOSUMDB, GOPRIVATE, GONOPROXY, GONOSUMDB, GOINSECURE, GOFLAGS, GOENV and GOROOT, where each comes from (OS environment, go env file, $GOROOT/go.env or default), and OS variables that hide the go env file.": "显示生效的 GOPROXY、GOSUMDB、GOPRIVATE、GONOPROXY、GONOSUMDB、GOINSECURE、GOFLAGS、GOENV 和 GOROOT，每个值的来源（操作系统环境变量、go env 文件、$GOROOT/go.env 或默认值），以及遮蔽 go env 文件的操作系统环境变量。",
		"go env file: %s":                      "go env 文件：%s",
		"go env file: %s (does not exist yet)": "go env 文件：%s（尚不存在）",
		"go env file: none (GOENV=off)":        "go env 文件：无（GOENV=off）",
		"go version: %s":                       "go 版本：%s",
		"VARIABLE":                             "变量",
		"VALUE":                                "值",
		"(empty)":                              "（空）",
		"default (from GOPRIVATE)":             "默认值（取自 GOPRIVATE）",
		"warning: %s is set in the OS environment (%s), which hides the go env file's value %s: go env -w and goproxytui use do not take effect in shells that set it": "警告：%s 在操作系统环境变量中被设置为 %s，遮蔽了 go env 文件中的值 %s：在设置了该变量的 shell 中，go env -w 和 goproxytui use 都不会生效",
		"note: %s is set in the OS environment: go env -w and goproxytui use do not take effect in shells that set it":                                                 "提示：%s 已在操作系统环境变量中设置：在设置了该变量的 shell 中，go env -w 和 goproxytui use 都不会生效",

		// use and undo commands
		"Sets GOPROXY to CHAIN (catalog ids stand for their URLs: 'goproxy.cn|aliyun,direct'), checked before anything is written, through go env -w, atomically; then checks that the new values take effect and prints old → new. Undo with 'goproxytui undo'.": "将 GOPROXY 设为代理链（目录中的镜像 id 代表其 URL：'goproxy.cn|aliyun,direct'），写入前先校验，通过 go env -w 原子地写入；随后检查新值是否生效，并打印 旧值 → 新值。用 'goproxytui undo' 撤销。",
		"use: unexpected argument %q (quote a chain that contains '|')": "use：多余的参数 %q（含 '|' 的代理链请加引号）",
		"use: give a CHAIN or --profile, not both":                      "use：代理链和 --profile 只能给出其一",
		"use: missing CHAIN":                  "use：缺少代理链",
		"goproxytui: profile %q sets nothing": "goproxytui：方案 %q 没有设置任何值",
		"GOPROXY entry %d %q: its credentials are hidden (xxxxx) and no entry of the current GOPROXY has them; write them out": "GOPROXY 第 %d 项 %q：其凭据已被隐藏（xxxxx），当前 GOPROXY 中也没有对应的条目带有这些凭据；请写出完整凭据",
		"warning: %s": "警告：%s",
		"nothing to change: the go env file already holds these values": "无需更改：go env 文件中已是这些值",
		"would change %s:": "将更改 %s：",
		"changed %s:":      "已更改 %s：",
		"restored in %s:":  "已在 %s 中恢复：",
		"file removed":     "文件被删除",
		"file created":     "文件被创建",
		"comments":         "注释",
		"(not set)":        "（未设置）",
		"warning: %s does not take effect: the OS environment variable %s=%s overrides the go env file; remove it from your shell profile (for this shell: unset %s)": "警告：%s 未生效：操作系统环境变量 %s=%s 覆盖了 go env 文件；请从 shell 配置文件中删除它（当前 shell：unset %s）",
		"warning: %s does not take effect: the go command uses %s (from %s)":                                                                                          "警告：%s 未生效：go 命令使用的是 %s（来自 %s）",
		"Restores the values from before the last 'goproxytui use' (or TUI apply) to this go env file; the last 20 applies are kept.":                                 "将此 go env 文件恢复为最近一次 'goproxytui use'（或终端界面中的应用）之前的值；保留最近 20 次应用记录。",

		// the lock
		"process %d (%s)": "进程 %d（%s）",
		"process %d":      "进程 %d",
		"another program": "另一个程序",
		"gave up after %s waiting for the lock %s, held by %s; nothing was written: try again when it is done (a lock whose holder has ended is free again at once)": "已等待 %s 仍未拿到锁 %s（被 %s 持有），已放弃；未写入任何内容：请在其完成后重试（持有者退出后锁会立即释放）",

		// the go command and the go env file
		"running %s: it did not finish within %s and was stopped":                                                                         "运行 %s：未在 %s 内完成，已被终止",
		"the go env file %s is %w, not a regular file: the go command would hang or fail reading it; remove it, or point GOENV at a file": "go env 文件 %s 是%w，不是普通文件：go 命令读取它时会挂起或失败；请删除它，或让 GOENV 指向一个普通文件",

		// envcfg/export.go
		"unknown export format %q — did you mean %s?":                                                 "未知导出格式 %q —— 你是不是想输入 %s？",
		"unknown export format %q (want one of: %s)":                                                  "未知导出格式 %q（可选：%s）",
		"%s: the value has a control character (%U): nothing exported":                                "%s：值中含有控制字符（%U）：未导出任何内容",
		"goproxytui: credentials are hidden as xxxxx; export with --show-credentials to include them": "goproxytui：凭据已隐藏为 xxxxx；加 --show-credentials 导出才会包含它们",
		"goproxytui: every setting is the go command's default: nothing to set":                       "goproxytui：所有设置都是 go 命令的默认值：无需设置",
	})
}
