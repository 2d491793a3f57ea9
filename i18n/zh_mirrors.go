package i18n

// Messages of package mirrors: the catalog, the user config (reading,
// checking, editing), GOPROXY parsing, the simulation of what the go command
// does, GOSUMDB routes and pattern lists.
// The go command's own error texts are translated here too; the English
// message keeps go's exact words.
func init() {
	register(map[string]string{
		// The gate: one check per kind of value.
		"%q holds the control character %U, which a terminal would act on: type the value again without it":                                                                                 "%q 含有控制字符 %U，终端会执行它：请去掉它后重新输入",
		"GOPROXY entry %d %q names a port but no host: the go command would send the requests to this machine; write the host out (https://localhost:PORT if that is meant)":                "GOPROXY 第 %d 项 %q 只有端口没有主机：go 命令会把请求发往本机；请写出主机名（若确是本机，请写 https://localhost:端口）",
		"listen address %q: empty: give HOST:PORT, e.g. 127.0.0.1:%d":                                                                                                                       "监听地址 %q：为空：请给出 主机:端口，例如 127.0.0.1:%d",
		"listen address %q: want HOST:PORT, e.g. 127.0.0.1:%d":                                                                                                                              "监听地址 %q：应为 主机:端口，例如 127.0.0.1:%d",
		"listen address %q: port %q: want a number from 0 to 65535":                                                                                                                         "监听地址 %q：端口 %q：应为 0 到 65535 之间的数",
		"pattern %q holds a user name or credentials: patterns are module path prefixes like corp.example.com/*, so it matches nothing (and would write the password into the go env file)": "模式 %q 含有用户名或凭据：模式是 corp.example.com/* 这样的模块路径前缀，所以它匹配不到任何模块（还会把密码写进 go env 文件）",
		"pattern %q has ':': module paths never do (no port, no git@host:path), so it matches nothing":                                                                                      "模式 %q 含有 ':'：模块路径从不含 ':'（没有端口，也没有 git@主机:路径 这种写法），所以它匹配不到任何模块",
		"relay.listen: %w": "relay.listen：%w",
		"relay.pools: %w":  "relay.pools：%w",
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

		// mirrors/suggest.go
		"unknown mirror %q — did you mean %s?":                   "未知镜像 %q —— 你是不是想输入 %s？",
		"unknown mirror %q (`goproxytui mirrors` lists the ids)": "未知镜像 %q（`goproxytui mirrors` 会列出所有 id）",

		// config/configedit.go
		"mirror %q is already in %s (line %d); remove it first or choose another id":                 "镜像 %q 已在 %s 中（第 %d 行）；请先删除它或换一个 id",
		"mirror %q is already in %s; remove it first or choose another id":                           "镜像 %q 已在 %s 中；请先删除它或换一个 id",
		"%s writes its mirrors as an inline array (mirror = [...]): add the mirror there by hand":    "%s 以内联数组（mirror = [...]）写镜像：请手动在那里添加",
		"%s writes its mirrors as an inline array (mirror = [...]): remove the mirror there by hand": "%s 以内联数组（mirror = [...]）写镜像：请手动在那里删除",
		"%q is a built-in mirror: built-ins cannot be removed, only hidden (hidden = [%q] in %s)":    "%q 是内置镜像：内置镜像不能删除，只能隐藏（hidden = [%q]，写在 %s 中）",
		"%s has no mirror %q — did you mean %s?":                                                     "%s 中没有镜像 %q —— 你是不是想输入 %s？",
		"%s has no mirror %q (it has no [[mirror]] at all)":                                          "%s 中没有镜像 %q（其中没有任何 [[mirror]]）",
		"%s has no mirror %q (its mirrors: %s)":                                                      "%s 中没有镜像 %q（其中的镜像：%s）",
		"cannot remove mirror %q, the config still names it: %w":                                     "无法删除镜像 %q，配置中仍用到它：%w",
		"editing config: %w": "编辑配置：%w",
		"editing config: the edited file would not load, nothing written: %w":                      "编辑配置：编辑后的文件无法加载，未写入任何内容：%w",
		"editing config: the edited file would not decode to the intended config, nothing written": "编辑配置：编辑后的文件解码结果与预期不符，未写入任何内容",
		"editing config: %s keeps changing while being edited; try again":                          "编辑配置：%s 在编辑期间不断被修改；请重试",
		"not valid UTF-8": "不是有效的 UTF-8",

		// mirrors: CheckChainInput
		"GOPROXY entry %d %q comes after %s: the go command never reaches it (remove it, or write it anyway with --force)":                                                                        "GOPROXY 第 %d 项 %q 位于 %s 之后：go 命令永远不会用到它（请删除它，或用 --force 照样写入）",
		"GOPROXY entry %d %q is not a catalog mirror: did you mean %s? (to use that host anyway, write the URL out: https://%s)":                                                                  "GOPROXY 第 %d 项 %q 不是目录中的镜像：您是想用 %s 吗？（若确实要用该主机，请写出完整 URL：https://%s）",
		"GOPROXY entry %d %q: the go command never sends a request to it (%s): use https:// (or write it anyway with --force)":                                                                    "GOPROXY 第 %d 项 %q：go 命令永远不会向它发送请求（%s）：请改用 https://（或用 --force 照样写入）",
		"GOPROXY entry %d %q: the go command never sends a request to it (%s): add the host (or write it anyway with --force)":                                                                    "GOPROXY 第 %d 项 %q：go 命令永远不会向它发送请求（%s）：请补上主机名（或用 --force 照样写入）",
		"an empty GOPROXY is not a reset: every go command would fail (%s). For the go command's default, type: goproxytui use %s; to restore the value before your last change: goproxytui undo": "空的 GOPROXY 并不是重置：所有 go 命令都会失败（%s）。要使用 go 命令的默认值，请输入：goproxytui use %s；要恢复上次修改前的值：goproxytui undo",

		// mirrors: PatternConfirmation
		"%w; %w": "%w；%w",
		"%s: %w": "%s：%w",

		// mirrors: config checks
		"reading config: %s is larger than %d KiB, the most goproxytui reads; is it the right file?":                                                        "读取配置失败：%s 超过 %d KiB，这是 goproxytui 读取的上限；文件是否选对了？",
		"reading config: %s is not a regular file (%v)":                                                                                                     "读取配置失败：%s 不是普通文件（%v）",
		"theme %q: unknown — did you mean %s? (themes: %s)":                                                                                                 "主题 %q：未知——您是想用 %s 吗？（可用主题：%s）",
		"theme %q: unknown (themes: %s; empty for automatic)":                                                                                               "主题 %q：未知（可用主题：%s；留空则自动选择）",
		"the file starts with a UTF-16 byte order mark: save it as UTF-8":                                                                                   "文件以 UTF-16 字节顺序标记开头：请另存为 UTF-8",
		"mirror %q: url %s contains %q: GOPROXY splits its entries at ',' and '|', so the chain would read this URL as two entries (percent-encode it: %s)": "镜像 %q：url %s 含有 %q：GOPROXY 在 ',' 和 '|' 处拆分条目，链会把这个 URL 读成两个条目（请改用百分号编码：%s）",

		// mirrors: SumDBURLWarning
		"GOSUMDB URL %q: the go command accepts the value but cannot reach the checksum database there (%w), so every download of a module not in go.sum fails": "GOSUMDB URL %q：go 命令接受这个值，但无法在该处访问校验和数据库（%w），因此每次下载 go.sum 中没有的模块都会失败",
		"it has no host":                                             "缺少主机名",
		"it has no scheme: write https://":                           "缺少协议：请写上 https://",
		"the go command fetches it only over https, http or file":    "go 命令只通过 https、http 或 file 获取它",
		"the go command refuses to send credentials over plain http": "go 命令拒绝通过明文 http 发送凭据",

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

		// config/config.go
		"%s: want a duration string such as \"5s\"": "%s：应为时长字符串，例如 \"5s\"",
		"%w (and %d more unknown keys)":             "%w（另有 %d 个未知键）",
		"%w (known here: %s)":                       "%w（此处可用的键：%s）",
		"[[mirror]] number %d: id is missing":       "第 %d 个 [[mirror]]：缺少 id",
		"[weights]: unknown mirror %q":              "[weights]：未知镜像 %q",
		"finding the config directory: %w":          "查找配置目录：%w",
		"hidden: unknown mirror %q":                 "hidden：未知镜像 %q",
		"invalid duration %q: want a time greater than zero, such as \"5s\" or \"1m30s\"": "无效的时长 %q：应为大于 0 的时长，例如 \"5s\" 或 \"1m30s\"",
		"language %q: want en or zh (or empty for the locale)":                            "language %q：应为 en 或 zh（留空则跟随系统区域设置）",
		"mirror %q: an id cannot contain spaces, ',' or '|'":                              "镜像 %q：id 不能包含空格、',' 或 '|'",
		"mirror %q: direct and off are GOPROXY keywords":                                  "镜像 %q：direct 和 off 是 GOPROXY 关键字",
		"mirror %q: duplicate id":                                                         "镜像 %q：id 重复",
		"mirror %q: the id is taken by the built-in mirror %q; choose another":            "镜像 %q：该 id 已被内置镜像 %q 使用，请另选一个",
		"mirror %q: url %q is a GOPROXY keyword, not a URL":                               "镜像 %q：url %q 是 GOPROXY 关键字，不是 URL",
		"mirror %q: url %s: %w":                                                           "镜像 %q：url %s：%w",
		"mirror %q: url %s: port %s: want a number from 1 to 65535":                       "镜像 %q：url %s：端口 %s：应为 1 到 65535 之间的数字",
		"mirror %q: url is missing":                                                       "镜像 %q：缺少 url",
		"mirror %q: weight %v: want a number > 0":                                         "镜像 %q：权重 %v：应为大于 0 的数",
		"mirror %q: weight set both in its [[mirror]] and in [weights]":                   "镜像 %q：权重在 [[mirror]] 和 [weights] 中重复设置",
		"probe.%s %d: want at least 1":                                                    "probe.%s %d：至少应为 1",
		"probe.canary %q: %v":                                                             "probe.canary %q：%v",
		"probe.canary %q: want module@version, e.g. %q":                                   "probe.canary %q：应为 模块@版本，例如 %q",
		"probe.degraded_loss %v: want a fraction from 0 to 1":                             "probe.degraded_loss %v：应为 0 到 1 之间的比例",
		"probe.history %d: want at most 100000":                                           "probe.history %d：最多为 100000",
		"probe.interval %v: want at least 100ms, to stay polite to mirrors":               "probe.interval %v：至少应为 100ms，以免给镜像造成负担",
		"profile %q sets nothing: give goproxy, gosumdb or goprivate":                     "配置方案 %q 没有设置任何值：请给出 goproxy、gosumdb 或 goprivate",
		"profile %q: %s cannot contain a newline or NUL (go env -w refuses it)":           "配置方案 %q：%s 不能包含换行或 NUL（go env -w 会拒绝）",
		"profile %q: a name cannot be empty or contain spaces":                            "配置方案 %q：名称不能为空或包含空格",
		"reading config: %w":                                                              "读取配置：%w",
		"saving config: %w":                                                               "保存配置：%w",
		"saving config: keeping a backup: %w":                                             "保存配置：保留备份：%w",
		"unknown key %q":                                                                  "未知的键 %q",
		"%s (a key with dots makes nested tables: quote it, e.g. \"goproxy.cn\" = 2)":     "%s（带点的键会被解析为嵌套表：请加引号，例如 \"goproxy.cn\" = 2）",
		"profile %q: %s: %s":                                                              "配置方案 %q：%s：%s",
		"unknown table [%s]":                                                              "未知的表 [%s]",

		// config/config.go
		// cli/mirrors.go
		"ID":      "ID",
		"builtin": "内置",
		"config":  "配置文件",

		// Per-file simulation (package mirrors).
		"go falls back to direct: it fetches the module from its origin with git (or another version control tool)":                                                                  "go 回退到 direct：用 git（或其他版本控制工具）从源站获取模块",
		"the download fails at %s: it answers 200 with a broken %s, and go takes any 200 for a .mod or .zip as final, whatever the separator":                                        "下载在 %s 失败：它以 200 返回了损坏的 %s，而 go 把 .mod 或 .zip 的任何 200 都当作最终结果，与分隔符无关",
		"the checksum database is unavailable: %s answers 200 to /sumdb/%s/supported, so go sends all database traffic there, but its lookups fail, and go does not try another way": "校验和数据库不可用：%s 对 /sumdb/%s/supported 返回 200，于是 go 把所有数据库请求都发给它，但它的查询失败，go 也不会另寻途径",

		// The probe's checksum database check (package probe).
		"the checksum database is unavailable: asking %s whether it proxies %s failed with an error that is not a 404/410, and the ',' after it stops the walk":                                                                      "校验和数据库不可用：询问 %s 是否代理 %s 时出错（不是 404/410），其后的 ',' 使 go 停止继续询问",
		"the checksum database is unavailable: asking %s, the last entry, whether it proxies %s failed with an error that is not a 404/410":                                                                                          "校验和数据库不可用：询问最后一项 %s 是否代理 %s 时出错（不是 404/410）",
		"the checksum database is unavailable: asking %s whether it proxies %s failed with an error that is not a 404/410; go moved on after the '|', but no later entry offers it, and that error outranks their not-found answers": "校验和数据库不可用：询问 %s 是否代理 %s 时出错（不是 404/410）；go 因 '|' 继续询问后面的项，但没有一项提供它，而该错误优先于它们的“未找到”回答",
	})
}
