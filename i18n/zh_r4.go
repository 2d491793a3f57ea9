package i18n

// Chinese for helper R4's strings (issue 13: certificate days, doctor's
// composed fixes).
func init() {
	register(map[string]string{
		// Certificate days (probe.CertExpiry, probe.CertDaysShort), and the
		// lines of doctor, recommend and the TUI's detail that show them.
		"expires in %d days":              "%d 天后过期",
		"expires in 1 day":                "1 天后过期",
		"expires today":                   "今天过期",
		"expired 1 day ago":               "1 天前已过期",
		"expired %d days ago":             "%d 天前已过期",
		"exp":                             "过期",
		"%s, certificate %s":              "%s，证书%s",
		"%s: its TLS certificate %s (%s)": "%s：它的 TLS 证书%s（%s）",
		"its certificate %s":              "证书%s",
		"cert: %s (leaf %s, chain %s)":    "证书：%s（叶证书 %s，证书链 %s）",
		// Doctor.
		"go would fail now: %s: %s": "go 现在会失败：%s：%s",
		"once it expires, TLS fails and the , before direct stops the lookup there, as for any outage of the last mirror; tell the mirror's operator": "证书过期后 TLS 会失败，direct 之前的 , 会让查找在这里停止，和最后一个镜像的任何故障一样；请告知该镜像的运维方",
	})
}
