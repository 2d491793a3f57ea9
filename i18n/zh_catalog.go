package i18n

// Messages of the mirror catalog, the user config and the mirrors and config
// commands.
func init() {
	register(map[string]string{
		// mirrors/catalog.go
		"empty mirror name":                                    "镜像名称为空",
		"%q is a GOPROXY keyword, not a mirror":                "%q 是 GOPROXY 关键字，不是镜像",
		"unknown mirror %q: not a catalog id or URL":           "未知镜像 %q：既不是目录中的 id 也不是 URL",
		"mirror %q: %w":                                        "镜像 %q：%w",
		"invalid URL: %w":                                      "无效的 URL：%w",
		"invalid proxy URL: no host":                           "无效的代理 URL：缺少主机名",
		"invalid proxy URL missing scheme":                     "无效的代理 URL：缺少协议（scheme）",
		"invalid proxy URL scheme (must be https, http, file)": "无效的代理 URL 协议（必须是 https、http 或 file）",
		"credentials over plain http: the go command refuses to send them (use https)":  "通过明文 http 传递凭据：go 命令拒绝发送（请使用 https）",
		"invalid file:// proxy URL with non-path elements (want file:///absolute/path)": "无效的 file:// 代理 URL：含有路径以外的部分（应为 file:///绝对路径）",

		// mirrors/config.go
		"%s: want a duration string such as \"5s\"":                                   "%s：应为时长字符串，例如 \"5s\"",
		"%w (and %d more unknown keys)":                                               "%w（另有 %d 个未知键）",
		"%w (known here: %s)":                                                         "%w（此处可用的键：%s）",
		"[[mirror]] number %d: id is missing":                                         "第 %d 个 [[mirror]]：缺少 id",
		"[weights]: unknown mirror %q":                                                "[weights]：未知镜像 %q",
		"finding the config directory: %w":                                            "查找配置目录：%w",
		"hidden: unknown mirror %q":                                                   "hidden：未知镜像 %q",
		"invalid duration %q (want e.g. \"5s\", \"1m30s\")":                           "无效的时长 %q（应类似 \"5s\"、\"1m30s\"）",
		"language %q: want en or zh (or empty for the locale)":                        "language %q：应为 en 或 zh（留空则跟随系统区域设置）",
		"mirror %q: an id cannot contain spaces, ',' or '|'":                          "镜像 %q：id 不能包含空格、',' 或 '|'",
		"mirror %q: direct and off are GOPROXY keywords":                              "镜像 %q：direct 和 off 是 GOPROXY 关键字",
		"mirror %q: duplicate id":                                                     "镜像 %q：id 重复",
		"mirror %q: the id is taken by the built-in mirror %q; choose another":        "镜像 %q：该 id 已被内置镜像 %q 使用，请另选一个",
		"mirror %q: url %q is a GOPROXY keyword, not a URL":                           "镜像 %q：url %q 是 GOPROXY 关键字，不是 URL",
		"mirror %q: url %s: %w":                                                       "镜像 %q：url %s：%w",
		"mirror %q: url is missing":                                                   "镜像 %q：缺少 url",
		"mirror %q: weight %v: want a number > 0":                                     "镜像 %q：权重 %v：应为大于 0 的数",
		"mirror %q: weight set both in its [[mirror]] and in [weights]":               "镜像 %q：权重在 [[mirror]] 和 [weights] 中重复设置",
		"probe.%s %d: want at least 1":                                                "probe.%s %d：至少应为 1",
		"probe.%s %v: want a duration > 0":                                            "probe.%s %v：应为大于 0 的时长",
		"probe.canary %q: %v":                                                         "probe.canary %q：%v",
		"probe.canary %q: want module@version, e.g. %q":                               "probe.canary %q：应为 模块@版本，例如 %q",
		"probe.degraded_loss %v: want a fraction from 0 to 1":                         "probe.degraded_loss %v：应为 0 到 1 之间的比例",
		"probe.history %d: want at most 100000":                                       "probe.history %d：最多为 100000",
		"probe.interval %v: want at least 100ms, to stay polite to mirrors":           "probe.interval %v：至少应为 100ms，以免给镜像造成负担",
		"profile %q sets nothing: give goproxy, gosumdb or goprivate":                 "配置方案 %q 没有设置任何值：请给出 goproxy、gosumdb 或 goprivate",
		"profile %q: %s cannot contain a newline or NUL (go env -w refuses it)":       "配置方案 %q：%s 不能包含换行或 NUL（go env -w 会拒绝）",
		"profile %q: a name cannot be empty or contain spaces":                        "配置方案 %q：名称不能为空或包含空格",
		"reading config: %w":                                                          "读取配置：%w",
		"saving config: %w":                                                           "保存配置：%w",
		"saving config: keeping a backup: %w":                                         "保存配置：保留备份：%w",
		"unknown key %q":                                                              "未知的键 %q",
		"%s (a key with dots makes nested tables: quote it, e.g. \"goproxy.cn\" = 2)": "%s（带点的键会被解析为嵌套表：请加引号，例如 \"goproxy.cn\" = 2）",
		"unknown table [%s]":                                                          "未知的表 [%s]",
	})
}
