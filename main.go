// Command goproxytui lets a Go developer see, choose and fix their Go module
// proxy setup: a live dashboard of mirrors, an editable failover chain, and
// safe, verified, undoable changes to go env.
//
// The command line lives in package cli and the terminal UI's runtime in
// tuiapp; the work is done by the packages mirrors, config, probe, envcfg,
// advisor, relay, ui and themes.
package main

import (
	"os"

	"github.com/goproxytui/goproxytui/cli"
)

// version may be set at build time with -ldflags "-X main.version=v1.2.3"
// (or "-X github.com/goproxytui/goproxytui/cli.Version=v1.2.3"); else
// --version prints the module version and VCS revision from the build info.
var version = ""

func main() {
	if version != "" {
		cli.Version = version
	}
	os.Exit(cli.Main(os.Args[1:]))
}
