package i18n

// Messages of issue 13's writes (envcfg, use, undo, reset, env): changes
// by another program right after a write, the lock wait, go's timeout,
// a go env file that is not a regular file.
func init() {
	register(map[string]string{
		"Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable, 4 written but changed by another program right after.": "退出码：0 完成，1 失败（未写入），2 输入无效（未写入），3 已写入但被操作系统环境变量覆盖，4 已写入但随即被其他程序改动。",
		"warning: %s was changed by another program right after the write: the go env file now says %s; run the command again if yours should win":                                              "警告：%s 在写入后随即被其他程序改动：go env 文件现在的值是 %s；如果应以你的设置为准，请再运行一次该命令",
	})
}
