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
	})
}
