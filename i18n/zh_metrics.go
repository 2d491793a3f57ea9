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
		// goproxytui exporter.
		"probe mirrors continuously and serve Prometheus metrics": "持续探测镜像并提供 Prometheus 指标",
		"Probes the mirrors (default: every catalog and config mirror not hidden) with the scheduler, failure classes and health of the TUI, headless, and serves /metrics (blackbox_exporter's probe_* names plus goproxytui_*), /probe?target=MIRROR (one probe on demand, for Prometheus' multi-target pattern) and an index page at /. The first line on stdout is the URL it serves. It listens on loopback unless --listen names another address. SIGINT or SIGTERM stop it cleanly.": "在后台以与 TUI 相同的调度、失败分类和健康状态探测镜像（默认：目录和配置中所有未隐藏的镜像），并提供 /metrics（blackbox_exporter 的 probe_* 指标名加上 goproxytui_*）、/probe?target=镜像（按需探测一次，用于 Prometheus 的多目标模式）以及位于 / 的索引页。标准输出的第一行是它提供服务的 URL。除非 --listen 指定其他地址，它只监听回环地址。SIGINT 或 SIGTERM 会让它干净地停止。",
		"exporter: --listen %q: want HOST:PORT, e.g. 127.0.0.1:%d": "exporter：--listen %q：应为 主机:端口，例如 127.0.0.1:%d",
		"goproxytui: exporter: %v":                                 "goproxytui：exporter：%v",
		"warning: the exporter listens on %s, not only on loopback: other machines can read the metrics and make it probe any URL through /probe": "警告：exporter 监听在 %s，而不只是回环地址：其他机器可以读取指标，并能通过 /probe 让它探测任意 URL",
		"exporter: serving %s/metrics and %s/probe?target=MIRROR for %d mirrors":                                                                  "exporter：提供 %s/metrics 和 %s/probe?target=镜像，共 %d 个镜像",
		"exporter: stopped": "exporter：已停止",
	})
}
