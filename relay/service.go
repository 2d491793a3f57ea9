package relay

import (
	"encoding/xml"
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
)

// Service file kinds for ServiceFile.
const (
	ServiceSystemd = "systemd"
	ServiceLaunchd = "launchd"
)

// LaunchdLabel is the launchd job label (and plist file name without .plist).
const LaunchdLabel = "io.github.goproxytui.relay"

// ServiceFile returns a file that starts `exe args...` at login: a systemd
// user unit (install it as ~/.config/systemd/user/goproxytui-relay.service)
// or a launchd agent plist (~/Library/LaunchAgents/<LaunchdLabel>.plist).
// Nothing is installed.
func ServiceFile(kind, exe string, args []string) (string, error) {
	switch kind {
	case ServiceSystemd:
		var b strings.Builder
		b.WriteString("[Unit]\nDescription=goproxytui relay: a local GOPROXY that fails over and hedges\n")
		b.WriteString("After=network-online.target\nWants=network-online.target\n\n[Service]\nExecStart=")
		b.WriteString(systemdQuote(exe))
		for _, a := range args {
			b.WriteString(" " + systemdQuote(a))
		}
		b.WriteString("\nRestart=on-failure\nRestartSec=2\n\n[Install]\nWantedBy=default.target\n")
		return b.String(), nil
	case ServiceLaunchd:
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
		b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
		b.WriteString("<plist version=\"1.0\">\n<dict>\n\t<key>Label</key>\n\t<string>" + LaunchdLabel + "</string>\n")
		b.WriteString("\t<key>ProgramArguments</key>\n\t<array>\n")
		for _, a := range append([]string{exe}, args...) {
			b.WriteString("\t\t<string>" + xmlEscape(a) + "</string>\n")
		}
		b.WriteString("\t</array>\n\t<key>RunAtLoad</key>\n\t<true/>\n\t<key>KeepAlive</key>\n\t<true/>\n")
		b.WriteString("\t<key>StandardErrorPath</key>\n\t<string>/tmp/goproxytui-relay.log</string>\n</dict>\n</plist>\n")
		return b.String(), nil
	}
	return "", i18n.Errorf("--service %q: want systemd or launchd", kind)
}

// systemdQuote quotes a word for ExecStart when it needs it.
func systemdQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'\\$%;") {
		return s
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, `$`, `$$`, `%`, `%%`)
	return `"` + r.Replace(s) + `"`
}

func xmlEscape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
