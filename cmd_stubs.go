package main

// Placeholders replaced by each command's own file as its issue lands.
// (Deleted once every command exists.)

import "fmt"

func (a *app) notYet(name string) int {
	fmt.Fprintln(a.stderr, "goproxytui:", name, "is not built yet")
	return 2
}
