package i18n

// Messages of the mirror catalog, the user config and the mirrors and config
// commands.
func init() {
	register(map[string]string{
		"empty mirror name":                                    "镜像名称为空",
		"%q is a GOPROXY keyword, not a mirror":                "%q 是 GOPROXY 关键字，不是镜像",
		"unknown mirror %q: not a catalog id or URL":           "未知镜像 %q：既不是目录中的 id 也不是 URL",
		"mirror %q: %w":                                        "镜像 %q：%w",
		"invalid URL: %w":                                      "无效的 URL：%w",
		"invalid proxy URL: no host":                           "无效的代理 URL：缺少主机名",
		"invalid proxy URL missing scheme":                     "无效的代理 URL：缺少协议（scheme）",
		"invalid proxy URL scheme (must be https, http, file)": "无效的代理 URL 协议（必须是 https、http 或 file）",
		"credentials over plain http: the go command refuses to send them (use https)":  "通过明文 http 传递凭据：go 命令拒绝发送（请使用 https）",
		"invalid file:// proxy URL with non-path elements (want file:///absolute/path)": "无效的 file:// 代理 URL：含有路径以外的部分（应为 file:///绝对路径）",
	})
}
