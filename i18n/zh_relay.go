package i18n

// Messages of package relay, the [relay] config section and the
// `goproxytui relay` command.
func init() {
	register(map[string]string{
		"relay: --listen: %w": "relay：--listen：%w",
		// [relay] config section.
		"relay pool member %q: weight %v: want a number > 0":                                    "relay 池成员 %q：权重 %v：应为大于 0 的数",
		"relay pool member %q: the mirror id is missing":                                        "relay 池成员 %q：缺少镜像 id",
		"relay.pools: pool %d is empty":                                                         "relay.pools：第 %d 个池是空的",
		"relay.pools: mirror %q is in two pools":                                                "relay.pools：镜像 %q 出现在两个池中",
		"hedge: %w; or auto, off":                                                               "hedge：%w；或 auto、off",
		"a fixed hedge delay must be > 0":                                                       "固定的对冲延迟必须大于 0",
		"the relay needs at least one upstream mirror":                                          "中继至少需要一个上游镜像",
		"upstream %s: refusing to pass credentials to insecure URL":                             "上游 %s：拒绝向不安全的 URL 传递凭据",
		"upstream %s: the relay forwards to http:// and https:// URLs only":                     "上游 %s：中继只转发到 http:// 和 https:// URL",
		"the chain %q has no proxy the relay can forward to (direct and off are not upstreams)": "链 %q 中没有中继可以转发的代理（direct 和 off 不是上游）",
		// The relay command.
		"run a local GOPROXY that fails over, hedges and never hangs": "运行一个本地 GOPROXY：自动故障转移、对冲请求、从不挂起",
		"Serves the Go module proxy protocol and the checksum database on loopback, forwarding to the mirrors of the effective GOPROXY (or --chain/--profile): in priority order with the pools of the [relay] config, failing over on every error, hedging slow requests, never handing go a broken file, answering 502 at once when every mirror fails. The first line on stdout is the relay's URL. --apply puts it in front of GOPROXY ('relay|old chain'; undo with 'goproxytui undo'). SIGINT or SIGTERM stop it cleanly.": "在回环地址上提供 Go 模块代理协议和校验和数据库，转发到生效的 GOPROXY（或 --chain/--profile）中的镜像：按优先级并使用 [relay] 配置中的池，遇到任何错误都会转移到下一个镜像，对慢请求进行对冲，绝不把损坏的文件交给 go，所有镜像都失败时立即返回 502。标准输出的第一行是中继的 URL。--apply 把它放到 GOPROXY 的最前面（'中继|原来的链'；用 'goproxytui undo' 撤销）。SIGINT 或 SIGTERM 会让它干净地停止。",
		"Exit status: 0 stopped cleanly, 1 failed, 2 invalid input.":                                                                                                   "退出状态：0 正常停止，1 失败，2 输入无效。",
		"address to listen on (default 127.0.0.1:%d; 127.0.0.1:0 picks a free port)":                                                                                   "监听地址（默认 127.0.0.1:%d；127.0.0.1:0 选择一个空闲端口）",
		"upstream mirrors as a GOPROXY chain of catalog ids or URLs (default: the effective GOPROXY)":                                                                  "上游镜像，写成由目录 id 或 URL 组成的 GOPROXY 链（默认：生效的 GOPROXY）",
		"take the upstreams (and GOSUMDB) from a profile of the config file":                                                                                           "从配置文件的某个 profile 中取上游（以及 GOSUMDB）",
		"hedge delay: auto (the mirror's recent p95 time to first byte), off, or a duration such as 300ms":                                                             "对冲延迟：auto（该镜像最近首字节时间的 p95）、off，或一个时长，例如 300ms",
		"write one JSON line per request to FILE, or - for stdout":                                                                                                     "每个请求写一行 JSON 到 FILE，- 表示标准输出",
		"set GOPROXY to 'relay|the chain it replaces' through go env -w (undo: goproxytui undo)":                                                                       "通过 go env -w 把 GOPROXY 设为 '中继|被替换的链'（撤销：goproxytui undo）",
		"print a systemd user unit or a launchd plist that starts this relay at login, and exit":                                                                       "打印一个在登录时启动此中继的 systemd 用户单元或 launchd plist，然后退出",
		"relay: give --chain or --profile, not both":                                                                                                                   "relay：请给出 --chain 或 --profile，不要同时给出",
		"relay: profile %q has no goproxy":                                                                                                                             "relay：profile %q 没有 goproxy",
		"relay: the config's listen address %s is not loopback: give it explicitly with --listen":                                                                      "relay：配置中的监听地址 %s 不是回环地址：请用 --listen 明确给出",
		"warning: the relay listens on %s, not only on loopback: other machines can use it (it serves only the Go module proxy protocol, from its configured mirrors)": "警告：中继监听在 %s，不只是回环地址：其他机器也能使用它（它只从配置的镜像提供 Go 模块代理协议）",
		"goproxytui: relay: %v":        "goproxytui：relay：%v",
		"relay: serving on %s from %s": "relay：在 %s 上提供服务，上游为 %s",
		"relay: stopped after %d requests (%d served, %d failovers, %d hedges, %d errors)":                                            "relay：已停止，共 %d 个请求（%d 个成功，%d 次故障转移，%d 次对冲，%d 个错误）",
		"while the relay is down go gets 'connection refused' at once and, after '|', uses the old chain; undo with: goproxytui undo": "中继停止时，go 会立即得到 'connection refused'，并在 '|' 之后使用原来的链；撤销：goproxytui undo",
		// Answers of the relay (text/plain bodies the go command shows).
		"goproxytui relay: only GET and HEAD are served":                                                       "goproxytui 中继：只处理 GET 和 HEAD 请求",
		"goproxytui relay: not a Go module proxy or checksum database path":                                    "goproxytui 中继：不是 Go 模块代理或校验和数据库的路径",
		"goproxytui relay: %s matches GONOSUMDB/GOPRIVATE: its checksum is not looked up in a public database": "goproxytui 中继：%s 匹配 GONOSUMDB/GOPRIVATE：不会在公共数据库中查询它的校验和",
		"goproxytui relay: no route to the checksum database %s":                                               "goproxytui 中继：没有通往校验和数据库 %s 的路由",
		"goproxytui relay: %s matches GONOPROXY/GOPRIVATE and no private upstream is configured (mark one with private = true in [[mirror]]): it is never sent to a public mirror": "goproxytui 中继：%s 匹配 GONOPROXY/GOPRIVATE，且没有配置私有上游（在 [[mirror]] 中用 private = true 标记一个）：它绝不会被发往公共镜像",
		"goproxytui relay: no upstream for %s":            "goproxytui 中继：%s 没有上游",
		"goproxytui relay: not found on any mirror (%s)":  "goproxytui 中继：所有镜像上都找不到（%s）",
		"goproxytui relay: no mirror could serve %s (%s)": "goproxytui 中继：没有镜像能提供 %s（%s）",
		"--service %q: want systemd or launchd":           "--service %q：应为 systemd 或 launchd",
		"... and %d more":                                 "……还有 %d 个",
		"the relay answered %s with %d":                   "中继对 %s 的回答是 %d",
		"the relay's %s is not a relay status":            "中继的 %s 不是中继状态",
		// Breaker, module cache fallback and spool of the relay.
		"(down)":                          "（已宕机）",
		"down, last failure %s: %s":       "已宕机，最近一次失败 %s：%s",
		"the relay's spool directory: %w": "中继的暂存目录：%w",
		"never serve from this machine's module cache, even when every mirror fails":       "即使所有镜像都失败，也不从本机的模块缓存提供文件",
		"%d wrong files refused · %d served from this machine's module cache (%d partial)": "拒绝了 %d 个错误文件 · %d 个由本机模块缓存提供（%d 个不完整）",
		"from cache": "来自缓存",
		"partial":    "不完整",
	})
}
