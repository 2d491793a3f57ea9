package i18n

// Messages of package relay, the [relay] config section and the
// `goproxytui relay` command.
func init() {
	register(map[string]string{
		// [relay] config section.
		"relay pool member %q: weight %v: want a number > 0":                                    "relay 池成员 %q：权重 %v：应为大于 0 的数",
		"relay pool member %q: the mirror id is missing":                                        "relay 池成员 %q：缺少镜像 id",
		"relay.pools: pool %d is empty":                                                         "relay.pools：第 %d 个池是空的",
		"relay.pools: mirror %q is in two pools":                                                "relay.pools：镜像 %q 出现在两个池中",
		"relay.%s %v: want a duration > 0":                                                      "relay.%s %v：应为大于 0 的时长",
		"relay.hedge: %w":                                                                       "relay.hedge：%w",
		"hedge %q: want auto, off or a duration > 0 such as \"300ms\"":                          "hedge %q：应为 auto、off 或大于 0 的时长，例如 \"300ms\"",
		"a fixed hedge delay must be > 0":                                                       "固定的对冲延迟必须大于 0",
		"the relay needs at least one upstream mirror":                                          "中继至少需要一个上游镜像",
		"upstream %s: refusing to pass credentials to insecure URL":                             "上游 %s：拒绝向不安全的 URL 传递凭据",
		"upstream %s: the relay forwards to http:// and https:// URLs only":                     "上游 %s：中继只转发到 http:// 和 https:// URL",
		"the chain %q has no proxy the relay can forward to (direct and off are not upstreams)": "链 %q 中没有中继可以转发的代理（direct 和 off 不是上游）",
		// Answers of the relay (text/plain bodies the go command shows).
		"goproxytui relay: only GET and HEAD are served":                                                       "goproxytui 中继：只处理 GET 和 HEAD 请求",
		"goproxytui relay: not a Go module proxy or checksum database path":                                    "goproxytui 中继：不是 Go 模块代理或校验和数据库的路径",
		"goproxytui relay: %s matches GONOSUMDB/GOPRIVATE: its checksum is not looked up in a public database": "goproxytui 中继：%s 匹配 GONOSUMDB/GOPRIVATE：不会在公共数据库中查询它的校验和",
		"goproxytui relay: no route to the checksum database %s":                                               "goproxytui 中继：没有通往校验和数据库 %s 的路由",
		"goproxytui relay: %s matches GONOPROXY/GOPRIVATE and no private upstream is configured (mark one with private = true in [[mirror]]): it is never sent to a public mirror": "goproxytui 中继：%s 匹配 GONOPROXY/GOPRIVATE，且没有配置私有上游（在 [[mirror]] 中用 private = true 标记一个）：它绝不会被发往公共镜像",
		"goproxytui relay: no upstream for %s":            "goproxytui 中继：%s 没有上游",
		"goproxytui relay: not found on any mirror (%s)":  "goproxytui 中继：所有镜像上都找不到（%s）",
		"goproxytui relay: no mirror could serve %s (%s)": "goproxytui 中继：没有镜像能提供 %s（%s）",
		"--service %q: want systemd or launchd":           "--service %q：应为 systemd 或 launchd",
		"... and %d more":                                 "……还有 %d 个",
	})
}
