package i18n

// Messages of package metrics (the exporter's /probe errors and index
// page) and of the `goproxytui exporter` command.
func init() {
	register(map[string]string{
		"the target parameter is missing: /probe?target=MIRROR (a catalog id or a URL)":           "缺少 target 参数：/probe?target=镜像（目录中的 id 或 URL）",
		"bad X-Prometheus-Scrape-Timeout-Seconds %q: want a positive number of seconds":           "X-Prometheus-Scrape-Timeout-Seconds 的值 %q 无效：应为正的秒数",
		"every mirror's latest probe, health, loss and latency, and the relay's traffic":          "每个镜像最近一次探测、健康状态、丢失率和延迟，以及中继的流量",
		"one probe now of a mirror (a catalog id or a URL), for Prometheus' multi-target pattern": "立即探测一个镜像（目录中的 id 或 URL），用于 Prometheus 的多目标模式",
		"Mirrors probed:": "探测的镜像：",
	})
}
