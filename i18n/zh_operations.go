package i18n

// Messages of the per-operation verdicts: the version query check of a
// probe (package probe), its simulation (package mirrors), and the query
// verdict, its caveats and the composed fixes (package advisor).
func init() {
	register(map[string]string{
		// The probe's version query check.
		"@v/list: no answer before the timeout: the go command, which has no timeout, would wait for it forever": "@v/list：超时前没有响应：go 命令没有超时，会一直等下去",
		"@v/list lacks %s, which the mirror serves: its list lags, and go would answer an older version":         "@v/list 缺少该镜像提供的 %s：它的版本列表滞后，go 会给出较旧的版本",
		"@latest: no answer before the timeout": "@latest：超时前没有响应",
		"@latest: no answer: %s":                "@latest：没有响应：%s",

		// The simulated version query.
		"%s answers the version query: it is the first entry":                                      "%s 响应版本查询：它是第一项",
		"%s answers the version query: every entry before it failed in a way that lets go move on": "%s 响应版本查询：它之前的每一项都以允许 go 继续的方式失败了",

		// The query verdict.
		"version queries (go get …@latest, go list -m -versions): go would use %s now":                                                                    "版本查询（go get …@latest、go list -m -versions）：go 现在会使用 %s",
		"go get …@latest and go list -m -versions would fail now: %s":                                                                                     "go get …@latest 和 go list -m -versions 现在会失败：%s",
		"go get …@latest and go list -m -versions would hang now: %s":                                                                                     "go get …@latest 和 go list -m -versions 现在会挂起：%s",
		"version queries (go get …@latest, go list -m -versions) would fall back to direct now (the origin's version control; not measured)":              "版本查询（go get …@latest、go list -m -versions）现在会回退到 direct（源站的版本控制；未测量）",
		"what go would do with a version query (go get …@latest, go list -m -versions) cannot be said yet: %s was not measured":                           "还无法判断 go 会如何处理版本查询（go get …@latest、go list -m -versions）：%s 尚未测量",
		"%s serves pinned downloads (a complete go.mod), but go get …@latest and go list -m -versions fail through it (%s)":                               "%s 能提供固定版本的下载（go.mod 完整时），但经它执行 go get …@latest 和 go list -m -versions 会失败（%s）",
		"go get …@latest and go list -m -versions fail through it (%s)":                                                                                   "经它执行 go get …@latest 和 go list -m -versions 会失败（%s）",
		"go get …@latest and go list -m -versions hang through it (%s)":                                                                                   "经它执行 go get …@latest 和 go list -m -versions 会挂起（%s）",
		"go get …@latest and go list -m -versions fail through %s (%s)":                                                                                   "经 %s 执行 go get …@latest 和 go list -m -versions 会失败（%s）",
		"the mirrors before direct do not answer version queries: %s":                                                                                     "direct 之前的镜像不响应版本查询：%s",
		"%s's @v/list lags (it lacks a version it serves): go get …@latest would silently answer an older version":                                        "%s 的 @v/list 滞后（缺少它能提供的版本）：go get …@latest 会悄悄给出较旧的版本",
		"after the list, go asks the chosen version's .info and .mod (the retraction check), and that walk does not succeed: %s":                          "列表之后，go 会请求所选版本的 .info 和 .mod（撤回检查），而这一步不会成功：%s",
		"go get …@latest and go list -m -versions would hang now: after the list, go asks the chosen version's .info and .mod (the retraction check): %s": "go get …@latest 和 go list -m -versions 现在会挂起：列表之后，go 会请求所选版本的 .info 和 .mod（撤回检查）：%s",
		"%d on @v/list":         "@v/list 返回 %d",
		"%d on @latest":         "@latest 返回 %d",
		"@v/list never answers": "@v/list 从不响应",
		"@latest never answers": "@latest 从不响应",
		"no answer to @v/list":  "@v/list 没有响应",
		"no answer to @latest":  "@latest 没有响应",
		"a broken @latest":      "@latest 的响应已损坏",
		"it never answers":      "它从不响应",
		"not probed":            "未探测",

		// Fixes that compose.
		"%s; the checksum database is unreachable too, and the fix covers both: a chain alone would still fail every download missing from go.sum": "%s；校验和数据库也无法访问，此修复同时处理两者：只改代理链，go.sum 中没有的下载仍会全部失败",
	})
}
