package i18n

// Messages of package internal/regfile: files that must be regular files.
func init() {
	register(map[string]string{
		"%s is %s, not a regular file": "%s 是%s，不是普通文件",
		"a named pipe (FIFO)":          "命名管道（FIFO）",
		"a directory":                  "目录",
		"a socket":                     "套接字",
		"a device":                     "设备文件",
		"a special file":               "特殊文件",
	})
}
