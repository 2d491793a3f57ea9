package config

import (
	"strings"
	"testing"
	"time"
)

func TestParsePoolMember(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		in   string
		id   string
		w    float64
		fail bool
	}{
		{"goproxy.cn:3", "goproxy.cn", 3, false},
		{"aliyun", "aliyun", 0, false},
		{"127.0.0.1:8080:1", "127.0.0.1:8080", 1, false},
		{"a:0", "", 0, true},
		{"a:-1", "", 0, true},
		{":2", "", 0, true},
		{"", "", 0, true},
	} {
		m, err := ParsePoolMember(c.in)
		if (err != nil) != c.fail || !c.fail && (m.ID != c.id || m.Weight != c.w) {
			t.Errorf("ParsePoolMember(%q) = %+v, %v", c.in, m, err)
		}
	}
}

func TestParseHedge(t *testing.T) {
	t.Parallel()
	if d, auto, err := ParseHedge(""); err != nil || !auto || d != 0 {
		t.Error("empty is auto")
	}
	if _, auto, err := ParseHedge("off"); err != nil || auto {
		t.Error("off")
	}
	if d, _, err := ParseHedge("250ms"); err != nil || d != 250*time.Millisecond {
		t.Error("250ms")
	}
	for _, bad := range []string{"0s", "-1s", "soon"} {
		if _, _, err := ParseHedge(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Errors in [relay] are positioned like every config error.
func TestRelayConfigErrors(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ file, want string }{
		{"[relay]\nhedge = \"soon\"\n", `config.toml:2:9: hedge: invalid duration "soon"`},
		{"[relay]\npools = [[\"a\"], []]\n", "pool 2 is empty"},
		{"[relay]\npools = [[\"aliyun:1\"], [\"aliyun:2\"]]\n", `mirror "aliyun" is in two pools`},
		{"[relay]\nidle_timeout = \"-1s\"\n", `invalid duration "-1s": want a time greater than zero`},
	} {
		_, err := parseConfig("config.toml", []byte(c.file))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.file, err, c.want)
		}
	}
	c, err := parseConfig("config.toml", []byte("[relay]\nlisten = \"127.0.0.1:0\"\npools = [[\"goproxy.cn:3\", \"aliyun\"]]\n"))
	if err != nil || c.Relay.ListenAddr() != "127.0.0.1:0" || len(c.Relay.Pools[0]) != 2 {
		t.Errorf("%+v %v", c, err)
	}
	if (RelayConfig{}).ListenAddr() != "127.0.0.1:7390" {
		t.Error("default listen address")
	}
}
