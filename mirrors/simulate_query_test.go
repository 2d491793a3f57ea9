package mirrors

import (
	"strings"
	"testing"
)

// The version query walk follows the rules checked against the real go
// command: @v/list first, an erroring list is the entry's error, @latest
// only when the list holds no usable version.
func TestSimulateQuery(t *testing.T) {
	partial403 := Query{List: OutcomeError}
	listOK := Query{List: OutcomeOK, ListUsable: true}
	emptyLatest404 := Query{List: OutcomeOK, Latest: OutcomeNotFound}
	emptyLatestOK := Query{List: OutcomeOK, Latest: OutcomeOK}
	tests := []struct {
		chain   string
		answers []Query
		kind    VerdictKind
		index   int
	}{
		{"https://a,direct", []Query{partial403, listOK}, Failed, 0}, // ',' stops at the 403 list
		{"https://a|direct", []Query{partial403, listOK}, Served, 1}, // '|' moves on to direct
		{"https://a,https://b", []Query{partial403, listOK}, Failed, 0},
		{"https://a|https://b", []Query{partial403, listOK}, Served, 1},
		{"https://a,https://b", []Query{{List: OutcomeNotFound}, listOK}, Served, 1},
		{"https://a,https://b", []Query{emptyLatest404, listOK}, Served, 1}, // empty list, @latest 404: not found
		{"https://a,https://b", []Query{emptyLatestOK, listOK}, Served, 0},
		{"https://a|https://b", []Query{{List: OutcomeHang}, listOK}, Hangs, 0},
		{"https://a,https://b", []Query{{List: OutcomeOK, Latest: OutcomeBroken}, listOK}, Failed, 0},
		{"off", nil, Failed, 0},
	}
	for _, tt := range tests {
		c, err := ParseChain(tt.chain, nil)
		if err != nil {
			t.Fatalf("ParseChain(%q): %v", tt.chain, err)
		}
		v := SimulateQuery(c, func(i int, e Entry) Query { return tt.answers[i] })
		if v.Kind != tt.kind || v.Index != tt.index || v.File != FileQuery {
			t.Errorf("%s %+v: %s at %d (%s), want %s at %d", tt.chain, tt.answers, v.Kind, v.Index, v.Reason, tt.kind, tt.index)
		}
	}
}

func TestSimulateQueryWords(t *testing.T) {
	c, _ := ParseChain("https://a.example,direct", nil)
	v := SimulateQuery(c, func(int, Entry) Query { return Query{List: OutcomeOK, ListUsable: true} })
	if !strings.Contains(v.Reason, "answers the version query") {
		t.Errorf("reason %q", v.Reason)
	}
	v = SimulateQuery(c, func(int, Entry) Query { return Query{List: OutcomeError} })
	if !strings.Contains(v.Reason, "the ',' after it stops the lookup") {
		t.Errorf("reason %q", v.Reason)
	}
}

// The retraction walk asks the .info and .mod only.
func TestSimulateRetraction(t *testing.T) {
	c, _ := ParseChain("https://a.example,direct", nil)
	v := SimulateRetraction(c, func(int, Entry) Files { return Files{Info: OutcomeOK, Mod: OutcomeOK, Zip: OutcomeError} })
	if v.Kind != Served || v.File != FileMod {
		t.Errorf("%s %s, want served at .mod", v.Kind, v.File)
	}
}
