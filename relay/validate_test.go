package relay

import "testing"

// Every small file is checked as the go command will use it: what passes
// is the file asked for, what fails says why.
func TestCheckBody(t *testing.T) {
	info := route{kind: KindInfo, mod: "example.com/hello", ver: "v1.0.0"}
	query := route{kind: KindInfo, mod: "example.com/hello", ver: "master"}
	latest := route{kind: KindLatest, mod: "example.com/hello"}
	mod := route{kind: KindMod, mod: "example.com/hello", ver: "v1.0.0"}
	list := route{kind: KindList, mod: "example.com/hello"}
	const tm = `,"Time":"2024-01-02T03:04:05Z"}`
	cases := []struct {
		rt   route
		body string
		ok   bool
	}{
		{info, `{"Version":"v1.0.0"` + tm, true},
		{info, `<html>this is not json</html>`, false},
		{info, `{"Version":"v1.1.0"` + tm, false},
		{info, `{"Version":"v1.0.0"}`, false},
		{info, `{"Version":"v1.0.0","Time":"yesterday"}`, false},
		{query, `{"Version":"v0.0.0-20240102030405-abcdefabcdef"` + tm, true},
		{query, `{"Version":"master"` + tm, false},
		{latest, `{"Version":"v1.2.0"` + tm, true},
		{latest, `{"Version":"v2.0.0"` + tm, false}, // not a version of a path without /v2
		{mod, "module example.com/hello\n\ngo 1.21\n", true},
		{mod, "module example.com/hello\n\ngo 1.21\nfuturedirective x\n", true},
		{mod, "<html>this is not json</html>\n", false},
		{mod, "module example.com/other\n", false},
		{mod, "go 1.21\n", false},
		{mod, `{"Version":"v1.0.0"}`, false},
		{list, "", true},
		{list, "v1.0.0\nv1.1.0 2024-01-02T03:04:05Z\n", true},
		{list, "<html>\n<body>not a version</body>\n</html>\n", false},
		{list, "v1.0.0\nv2.0.0\n", false},
		{list, "v1.0.0\nv2.0.0+incompatible\n", true},
	}
	for _, c := range cases {
		err := checkBody(c.rt, []byte(c.body))
		if (err == nil) != c.ok {
			t.Errorf("%s %s %q: %v, want ok %v", c.rt.kind, c.rt.ver, c.body, err, c.ok)
		}
	}
}
