package i18n

// Messages of package envcfg and of the env, use and undo commands.
func init() {
	register(map[string]string{
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
	})
}
