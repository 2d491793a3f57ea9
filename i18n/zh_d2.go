package i18n

// Messages of helper D2 (issue 13): write checks in mirrors and envcfg,
// the use/env/config commands.
func init() {
	register(map[string]string{
		// mirrors: CheckChainInput
		"GOPROXY entry %d %q comes after %s: the go command never reaches it (remove it, or write it anyway with --force)":                                                                        "GOPROXY 第 %d 项 %q 位于 %s 之后：go 命令永远不会用到它（请删除它，或用 --force 照样写入）",
		"GOPROXY entry %d %q is not a catalog mirror: did you mean %s? (to use that host anyway, write the URL out: https://%s)":                                                                  "GOPROXY 第 %d 项 %q 不是目录中的镜像：您是想用 %s 吗？（若确实要用该主机，请写出完整 URL：https://%s）",
		"GOPROXY entry %d %q: the go command never sends a request to it (%s): use https:// (or write it anyway with --force)":                                                                    "GOPROXY 第 %d 项 %q：go 命令永远不会向它发送请求（%s）：请改用 https://（或用 --force 照样写入）",
		"GOPROXY entry %d %q: the go command never sends a request to it (%s): add the host (or write it anyway with --force)":                                                                    "GOPROXY 第 %d 项 %q：go 命令永远不会向它发送请求（%s）：请补上主机名（或用 --force 照样写入）",
		"an empty GOPROXY is not a reset: every go command would fail (%s). For the go command's default, type: goproxytui use %s; to restore the value before your last change: goproxytui undo": "空的 GOPROXY 并不是重置：所有 go 命令都会失败（%s）。要使用 go 命令的默认值，请输入：goproxytui use %s；要恢复上次修改前的值：goproxytui undo",

		// mirrors: PatternConfirmation
		"%w; %w": "%w；%w",
		"%s: %w": "%s：%w",

		// cli: use
		"also set GONOPROXY (module path globs fetched directly, not through GOPROXY); empty resets it (then GOPRIVATE applies)": "同时设置 GONOPROXY（直接获取、不经 GOPROXY 的模块路径通配符）；为空则重置（届时使用 GOPRIVATE）",
		"also set GONOSUMDB (module path globs not checked against GOSUMDB); empty resets it (then GOPRIVATE applies)":           "同时设置 GONOSUMDB（不经 GOSUMDB 校验的模块路径通配符）；为空则重置（届时使用 GOPRIVATE）",
		"goproxytui: %s (nothing written; to write it anyway, add --force)":                                                      "goproxytui：%s（未写入任何内容；若仍要写入，请加 --force）",
		"warning: %s: %s": "警告：%s：%s",

		// mirrors: config checks
		"reading config: %s is larger than %d KiB, the most goproxytui reads; is it the right file?":                                                        "读取配置失败：%s 超过 %d KiB，这是 goproxytui 读取的上限；文件是否选对了？",
		"reading config: %s is not a regular file (%v)":                                                                                                     "读取配置失败：%s 不是普通文件（%v）",
		"theme %q: unknown — did you mean %s? (themes: %s)":                                                                                                 "主题 %q：未知——您是想用 %s 吗？（可用主题：%s）",
		"theme %q: unknown (themes: %s; empty for automatic)":                                                                                               "主题 %q：未知（可用主题：%s；留空则自动选择）",
		"the file starts with a UTF-16 byte order mark: save it as UTF-8":                                                                                   "文件以 UTF-16 字节顺序标记开头：请另存为 UTF-8",
		"mirror %q: url %s contains %q: GOPROXY splits its entries at ',' and '|', so the chain would read this URL as two entries (percent-encode it: %s)": "镜像 %q：url %s 含有 %q：GOPROXY 在 ',' 和 '|' 处拆分条目，链会把这个 URL 读成两个条目（请改用百分号编码：%s）",
		"warning: %s: profile %q: %s":                                                                                                                       "警告：%s：配置方案 %q：%s",

		// mirrors: SumDBURLWarning
		"GOSUMDB URL %q: the go command accepts the value but cannot reach the checksum database there (%w), so every download of a module not in go.sum fails": "GOSUMDB URL %q：go 命令接受这个值，但无法在该处访问校验和数据库（%w），因此每次下载 go.sum 中没有的模块都会失败",
		"it has no host":                                             "缺少主机名",
		"it has no scheme: write https://":                           "缺少协议：请写上 https://",
		"the go command fetches it only over https, http or file":    "go 命令只通过 https、http 或 file 获取它",
		"the go command refuses to send credentials over plain http": "go 命令拒绝通过明文 http 发送凭据",
	})
}
