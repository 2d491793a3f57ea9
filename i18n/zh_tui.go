package i18n

// Messages of the TUI's wiring in package cli (cli/tui.go): start-up
// errors of `goproxytui` without a command and of `goproxytui --demo`.
func init() {
	register(map[string]string{
		"goproxytui: the terminal UI needs a terminal; run a command instead (see goproxytui --help)": "goproxytui：终端界面需要在终端中运行；否则请使用子命令（见 goproxytui --help）",
	})
}
