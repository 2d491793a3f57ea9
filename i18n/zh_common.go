package i18n

// Messages of the CLI as a whole: usage, global flags, generic errors.
func init() {
	register(map[string]string{
		"unknown command %q":               "未知命令 %q",
		"invalid --lang %q: want en or zh": "无效的 --lang %q：应为 en 或 zh",
		"goproxytui: %v":                   "goproxytui：%v",
		"goproxytui — see, choose and fix your Go module proxy setup":                                                   "goproxytui —— 查看、选择并修复你的 Go 模块代理设置",
		"With no command it opens the terminal UI; extra arguments (catalog ids or URLs) add mirrors to the dashboard.": "不带命令时打开终端界面；额外参数（目录中的镜像 id 或 URL）会加入仪表盘。",
		"unknown flag %s":                                               "未知选项 %s",
		"flag %s needs a value":                                         "选项 %s 需要一个值",
		"invalid value %s for %s: %s":                                   "无效的值 %s（选项 %s）：%s",
		"bad flag syntax: %s":                                           "选项语法错误：%s",
		"list the mirror catalog merged with your config":               "列出与你的配置合并后的镜像目录",
		"the config file: print an example, its path, or check it":      "配置文件：打印示例、显示路径或检查它",
		"measure mirrors: phases, TLS, protocol checks, health":         "测量镜像：各阶段耗时、TLS、协议检查、健康状态",
		"show effective go env values and where each comes from":        "显示生效的 go env 值及其来源",
		"set GOPROXY (and GOSUMDB, GOPRIVATE) safely through go env -w": "通过 go env -w 安全地设置 GOPROXY（以及 GOSUMDB、GOPRIVATE）",
		"restore the values from before the last apply":                 "恢复上一次应用之前的值",
		"probe mirrors and propose a chain and GOSUMDB":                 "探测镜像并建议代理链和 GOSUMDB",
		"diagnose the current setup without changing anything":          "诊断当前设置，不做任何修改",
	})
}
