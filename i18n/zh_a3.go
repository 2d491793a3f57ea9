package i18n

// Chinese for helper A's strings of round 3 (issue 11): doctor's check of
// a relay named in GOPROXY, and recommend's relay proposal.
func init() {
	register(map[string]string{
		// doctor: a relay in GOPROXY (advisor/relay.go).
		"%s is a goproxytui relay serving from %s":                                                   "%s 是 goproxytui 中继，上游为 %s",
		"%s is a goproxytui relay with no upstream mirror":                                           "%s 是 goproxytui 中继，但没有上游镜像",
		"%s (pool %d, weight %g, %s)":                                                                "%s（池 %d，权重 %g，%s）",
		"while it is down, go gets connection refused at once and the | after it moves on to %s: %s": "它停止运行时，go 会立即得到 connection refused，并经它后面的 | 转到 %s：%s",
		"while it is down, go gets connection refused and the , after it stops the lookup there (go moves on only after a 404/410): every module download fails until it is back":           "它停止运行时，go 得到 connection refused，它后面的 , 使查找在此停止（go 只在 404/410 之后才继续）：在它恢复之前，每次模块下载都会失败",
		"it is the last entry: while it is down, go gets connection refused and every module download fails until it is back":                                                               "它是最后一个条目：它停止运行时，go 得到 connection refused，在它恢复之前每次模块下载都会失败",
		"%s; with | after it go falls through to the mirrors after it, as goproxytui relay --apply writes it ('relay|old chain')":                                                           "%s；在它后面用 |，go 就会转到它后面的镜像，goproxytui relay --apply 正是这样写的（'relay|旧链'）",
		"the relay %s reports every upstream down (%s): it answers 502 at once":                                                                                                             "中继 %s 报告所有上游都已宕机（%s）：它会立即回答 502",
		"go takes the 502 for an error and the | after the relay moves on to %s":                                                                                                            "go 把 502 当作错误，中继后面的 | 使它转到 %s",
		"go takes the 502 for an error, and the , after the relay stops the lookup there: every module download fails until an upstream recovers":                                           "go 把 502 当作错误，中继后面的 , 使查找在此停止：在某个上游恢复之前，每次模块下载都会失败",
		"it is the last entry: go reports the relay's 502 for every module download until an upstream recovers":                                                                             "它是最后一个条目：在某个上游恢复之前，go 对每次模块下载都报告中继的 502",
		"nothing answers at %s (connection refused), the address goproxytui relay listens on: if it is your relay, it is not running":                                                       "%s 没有应答（connection refused），这是 goproxytui relay 监听的地址：如果这是你的中继，它没有在运行",
		"while it is down, go falls through the | after it at once; start it with goproxytui relay, or at every login with goproxytui relay --service systemd (or launchd, see README)":     "它停止运行时，go 会经它后面的 | 立即跳过它；用 goproxytui relay 启动它，或用 goproxytui relay --service systemd（或 launchd，见 README）在每次登录时启动",
		"while it is down, every module download that reaches it fails; start it with goproxytui relay, or at every login with goproxytui relay --service systemd (or launchd, see README)": "它停止运行时，每次到达它的模块下载都会失败；用 goproxytui relay 启动它，或用 goproxytui relay --service systemd（或 launchd，见 README）在每次登录时启动",
		// recommend: the relay proposal (advisor/recommend_relay.go).
		"%s stalled in %d of %d probes and answered the others (p50 %d ms)": "%s 在 %d/%d 次探测中卡住，其余都有应答（p50 %d 毫秒）",
		"%s: no chain of mirrors is safe without it — the go command has no timeout and hangs on a stall, even with | after it; goproxytui relay can use it: it gives up on a mirror that does not answer, hedges slow requests and fails over to the next":                                                                                                                                                              "%s：没有它就没有安全的镜像链——go 命令没有超时，遇到卡住会一直挂起，即使它后面是 |；goproxytui relay 可以使用它：它会放弃不应答的镜像，对慢请求做对冲，并故障转移到下一个",
		"%s, faster than %s, the chain's first mirror, but a chain cannot hold it — the go command has no timeout and hangs on a stall, even with | after it; goproxytui relay can use it: it gives up on a mirror that does not answer, hedges slow requests and fails over to the next. Apply the chain first (%s), so that while the relay is down go gets connection refused and falls through to it":                "%s，比链中第一个镜像 %s 更快，但链中不能放它——go 命令没有超时，遇到卡住会一直挂起，即使它后面是 |；goproxytui relay 可以使用它：它会放弃不应答的镜像，对慢请求做对冲，并故障转移到下一个。请先应用这条链（%s），这样中继停止运行时 go 得到 connection refused，会转到这条链",
		"%s, faster than %s, the chain's first mirror, but a chain cannot hold it — the go command has no timeout and hangs on a stall, even with | after it; goproxytui relay can use it: it gives up on a mirror that does not answer, hedges slow requests and fails over to the next. Apply the chain first (recommend --apply), so that while the relay is down go gets connection refused and falls through to it": "%s，比链中第一个镜像 %s 更快，但链中不能放它——go 命令没有超时，遇到卡住会一直挂起，即使它后面是 |；goproxytui relay 可以使用它：它会放弃不应答的镜像，对慢请求做对冲，并故障转移到下一个。请先应用这条链（recommend --apply），这样中继停止运行时 go 得到 connection refused，会转到这条链",
		"GOPROXY already goes through the goproxytui relay at %s, which times out, hedges and fails over: no relay proposed":            "GOPROXY 已经经过 %s 的 goproxytui 中继，它有超时、对冲和故障转移：不再建议中继",
		"the goproxytui relay at %s stays in front, with | after it: go keeps using it and falls through to the chain while it is down": "%s 的 goproxytui 中继保留在最前面，后接 |：go 继续使用它，它停止时会转到后面的链",
		// cli/recommend.go: the relay proposal's lines.
		"Relay: %s":                       "中继：%s",
		"Relay: goproxytui relay over %s": "中继：以 %s 为上游的 goproxytui relay",
		"  why: %s":                       "  原因：%s",
	})
}
