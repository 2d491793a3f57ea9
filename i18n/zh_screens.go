package i18n

// Messages of the terminal UI added for issue 13 (screens: safe switching,
// the pending chain, the pattern editors, layouts).
func init() {
	register(map[string]string{
		"Chain": "代理链",
		"FAIL: the effective GOPROXY is invalid (%s)": "失败：当前生效的 GOPROXY 无效（%s）",
		"Switch to %s anyway?":                        "仍然切换到 %s？",
		"go does now:":                                "go 现在：",
		"left out, failing now: %s":                   "已略去（当前故障）：%s",
		"no mirror has number %d":                     "没有编号为 %d 的镜像",
		"no probe of %s arrived in %d rounds: diagnosed as not probed": "%s 在 %d 轮内没有探测结果：按未探测诊断",
		"not switched to %s: %s":                       "未切换到 %s：%s",
		"switching to %s (left out, failing now: %s)…": "正在切换到 %s（已略去当前故障的：%s）…",
	})
}
