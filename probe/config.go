package probe

import "github.com/goproxytui/goproxytui/config"

// OptionsFrom returns the probe options of the user's [probe] config
// (config.Default().Probe holds the defaults; zero durations and an
// empty canary fall back to DefaultOptions').
func OptionsFrom(p config.ProbeConfig) Options {
	o := DefaultOptions()
	if p.Timeout.Duration > 0 {
		o.Timeout = p.Timeout.Duration
	}
	if p.Canary != "" {
		o.Canary = p.Canary
	}
	o.CheckList = p.CheckList
	o.CheckSumDB = p.CheckSumDB
	return o
}

// HealthConfigFrom returns the health thresholds of the user's [probe]
// config; zero values fall back to DefaultHealthConfig's.
func HealthConfigFrom(p config.ProbeConfig) HealthConfig {
	return HealthConfig{
		DownAfter:    p.DownAfter,
		UpAfter:      p.UpAfter,
		DegradedLoss: p.DegradedLoss,
		DegradedP95:  p.DegradedP95.Duration,
	}.withDefaults()
}

// SchedulerConfigFrom returns the scheduler settings of the user's [probe]
// config, with OptionsFrom's probe options.
func SchedulerConfigFrom(p config.ProbeConfig) SchedulerConfig {
	return SchedulerConfig{
		Interval:    p.Interval.Duration,
		Concurrency: p.Concurrency,
		Options:     OptionsFrom(p),
	}.withDefaults()
}
