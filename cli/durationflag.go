package cli

import (
	"time"

	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/mirrors"
)

// durationValue is a duration flag judged by the gate (mirrors.CheckDuration),
// so that --timeout soon, -1s or NaN is refused in the words config check
// uses for a duration in the config file.
type durationValue struct {
	p      *time.Duration
	zeroOK bool // 0 means something (probe --interval 0: no pause)
}

// durationVar defines a duration flag on f, like pflag's DurationVar.
func durationVar(f *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	f.Var(&durationValue{p: p}, name, usage)
}

// durationOrZeroVar is durationVar for a flag where 0 is a value.
func durationOrZeroVar(f *pflag.FlagSet, p *time.Duration, name string, value time.Duration, usage string) {
	*p = value
	f.Var(&durationValue{p: p, zeroOK: true}, name, usage)
}

func (d *durationValue) Set(s string) error {
	if v, err := time.ParseDuration(s); d.zeroOK && err == nil && v == 0 {
		*d.p = 0
		return nil
	}
	v, err := mirrors.CheckDuration(s)
	if err != nil {
		return err
	}
	*d.p = v
	return nil
}

func (d *durationValue) String() string {
	if d.p == nil {
		return time.Duration(0).String()
	}
	return d.p.String()
}

func (d *durationValue) Type() string { return "duration" }
