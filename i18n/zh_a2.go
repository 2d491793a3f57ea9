package i18n

// Messages of in-place config edits (mirrors/configedit.go), typo
// suggestions (mirrors/suggest.go) and export snippets (envcfg/export.go).
func init() {
	register(map[string]string{
		// mirrors/suggest.go
		"unknown mirror %q — did you mean %s?":                   "未知镜像 %q —— 你是不是想输入 %s？",
		"unknown mirror %q (`goproxytui mirrors` lists the ids)": "未知镜像 %q（`goproxytui mirrors` 会列出所有 id）",

		// mirrors/configedit.go
		"mirror %q is already in %s (line %d); remove it first or choose another id":                 "镜像 %q 已在 %s 中（第 %d 行）；请先删除它或换一个 id",
		"mirror %q is already in %s; remove it first or choose another id":                           "镜像 %q 已在 %s 中；请先删除它或换一个 id",
		"%s writes its mirrors as an inline array (mirror = [...]): add the mirror there by hand":    "%s 以内联数组（mirror = [...]）写镜像：请手动在那里添加",
		"%s writes its mirrors as an inline array (mirror = [...]): remove the mirror there by hand": "%s 以内联数组（mirror = [...]）写镜像：请手动在那里删除",
		"%q is a built-in mirror: built-ins cannot be removed, only hidden (hidden = [%q] in %s)":    "%q 是内置镜像：内置镜像不能删除，只能隐藏（hidden = [%q]，写在 %s 中）",
		"%s has no mirror %q — did you mean %s?":                                                     "%s 中没有镜像 %q —— 你是不是想输入 %s？",
		"%s has no mirror %q (it has no [[mirror]] at all)":                                          "%s 中没有镜像 %q（其中没有任何 [[mirror]]）",
		"%s has no mirror %q (its mirrors: %s)":                                                      "%s 中没有镜像 %q（其中的镜像：%s）",
		"cannot remove mirror %q, the config still names it: %w":                                     "无法删除镜像 %q，配置中仍用到它：%w",
		"editing config: %w": "编辑配置：%w",
		"editing config: the edited file would not load, nothing written: %w":                      "编辑配置：编辑后的文件无法加载，未写入任何内容：%w",
		"editing config: the edited file would not decode to the intended config, nothing written": "编辑配置：编辑后的文件解码结果与预期不符，未写入任何内容",
		"editing config: %s keeps changing while being edited; try again":                          "编辑配置：%s 在编辑期间不断被修改；请重试",
		"not valid UTF-8": "不是有效的 UTF-8",

		// envcfg/export.go
		"unknown export format %q — did you mean %s?":                                                 "未知导出格式 %q —— 你是不是想输入 %s？",
		"unknown export format %q (want one of: %s)":                                                  "未知导出格式 %q（可选：%s）",
		"%s: the value has a control character (%U): nothing exported":                                "%s：值中含有控制字符（%U）：未导出任何内容",
		"goproxytui: credentials are hidden as xxxxx; export with --show-credentials to include them": "goproxytui：凭据已隐藏为 xxxxx；加 --show-credentials 导出才会包含它们",
		"goproxytui: every setting is the go command's default: nothing to set":                       "goproxytui：所有设置都是 go 命令的默认值：无需设置",
	})
}
