//go:build linux

package cli

import (
	"os/exec"
	"strings"
	"testing"
)

// Commands other than the TUI never query the terminal: on a terminal that
// does not answer (here script(1)'s pseudo-terminal, TERM=dumb), a help
// page, a usage error and a bad flag are printed without the background
// colour query (OSC 11) or the device attributes query (DA1) before them,
// which made each wait 4 s for an answer.
func TestNoTerminalQueryOutsideTUI(t *testing.T) {
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("no script(1) to give the command a terminal")
	}
	for _, args := range []string{"use ftp://x", "use --help", "env --bogus"} {
		cmd := exec.Command(script, "-qec", binPath+" "+args, "/dev/null")
		cmd.Env = sandboxEnv(t) // GOENV a temp file, HOME and XDG dirs temp
		out, _ := cmd.CombinedOutput()
		if len(out) == 0 {
			t.Errorf("%s: no output on the terminal", args)
		}
		for _, q := range []string{"\x1b]11;?", "\x1b[c"} {
			if strings.Contains(string(out), q) {
				t.Errorf("%s: the terminal got the query %q:\n%q", args, q, out)
			}
		}
	}
}
