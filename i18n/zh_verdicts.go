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
		"sumdb check: no answer before the timeout: the go command, which has no timeout, would wait for it forever":                               "sumdb 检查：超时前没有响应：go 命令没有超时，会一直等下去",
		"sumdb lookup through the mirror: no answer before the timeout: the go command would wait for it forever":                                  "经该镜像查询 sumdb：超时前没有响应：go 命令会一直等下去",
		"sumdb lookup through the mirror: no answer: %s":                                                                                           "经该镜像查询 sumdb：没有响应：%s",
		"sumdb lookup through the mirror answered %d: it answers /supported, so the go command sends every checksum request there and fails":       "经该镜像查询 sumdb 返回 %d：它响应了 /supported，所以 go 命令把所有校验和请求都发给它，然后失败",
		"sumdb lookup through the mirror: the answer to /latest is not a signed tree head: the go command would fail to verify modules through it": "经该镜像查询 sumdb：/latest 的响应不是签名的树头：go 命令经它校验模块会失败",
	})
}
