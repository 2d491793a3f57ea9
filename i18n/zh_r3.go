package i18n

// Messages of issue 13's writes (envcfg, use, undo, reset, env): changes
// by another program right after a write, the lock wait, go's timeout,
// a go env file that is not a regular file.
func init() {
	register(map[string]string{
		"Exit status: 0 done, 1 failed (nothing written), 2 invalid input (nothing written), 3 written but overridden by an OS variable, 4 written but changed by another program right after.": "退出码：0 完成，1 失败（未写入），2 输入无效（未写入），3 已写入但被操作系统环境变量覆盖，4 已写入但随即被其他程序改动。",
		"warning: %s was changed by another program right after the write: the go env file now says %s; run the command again if yours should win":                                              "警告：%s 在写入后随即被其他程序改动：go env 文件现在的值是 %s；如果应以你的设置为准，请再运行一次该命令",
		// the lock
		"process %d (%s)": "进程 %d（%s）",
		"process %d":      "进程 %d",
		"another program": "另一个程序",
		"gave up after %s waiting for the lock %s, held by %s; nothing was written: try again when it is done (a lock whose holder has ended is free again at once)": "已等待 %s 仍未拿到锁 %s（被 %s 持有），已放弃；未写入任何内容：请在其完成后重试（持有者退出后锁会立即释放）",
		"goproxytui: waiting for the lock %s, held by %s (giving up after %s)…":                                                                                      "goproxytui：正在等待锁 %s，它被 %s 持有（%s 后放弃）…",
		"waiting for the lock %s, held by %s (giving up after %s)…":                                                                                                  "正在等待锁 %s，它被 %s 持有（%s 后放弃）…",

		// the go command and the go env file
		"running %s: it did not finish within %s and was stopped":                                                                         "运行 %s：未在 %s 内完成，已被终止",
		"the go env file %s is %w, not a regular file: the go command would hang or fail reading it; remove it, or point GOENV at a file": "go env 文件 %s 是%w，不是普通文件：go 命令读取它时会挂起或失败；请删除它，或让 GOENV 指向一个普通文件",
		"a named pipe (FIFO)": "命名管道（FIFO）",
		"a directory":         "目录",
		"a socket":            "套接字",
		"a device":            "设备文件",
		"a special file":      "特殊文件",
	})
}
