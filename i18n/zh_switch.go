package i18n

// Messages of switching safely (package cli): use's check of the chain and
// its documented form, the confirmation of GOSUMDB=off, ls and test, the
// relay's refusals.
func init() {
	register(map[string]string{
		"goproxytui: nothing written":     "goproxytui：未写入任何内容",
		"use: --timeout must be positive": "use：--timeout 必须为正数",
		"warning: GOSUMDB=off turns off the check of downloaded modules against the checksum database: a mirror or network could serve altered code and go would not notice. For private modules set GONOSUMDB or GOPRIVATE instead.": "警告：GOSUMDB=off 会关闭下载模块与校验和数据库的核对：镜像或网络可能提供被篡改的代码而 go 不会察觉。私有模块请改设 GONOSUMDB 或 GOPRIVATE。",
		"do not ask before turning checksum verification off (--sumdb off)":              "关闭校验和核对（--sumdb off）前不再询问",
		"how long the check of the chain waits for each mirror, a `duration` such as 2s": "写入前检查代理链时每个镜像的等待时长，`时长`，如 2s",
		"Turn checksum verification off? [y/N] ":                                         "关闭校验和核对？[y/N] ",
		"goproxytui: GOSUMDB=off not written: confirm with --yes":                        "goproxytui：未写入 GOSUMDB=off：请加 --yes 确认",
		"wrote %s (the form %s documents)":                                               "已写入 %s（%s 文档给出的写法）",
		"would write %s (the form %s documents)":                                         "将写入 %s（%s 文档给出的写法）",
		"write without the check: a chain go would fail or hang through, entries the go command never reaches, patterns that match no module path": "不检查直接写入：即使 go 经由该代理链会失败或挂起、条目 go 命令永远用不到、模式匹配不到任何模块路径",
		"goproxytui: nothing written: %s\nTo write it anyway, add --force.":                                                                        "goproxytui：未写入任何内容：%s\n如仍要写入，请加 --force。",
	})
}
