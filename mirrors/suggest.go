package mirrors

import (
	"strings"

	"github.com/goproxytui/goproxytui/i18n"
)

// Suggest returns the candidate nearest to input, for "did you mean ...?"
// after a typo: the one with the smallest optimal string alignment
// distance (Damerau–Levenshtein where a transposition of two neighbours
// counts as one edit and no substring is edited twice), ignoring case,
// when that distance is small enough to be a typo: at most 2 edits, at
// most 1 for inputs of 3 or 4 characters, and no suggestion at all for
// inputs of 1 or 2 characters (2 edits would turn them into anything).
// Ties go to the earlier candidate, so callers pass candidates in catalog
// order. ok is false when no candidate is near. An input equal to a
// candidate but for case returns that candidate.
func Suggest(input string, candidates []string) (string, bool) {
	in := []rune(strings.ToLower(strings.TrimSpace(input)))
	n := len(in)
	if n <= 2 {
		return "", false
	}
	limit := 2
	if n <= 4 {
		limit = 1
	}
	best, bestDist := "", limit+1
	for _, c := range candidates {
		cr := []rune(strings.ToLower(c))
		if abs(len(cr)-n) >= bestDist {
			continue // the length difference alone is too many edits
		}
		if d := osaDistance(in, cr, bestDist); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best, best != ""
}

// osaDistance is the optimal string alignment distance of a and b, or any
// value >= bound once the distance is known to reach bound.
func osaDistance(a, b []rune, bound int) int {
	// Three rows of the dynamic programme: two back (for transpositions),
	// one back and the current one.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin >= bound {
			return bound // every alignment already costs too much
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// IDs returns the ids of the catalog's mirrors in catalog order (built-in
// first, then config mirrors), hidden ones included.
func (c *Catalog) IDs() []string {
	if c == nil {
		return nil
	}
	out := make([]string, len(c.Mirrors))
	for i, m := range c.Mirrors {
		out[i] = m.ID
	}
	return out
}

// SuggestID returns the catalog id nearest to s (built-in and config
// mirrors, hidden ones included), as Suggest decides.
func (c *Catalog) SuggestID(s string) (string, bool) {
	return Suggest(s, c.IDs())
}

// UnknownMirror returns the error for an id the catalog does not have,
// with the nearest id when there is one: "unknown mirror goproxy.cm — did
// you mean goproxy.cn?", else a pointer to `goproxytui mirrors`.
func (c *Catalog) UnknownMirror(id string) error {
	if s, ok := c.SuggestID(id); ok {
		return i18n.Errorf("unknown mirror %q — did you mean %s?", id, s)
	}
	if strings.TrimSpace(id) == "" {
		return i18n.Errorf("empty mirror name")
	}
	return i18n.Errorf("unknown mirror %q (`goproxytui mirrors` lists the ids)", id)
}
