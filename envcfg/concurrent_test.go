package envcfg

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"
)

// TestMain lets the test binary double as a helper process that applies
// changes (ENVCFG_TEST_HELPER=apply), for the concurrency test.
func TestMain(m *testing.M) {
	if os.Getenv("ENVCFG_TEST_HELPER") == "apply" {
		os.Exit(helperApply())
	}
	os.Exit(m.Run())
}

// helperApply applies KEY=PREFIX<i>SUFFIX for i in 0..N-1 through its own
// Env, as a separate goproxytui would.
func helperApply() int {
	key := os.Getenv("HELPER_KEY")
	prefix, suffix := os.Getenv("HELPER_PREFIX"), os.Getenv("HELPER_SUFFIX")
	n, _ := strconv.Atoi(os.Getenv("HELPER_N"))
	e := &Env{StateDir: os.Getenv("HELPER_STATE")}
	for i := range n {
		if _, err := e.Apply(context.Background(), []Change{{Key: key, Value: prefix + strconv.Itoa(i) + suffix}}); err != nil {
			fmt.Fprintf(os.Stderr, "apply %d: %v\n", i, err)
			return 1
		}
	}
	return 0
}

// Two processes apply 50 times each while this one reads the file in a
// loop: every read is a whole state, and no update is lost.
func TestConcurrentAppliesFromTwoProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 200 go commands")
	}
	const n = 50
	e := testEnv(t, "")
	writeFile(t, envPath(e), "# header\nGOFLAGS=-mod=mod\nGOPROXY=https://start.example\nGOPRIVATE=start.example\n# footer\n")
	state := t.TempDir()
	start := func(key, prefix, suffix string) (*exec.Cmd, *bytes.Buffer) {
		// e.Environ is testEnv's sandbox: GOENV is a temp file, HOME and XDG dirs are temp.
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(append([]string{}, e.Environ...),
			"ENVCFG_TEST_HELPER=apply", "HELPER_KEY="+key, "HELPER_PREFIX="+prefix, "HELPER_SUFFIX="+suffix,
			"HELPER_N="+strconv.Itoa(n), "HELPER_STATE="+state)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd, &out
	}
	a, aOut := start("GOPROXY", "https://a", ".example,direct")
	b, bOut := start("GOPRIVATE", "b", ".example")
	done := make(chan error, 2)
	go func() { done <- a.Wait() }()
	go func() { done <- b.Wait() }()

	whole := regexp.MustCompile(`^# header\n(?:(?:GOFLAGS=-mod=mod|GOPROXY=https://(?:start|a\d+)\.example(?:,direct)?|GOPRIVATE=(?:start|b\d+)\.example)\n){3}# footer\n$`)
	reads, states := 0, map[string]bool{}
	finished := 0
	deadline := time.After(60 * time.Second)
	// Reads are paced so that the reader does not starve the writers of
	// CPU; at this rate it still sees most intermediate states.
	pace := time.NewTicker(500 * time.Microsecond)
	defer pace.Stop()
	for finished < 2 {
		<-pace.C
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("helper failed: %v\n%s\n%s", err, aOut, bOut)
			}
			finished++
		case <-deadline:
			a.Process.Kill()
			b.Process.Kill()
			t.Fatal("helpers did not finish in 60 s")
		default:
		}
		data, err := os.ReadFile(envPath(e))
		if err != nil {
			t.Fatalf("read %d: %v", reads, err)
		}
		if !whole.Match(data) {
			t.Fatalf("read %d saw a partial or foreign state:\n%q", reads, data)
		}
		reads++
		states[string(data)] = true
	}
	final := parseEnv([]byte(readFile(t, envPath(e))))
	if final["GOPROXY"] != fmt.Sprintf("https://a%d.example,direct", n-1) || final["GOPRIVATE"] != fmt.Sprintf("b%d.example", n-1) || final["GOFLAGS"] != "-mod=mod" {
		t.Errorf("final state %v: an update was lost", final)
	}
	h, err := (&Env{Environ: e.Environ, StateDir: state}).History(context.Background())
	if err != nil || len(h) != historyMax {
		t.Errorf("history: %d entries, %v", len(h), err)
	}
	t.Logf("%d reads saw %d distinct states", reads, len(states))
}
