package main

// Placeholders replaced by each command's own file as its issue lands.
// (Deleted once every command exists.)

import "fmt"

func (a *app) notYet(name string) int {
	fmt.Fprintln(a.stderr, "goproxytui:", name, "is not built yet")
	return 2
}

func (a *app) configLanguage() string { return "" }

func cmdMirrors(a *app, args []string) int   { return a.notYet("mirrors") }
func cmdConfig(a *app, args []string) int    { return a.notYet("config") }
func cmdProbe(a *app, args []string) int     { return a.notYet("probe") }
func cmdEnv(a *app, args []string) int       { return a.notYet("env") }
func cmdUse(a *app, args []string) int       { return a.notYet("use") }
func cmdUndo(a *app, args []string) int      { return a.notYet("undo") }
func cmdRecommend(a *app, args []string) int { return a.notYet("recommend") }
func cmdDoctor(a *app, args []string) int    { return a.notYet("doctor") }
func runTUI(a *app, args []string) int       { return a.notYet("the TUI") }
