package i18n

// Messages of package metrics (the exporter's /probe errors and index
// page) and of the `goproxytui exporter` command.
func init() {
	register(map[string]string{
		"target %q is not a mirror of the catalog or the config, and this exporter probes only those (start it with --probe-any-target to probe any URL but files)": "目标 %q 不是目录或配置中的镜像，而此 exporter 只探测这些镜像（要探测文件以外的任意 URL，请用 --probe-any-target 启动）",
		"the target parameter is missing: /probe?target=MIRROR (a catalog id or a URL)":                                                                             "缺少 target 参数：/probe?target=镜像（目录中的 id 或 URL）",
		"bad X-Prometheus-Scrape-Timeout-Seconds %q: want a positive number of seconds":                                                                             "X-Prometheus-Scrape-Timeout-Seconds 的值 %q 无效：应为正的秒数",
		"every mirror's latest probe, health, loss and latency, and the relay's traffic":                                                                            "每个镜像最近一次探测、健康状态、丢失率和延迟，以及中继的流量",
		"one probe now of a mirror (a catalog id or a URL), for Prometheus' multi-target pattern":                                                                   "立即探测一个镜像（目录中的 id 或 URL），用于 Prometheus 的多目标模式",
		"Mirrors probed:": "探测的镜像：",
		// goproxytui probe: --watch, the table's new columns, classes for a person.
		"probe until interrupted, printing each result as it arrives (NDJSON with --json)": "持续探测直到被中断，每个结果一到就打印（加 --json 时每行一个 JSON 对象）",
		"With --watch it probes until interrupted and prints each result as it arrives: one JSON object a line with --json (the objects of --json's array), else a table updated in place on a terminal and one line per result otherwise.":                                                                                                                                                   "使用 --watch 时持续探测直到被中断，每个结果一到就打印：加 --json 时每行一个 JSON 对象（与 --json 数组中的对象相同），否则在终端上原地刷新表格，不在终端时每个结果一行。",
		"Exit status: 0 when at least one mirror is usable, 1 when none is, 2 on bad arguments; with --watch, 0 when stopped by SIGINT or SIGTERM.":                                                                                                                                                                                                                                           "退出码：至少一个镜像可用时为 0，都不可用时为 1，参数错误时为 2；使用 --watch 时，被 SIGINT 或 SIGTERM 停止为 0。",
		"Classes: ok; DNS failure; refused; timeout (connect); TLS error; timeout (TLS); stall (no answer: go would hang); not found (404/410: under ',' go tries the next proxy); client error (4xx); server error (5xx); bad answer (not the module's .info); reset (connection cut). --json gives the machine names (dns, connect_timeout, tls_timeout, stall, not_found, http_5xx, ...).": "分类：正常；DNS 解析失败；拒绝连接；超时（连接）；TLS 错误；超时（TLS）；停滞（无应答：go 会一直挂起）；未找到（404/410：在 ',' 之后 go 会尝试下一个代理）；客户端错误（4xx）；服务器错误（5xx）；错误的应答（不是模块的 .info）；重置（连接被切断）。--json 给出机器可读的名称（dns、connect_timeout、tls_timeout、stall、not_found、http_5xx 等）。",
		"--watch probes until interrupted: it takes no --count": "--watch 会一直探测直到被中断：不接受 --count",
		"--watch does not download zips: drop --deep":           "--watch 不下载 zip：请去掉 --deep",
		"TRANSFER":           "传输",
		"ok":                 "正常",
		"refused":            "拒绝连接",
		"timeout (connect)":  "超时（连接）",
		"TLS error":          "TLS 错误",
		"timeout (TLS)":      "超时（TLS）",
		"stall (no answer)":  "停滞（无应答）",
		"not found":          "未找到",
		"client error (4xx)": "客户端错误（4xx）",
		"server error (5xx)": "服务器错误（5xx）",
		"bad answer":         "错误的应答",
		"reset":              "连接重置",
		// [probe] concurrency, whose 0 is automatic.
		"probe.concurrency %d: want 0 (automatic: every mirror at once, at most 256) or 1 to %d": "probe.concurrency %d：应为 0（自动：所有镜像同时探测，最多 256 个）或 1 到 %d",
		// goproxytui exporter.
		"probe mirrors continuously and serve Prometheus metrics": "持续探测镜像并提供 Prometheus 指标",
		"Probes the mirrors (default: every catalog and config mirror not hidden) with the scheduler, failure classes and health of the TUI, headless, and serves /metrics (blackbox_exporter's probe_* names plus goproxytui_*), /probe?target=MIRROR (one probe on demand, for Prometheus' multi-target pattern) and an index page at /. The first line on stdout is the URL it serves. It listens on loopback unless --listen names another address. SIGINT or SIGTERM stop it cleanly.": "在后台以与 TUI 相同的调度、失败分类和健康状态探测镜像（默认：目录和配置中所有未隐藏的镜像），并提供 /metrics（blackbox_exporter 的 probe_* 指标名加上 goproxytui_*）、/probe?target=镜像（按需探测一次，用于 Prometheus 的多目标模式）以及位于 / 的索引页。标准输出的第一行是它提供服务的 URL。除非 --listen 指定其他地址，它只监听回环地址。SIGINT 或 SIGTERM 会让它干净地停止。",
		"exporter: --listen: %w": "exporter：--listen：%w",
		"warning: the exporter listens on %s, not only on loopback: other machines can read the metrics and probe its mirrors through /probe":                                                                                      "警告：exporter 监听在 %s，而不只是回环地址：其他机器可以读取指标，并通过 /probe 探测它的镜像",
		"let /probe?target= probe any http(s) URL, not only the catalog's and config's mirrors (blackbox_exporter's model: whoever reaches the exporter, a web page in a local browser included, chooses where it sends requests)": "允许 /probe?target= 探测任意 http(s) URL，而不只是目录和配置中的镜像（blackbox_exporter 的模式：任何能访问 exporter 的人，包括本机浏览器中的网页，都能决定它向哪里发请求）",
		"goproxytui: exporter: %v": "goproxytui：exporter：%v",
		"warning: the exporter listens on %s, not only on loopback: other machines can read the metrics and make it probe any URL through /probe": "警告：exporter 监听在 %s，而不只是回环地址：其他机器可以读取指标，并能通过 /probe 让它探测任意 URL",
		"exporter: serving %s/metrics and %s/probe?target=MIRROR for %d mirrors":                                                                  "exporter：提供 %s/metrics 和 %s/probe?target=镜像，共 %d 个镜像",
		"exporter: stopped": "exporter：已停止",
	})
}
