package envcfg

import (
	"context"
	"strconv"
	"testing"
)

// BenchmarkApply is one Apply end to end: lock, copy, go env -w, check,
// rename, history, and the verifying go env -json. Target: under 150 ms.
func BenchmarkApply(b *testing.B) {
	e := testEnv(b, "")
	writeFile(b, envPath(e), "# bench\nGOFLAGS=-mod=mod\nGOPROXY=https://start.example\n")
	ctx := context.Background()
	if _, err := e.Read(ctx); err != nil { // what a CLI or TUI has done before applying
		b.Fatal(err)
	}
	for i := 0; b.Loop(); i++ {
		if _, err := e.Apply(ctx, []Change{{Key: "GOPROXY", Value: "https://m" + strconv.Itoa(i) + ".example,direct"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead is one Read: go env -json once, the user file, and the
// cached $GOROOT/go.env. Target: under 60 ms.
func BenchmarkRead(b *testing.B) {
	e := testEnv(b, "")
	writeFile(b, envPath(e), "GOPROXY=https://goproxy.cn,direct\n")
	ctx := context.Background()
	for b.Loop() {
		if _, err := e.Read(ctx); err != nil {
			b.Fatal(err)
		}
	}
}
