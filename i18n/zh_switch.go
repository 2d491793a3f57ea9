package i18n

// Messages of switching safely (package cli): use's check of the chain and
// its documented form, the confirmation of GOSUMDB=off, ls and test, the
// relay's refusals.
func init() {
	register(map[string]string{
		"goproxytui: nothing written": "goproxytui：未写入任何内容",
		"warning: GOSUMDB=off turns off the check of downloaded modules against the checksum database: a mirror or network could serve altered code and go would not notice. For private modules set GONOSUMDB or GOPRIVATE instead.": "警告：GOSUMDB=off 会关闭下载模块与校验和数据库的核对：镜像或网络可能提供被篡改的代码而 go 不会察觉。私有模块请改设 GONOSUMDB 或 GOPRIVATE。",
		"do not ask before turning checksum verification off (--sumdb off)": "关闭校验和核对（--sumdb off）前不再询问",
		"how long the check of the chain waits for each mirror":             "写入前检查代理链时每个镜像的等待时长",
		"Turn checksum verification off? [y/N] ":                            "关闭校验和核对？[y/N] ",
		"goproxytui: GOSUMDB=off not written: confirm with --yes":           "goproxytui：未写入 GOSUMDB=off：请加 --yes 确认",
		"wrote %s (the form %s documents)":                                  "已写入 %s（%s 文档给出的写法）",
		"would write %s (the form %s documents)":                            "将写入 %s（%s 文档给出的写法）",
		"write without the check: a chain go would fail or hang through, entries the go command never reaches, patterns that match no module path": "不检查直接写入：即使 go 经由该代理链会失败或挂起、条目 go 命令永远用不到、模式匹配不到任何模块路径",
		"goproxytui: nothing written: %s\nTo write it anyway, add --force.":                                                                        "goproxytui：未写入任何内容：%s\n如仍要写入，请加 --force。",
		"list the mirrors, * marking the one go asks first":                                                                                        "列出镜像，* 标出 go 首先请求的那个",
		"GOPROXY starts with off: go downloads no module":                                                                                          "GOPROXY 以 off 开头：go 不下载任何模块",
		"Probes each mirror once (the catalog and config mirrors and those of GOPROXY, or the catalog ids and URLs given) and prints its total time or why it failed, with * on the mirror go asks first. It takes at most --timeout. 'goproxytui probe' measures in detail.": "对每个镜像（目录与配置中的镜像及 GOPROXY 中的镜像，或给出的目录 id 与 URL）探测一次，打印总耗时或失败原因，* 标出 go 首先请求的镜像。最多耗时 --timeout。详细测量请用 'goproxytui probe'。",
		"no mirror to test: every catalog mirror is hidden": "没有可测试的镜像：目录中的镜像都已隐藏",
		"(from GOPROXY)": "（来自 GOPROXY）",
		"warning: no mirror is marked *: the GOPROXY go uses is unknown: %s":                     "警告：未标出任何镜像 *：无法得知 go 所用的 GOPROXY：%s",
		"time each mirror once (nrm test): its time or why it failed":                            "对每个镜像计时一次（同 nrm test）：耗时或失败原因",
		"Exit status: 0 when at least one mirror answered, 1 when none did, 2 on bad arguments.": "退出状态：0 至少一个镜像有应答，1 都没有应答，2 参数错误。",
		"GOPROXY starts with direct: go fetches from the origin servers, no mirror":              "GOPROXY 以 direct 开头：go 直接从源服务器获取，不经镜像",
		"Lists the catalog and config mirrors, one a line: its id and URL, with * on the mirror the go command asks first (the first entry of the GOPROXY it uses). 'goproxytui mirrors' gives every detail.": "逐行列出目录与配置中的镜像：id 与 URL，* 标出 go 命令首先请求的镜像（所用 GOPROXY 的第一项）。完整信息见 'goproxytui mirrors'。",
		"give up on a mirror after this long (default: config, 5s)": "单个镜像等待超过此时长即放弃（默认：配置，5s）",
		"goproxytui: relay --apply: %s lets the system choose the port, which dies with this process: GOPROXY would point at nothing after it stops. Give a fixed port (default %d); nothing written": "goproxytui：relay --apply：%s 由系统选择端口，该端口随本进程结束而失效：中继停止后 GOPROXY 将指向不存在的地址。请指定固定端口（默认 %d）；未写入任何内容",
		// Kinds of flag values in --help.
		"number":            "数字",
		"duration, e.g. 2s": "时长，如 2s",
		"list":              "列表",
		"integer":           "整数",
		": ":                "：",
		"%s: --demo runs only the terminal UI (goproxytui --demo); this command ignores it":                    "%s：--demo 只用于终端界面（goproxytui --demo）；此命令不使用它",
		"show every column of the table (each phase, TLS version, ALPN); without it the table fits 80 columns": "显示表格的所有列（各阶段、TLS 版本、ALPN）；不加时表格宽度不超过 80 列",
		// Quitting the TUI while GOPROXY goes through its relay.
		"GOPROXY goes through this TUI's relay, which stops when it quits: go would then get 'connection refused' from it before every download": "GOPROXY 经由本界面的中继，退出时中继随之停止：此后每次下载 go 都会先从它得到 'connection refused'",
		"Restore the chain the relay replaced?":                      "恢复被中继替换的代理链？",
		"restoring the chain the relay replaced…":                    "正在恢复被中继替换的代理链…",
		"y/enter restore and quit · n quit, keep GOPROXY · esc stay": "y/enter 恢复并退出 · n 退出并保留 GOPROXY · esc 留下",
		"restore and quit":   "恢复并退出",
		"quit, keep GOPROXY": "退出并保留 GOPROXY",
		"stay":               "留下",
	})
}
