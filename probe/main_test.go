package probe

import (
	"os"
	"testing"

	"github.com/goproxytui/goproxytui/internal/gotest"
)

func TestMain(m *testing.M) {
	gotest.AllowParallel(8) // most tests wait on fake mirrors and timeouts
	os.Exit(m.Run())
}
