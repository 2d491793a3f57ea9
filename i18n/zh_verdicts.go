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
	})
}
