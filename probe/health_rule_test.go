package probe

import (
	"testing"
	"time"

	"github.com/goproxytui/goproxytui/mirrors"
)

// Health is one rule for every mirror, however many results it has: with
// the default thresholds one failure among 3 probes (33 % loss) is
// degraded as one among 5 (20 %) is, and a mirror without failures stays
// healthy. (One among 3 was "healthy" beside one among 5 "degraded".)
func TestHealthLossRuleSameForEveryMirror(t *testing.T) {
	tr := NewTracker(HealthConfig{}, 0)
	feed := func(id string, classes ...Class) {
		for i, c := range classes {
			tr.Add(synth(id, i, c, 50*time.Millisecond, 5*time.Millisecond))
		}
	}
	feed("three", ClassOK, ClassHTTP5xx, ClassOK)
	feed("five", ClassOK, ClassOK, ClassHTTP5xx, ClassOK, ClassOK)
	feed("clean", ClassOK, ClassOK, ClassOK)
	for id, want := range map[string]mirrors.Health{"three": mirrors.HealthDegraded, "five": mirrors.HealthDegraded, "clean": mirrors.HealthHealthy} {
		if got := tr.Health(id); got != want {
			t.Errorf("%s (loss %.0f%%): %v, want %v", id, tr.Stats(id).Loss*100, got, want)
		}
	}
}
