package i18n

// Messages of issue 13's verdict work (helper D1): the per-file download
// simulation, the checksum database route as go reaches it, simulated
// fixes, JudgeChain, and recommend's certificate and region rules.
func init() {
	register(map[string]string{
		// Per-file simulation (package mirrors).
		"go falls back to direct: it fetches the module from its origin with git (or another version control tool)":                                                                  "go 回退到 direct：用 git（或其他版本控制工具）从源站获取模块",
		"the download fails at %s: it answers 200 with a broken %s, and go takes any 200 for a .mod or .zip as final, whatever the separator":                                        "下载在 %s 失败：它以 200 返回了损坏的 %s，而 go 把 .mod 或 .zip 的任何 200 都当作最终结果，与分隔符无关",
		"the checksum database is unavailable: %s answers 200 to /sumdb/%s/supported, so go sends all database traffic there, but its lookups fail, and go does not try another way": "校验和数据库不可用：%s 对 /sumdb/%s/supported 返回 200，于是 go 把所有数据库请求都发给它，但它的查询失败，go 也不会另寻途径",

		// The probe's checksum database check (package probe).
		"sumdb check: no answer before the timeout: the go command, which has no timeout, would wait for it forever":                                                                                                                 "sumdb 检查：超时前没有响应：go 命令没有超时，会一直等下去",
		"sumdb lookup through the mirror: no answer before the timeout: the go command would wait for it forever":                                                                                                                    "经该镜像查询 sumdb：超时前没有响应：go 命令会一直等下去",
		"sumdb lookup through the mirror: no answer: %s":                                                                                                                                                                             "经该镜像查询 sumdb：没有响应：%s",
		"sumdb lookup through the mirror answered %d: it answers /supported, so the go command sends every checksum request there and fails":                                                                                         "经该镜像查询 sumdb 返回 %d：它响应了 /supported，所以 go 命令把所有校验和请求都发给它，然后失败",
		"sumdb lookup through the mirror: the answer to /latest is not a signed tree head: the go command would fail to verify modules through it":                                                                                   "经该镜像查询 sumdb：/latest 的响应不是签名的树头：go 命令经它校验模块会失败",
		"the checksum database is unavailable: asking %s whether it proxies %s failed with an error that is not a 404/410, and the ',' after it stops the walk":                                                                      "校验和数据库不可用：询问 %s 是否代理 %s 时出错（不是 404/410），其后的 ',' 使 go 停止继续询问",
		"the checksum database is unavailable: asking %s, the last entry, whether it proxies %s failed with an error that is not a 404/410":                                                                                          "校验和数据库不可用：询问最后一项 %s 是否代理 %s 时出错（不是 404/410）",
		"the checksum database is unavailable: asking %s whether it proxies %s failed with an error that is not a 404/410; go moved on after the '|', but no later entry offers it, and that error outranks their not-found answers": "校验和数据库不可用：询问 %s 是否代理 %s 时出错（不是 404/410）；go 因 '|' 继续询问后面的项，但没有一项提供它，而该错误优先于它们的“未找到”回答",
		// Doctor's findings, fixes and JudgeChain (package advisor).
		"go would HANG: %s":                                                           "go 会挂起：%s",
		"go would FAIL: %s":                                                           "go 会失败：%s",
		"go would HANG: checksum database: %s":                                        "go 会挂起：校验和数据库：%s",
		"go would FAIL: checksum database: %s":                                        "go 会失败：校验和数据库：%s",
		"go would FAIL: checksum database: %s, but it does not answer: %s":            "go 会失败：校验和数据库：%s，但它没有响应：%s",
		"go would fall back to direct (fetch from the origin with git; not measured)": "go 会回退到 direct（用 git 从源站获取；未测量）",
		"no mirror of the chain serves the module now, so go would fall back to direct (fetch from the origin with git; not measured)":                                          "链中现在没有镜像能提供该模块，所以 go 会回退到 direct（用 git 从源站获取；未测量）",
		"after a 404/410 go moves on to the next entry, whatever the separator":                                                                                                 "遇到 404/410 后，无论分隔符是什么，go 都会尝试下一项",
		"it is the last entry: when no entry has a module, go reports it as not found":                                                                                          "它是最后一项：没有任何一项有该模块时，go 报告“未找到”",
		"%s does not have the canary module (it answered %d)":                                                                                                                   "%s 没有探测用的模块（它返回了 %d）",
		"the , before direct stops the lookup here: by design go fetches from the origin only for modules the mirrors do not have (404/410), so an outage is reported instead":  "direct 前的 , 使查找在此停止：按设计，go 只对镜像没有的模块（404/410）才从源站获取，因此镜像故障会被报告出来，而不是悄悄改从源站获取",
		"it answers 200 with a .info go rejects; go would take its .mod and .zip (not measured) as final too, so a download that reaches it fails there whatever the separator": "它以 200 返回了 go 拒绝的 .info；go 也会把它的 .mod 和 .zip（未测量）当作最终结果，所以到达它的下载都会在此失败，与分隔符无关",
		"%s answers 200 with a broken .zip: %s": "%s 以 200 返回了损坏的 .zip：%s",
		"go takes any 200 for a .zip as final: every download that reaches this mirror fails there, whatever the separator after it": "go 把 .zip 的任何 200 都当作最终结果：到达该镜像的每次下载都会在此失败，与其后的分隔符无关",
		"not measured whether %s proxies it: taken as not":                                                                           "未测量 %s 是否代理它：按不代理处理",
		"%s; %s":  "%s；%s",
		"%s (%s)": "%s（%s）",
		"no mirror measured now would make go use it: what is left is direct (go fetches every module from its origin with git, which needs access to every origin server and is often blocked in mainland China; not measured), or goproxytui relay, a local GOPROXY that walks several mirrors with timeouts so that a stalling one cannot hang go": "现在测量过的镜像中没有一个能让 go 使用：剩下的选择是 direct（go 用 git 从源站获取每个模块，需要能访问每个源站服务器，在中国大陆常被阻断；未测量），或 goproxytui relay：一个本地 GOPROXY，带超时地依次尝试多个镜像，使卡住的镜像不会让 go 挂起",
		// recommend: certificates, region, checksum database answers.
		"proxy.golang.org is unreachable from here: the China route — mirrors in mainland China first; the checksum database through a chosen mirror that proxies it, else sum.golang.google.cn (the same database, reachable in mainland China) when it answers": "从这里无法访问 proxy.golang.org：采用中国大陆路线——中国大陆的镜像优先；校验和数据库经由选中的、代理它的镜像访问，否则在 sum.golang.google.cn（同一个数据库，在中国大陆可访问）有响应时使用它",
		"%s: %s — number %d in the chain, after the mirrors whose certificates do not expire within %d days":                                                                                                                                                      "%s：%s — 链中第 %d 个，排在证书在 %d 天内不会过期的镜像之后",
		"%s: never answered whether it proxies the checksum database — left out: the go command would hang on it, whatever the separator":                                                                                                                         "%s：始终没有回答它是否代理校验和数据库——不采用：无论分隔符是什么，go 命令都会卡在它上面",
		"%s: answers that it proxies the checksum database but its lookups fail — left out: go would send every checksum request there and fail":                                                                                                                  "%s：声称代理校验和数据库，但查询失败——不采用：go 会把每个校验和请求都发给它，然后失败",
	})
}
