package i18n

// Messages of the chain model (package mirrors): GOPROXY parsing, the
// simulation of what the go command does, GOSUMDB routes and pattern lists.
// The go command's own error texts are translated here too; the English
// message keeps go's exact words.
func init() {
	register(map[string]string{
		// GOPROXY parsing.
		"GOPROXY entry %d %q: %s": "GOPROXY 第 %d 项 %q：%s",
		"GOPROXY: %s":             "GOPROXY：%s",
		"GOPROXY list is not the empty string, but contains no entries":             "GOPROXY 列表不是空字符串，却不含任何条目",
		"invalid file:// proxy URL with non-path elements":                          "file:// 代理 URL 无效：含有路径以外的部分",
		"not a catalog mirror id, and not a URL (invalid proxy URL missing scheme)": "既不是目录中的镜像 id，也不是 URL（代理 URL 缺少协议）",

		// Simulation of a module lookup.
		"%s serves the request: it is the first entry":                                                                          "%s 响应请求：它是第一项",
		"%s serves the request: every entry before it failed in a way that lets go move on":                                     "%s 响应请求：它前面的每一项都失败了，且失败方式允许 go 继续尝试下一项",
		"%s never answers and go waits for it forever: the go command has no timeout for proxy requests, so no separator helps": "%s 始终不响应，go 会一直等待：go 命令对代理请求没有超时，任何分隔符都无济于事",
		"the lookup fails: go reports the error from direct (fetching from version control), which wins over any proxy's error": "查找失败：go 报告 direct（从版本控制系统获取）的错误，它优先于任何代理的错误",
		"the lookup fails: no proxy had the module and off ends the list, so go reports %q":                                     "查找失败：没有代理提供该模块，且 off 结束了列表，因此 go 报告 %q",
		"the lookup fails at %s: go never sends it a request (%q), and the ',' after it stops the lookup":                       "查找在 %s 失败：go 从不向它发送请求（%q），且其后的 ',' 使查找停止",
		"the lookup fails: go reports the error from %s, the last one that was not a 404/410: go never sends it a request (%q)": "查找失败：go 报告 %s 的错误（最后一个非 404/410 的错误）：go 从不向它发送请求（%q）",
		"the lookup fails at %s: its error is not a 404/410 and the ',' after it stops the lookup, so go reports that error":    "查找在 %s 失败：其错误不是 404/410，且其后的 ',' 使查找停止，因此 go 报告该错误",
		"the lookup fails: every entry failed, and go reports the error from %s, the last one that was not a 404/410":           "查找失败：所有条目都失败了，go 报告 %s 的错误（最后一个非 404/410 的错误）",
		"the lookup fails: no entry has the module, and go reports the last not-found (404/410), from %s":                       "查找失败：没有任何条目提供该模块，go 报告最后一个“未找到”（404/410），来自 %s",

		// GOSUMDB.
		"GOSUMDB %q: %w":                                         "GOSUMDB %q：%w",
		"missing GOSUMDB":                                        "缺少 GOSUMDB",
		"invalid GOSUMDB: too many fields":                       "GOSUMDB 无效：字段过多",
		"invalid GOSUMDB: %v":                                    "GOSUMDB 无效：%v",
		"invalid sumdb name (must be host[/path]): %s":           "校验和数据库名称无效（必须是 host[/path]）：%s",
		"invalid GOSUMDB URL: %v":                                "GOSUMDB URL 无效：%v",
		"GOSUMDB=off: go checks no checksums against a database": "GOSUMDB=off：go 不向任何校验和数据库核对校验和",
		"GOSUMDB names the database's URL, so go goes there directly and asks no proxy":          "GOSUMDB 指定了数据库的 URL，因此 go 直接访问它，不询问任何代理",
		"%s proxies the checksum database %s: all its traffic goes through that proxy":           "%s 代理校验和数据库 %s：所有校验和请求都经由该代理",
		"%s never answers whether it proxies the checksum database, and go waits for it forever": "%s 始终不回答它是否代理校验和数据库，go 会一直等待",
		"no proxy offers the checksum database %s, so go connects to %s directly":                "没有代理提供校验和数据库 %s，因此 go 直接连接 %s",

		// GOPRIVATE, GONOPROXY, GONOSUMDB patterns.
		"pattern %d %q: %w": "第 %d 个模式 %q：%w",
		"syntax error in pattern: the go command would never match it":                                                      "模式语法错误：go 命令永远不会匹配它",
		"pattern %q contains white space: the go command does not trim it, so the pattern matches nothing":                  "模式 %q 含有空白字符：go 命令不会去除空白，因此该模式匹配不到任何模块",
		"pattern %q has upper case letters: matching is case-sensitive, so it only matches module paths spelled exactly so": "模式 %q 含有大写字母：匹配区分大小写，只会匹配大小写完全一致的模块路径",
		"pattern %q has a URL scheme: patterns are module path prefixes like corp.example.com/*, so it matches nothing":     "模式 %q 带有 URL 协议：模式是模块路径前缀（例如 corp.example.com/*），因此它匹配不到任何模块",
	})
}
