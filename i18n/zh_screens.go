package i18n

// Messages of the terminal UI added for issue 13 (screens: safe switching,
// the pending chain, the pattern editors, layouts).
func init() {
	register(map[string]string{
		"checksum DB %s: UNAVAILABLE, %s fails and no entry after it offers the database": "校验和数据库 %s：不可用，%s 出错，之后也没有条目提供该数据库",
		"checksum DB %s: route not known yet: %s not probed":                              "校验和数据库 %s：路径尚不可知：%s 尚未探测",
		"checksum DB %s: UNAVAILABLE":                                                     "校验和数据库 %s：不可用",
		"checksum DB %s: directly at %s, which does not answer":                           "校验和数据库 %s：直接访问 %s，但它没有响应",
		"checksum DB %s: UNAVAILABLE, %s answers that it proxies it but its lookups fail": "校验和数据库 %s：不可用，%s 声称代理它但查询失败",
		"Probe feed": "探测动态",
		"%s is flapping: %d health changes since %s, now %s": "%s 状态反复变化：%d 次健康变化，始于 %s，现在 %s",
		"Chain":                       "代理链",
		"%s edited: press a to apply": "%s 已编辑：按 a 应用",
		"Keep %s with a pattern that matches no module path?":                                              "保留含有不匹配任何模块路径的模式的 %s？",
		"Edit GONOPROXY (module path globs fetched directly, not through GOPROXY; empty: GOPRIVATE's)":     "编辑 GONOPROXY（直接获取、不经 GOPROXY 的模块路径通配符；为空时用 GOPRIVATE 的值）",
		"Edit GONOSUMDB (module path globs not checked against the checksum database; empty: GOPRIVATE's)": "编辑 GONOSUMDB（不向校验和数据库核对的模块路径通配符；为空时用 GOPRIVATE 的值）",
		"edit GONOPROXY": "编辑 GONOPROXY",
		"edit GONOSUMDB": "编辑 GONOSUMDB",
		"chain ordered by ranking (health, latency, loss, weight); each separator stays after its mirror": "代理链已按排名排序（健康、延迟、丢失率、权重）；每个分隔符仍跟在它原来的镜像之后",
		"Switch to %s anyway?": "仍然切换到 %s？",
		"go does now: FAILS: the effective GOPROXY is invalid (%s)":    "go 现在：失败：当前生效的 GOPROXY 无效（%s）",
		"go does now: FAILS at %s":                                     "go 现在：在 %s 处失败",
		"go does now: fetches directly from version control (direct)":  "go 现在：直接从版本控制系统获取（direct）",
		"go does now: uses %s":                                         "go 现在：使用 %s",
		"go does now: HANGS on %s (it stalls)":                         "go 现在：卡在 %s（它不响应）",
		"left out, failing now: %s":                                    "已略去（当前故障）：%s",
		"no mirror has number %d":                                      "没有编号为 %d 的镜像",
		"no probe of %s arrived in %d rounds: diagnosed as not probed": "%s 在 %d 轮内没有探测结果：按未探测诊断",
		"not switched to %s: %s":                                       "未切换到 %s：%s",
		"switching to %s (left out, failing now: %s)…":                 "正在切换到 %s（已略去当前故障的：%s）…",
	})
}
