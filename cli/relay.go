package cli

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/metrics"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

// relayOptions are the flags of relay.
type relayOptions struct {
	listen, chain, profile, hedge, logPath, service string
	apply, noCacheFallback                          bool
	set                                             map[string]bool
}

// newRelayCmd: `relay [--listen ADDR] [--chain CHAIN | --profile NAME]
// [--hedge auto|off|DUR] [--log FILE|-] [--apply] [--service systemd|launchd]`.
func newRelayCmd(a *app) *cobra.Command {
	l := a.lang
	var o relayOptions
	cmd := &cobra.Command{
		Use:   "relay",
		Short: l.T("run a local GOPROXY that fails over, hedges and never hangs"),
		Long: l.T("Serves the Go module proxy protocol and the checksum database on loopback, forwarding to the mirrors of the effective GOPROXY (or --chain/--profile): in priority order with the pools of the [relay] config, failing over on every error, hedging slow requests, never handing go a broken file, answering 502 at once when every mirror fails. The first line on stdout is the relay's URL. --apply puts it in front of GOPROXY ('relay|old chain'; undo with 'goproxytui undo'). SIGINT or SIGTERM stop it cleanly.") +
			"\n\n" + l.T("Exit status: 0 stopped cleanly, 1 failed, 2 invalid input."),
		Example: "goproxytui relay\n" +
			"goproxytui relay --chain 'goproxy.cn|aliyun' --apply\n" +
			"goproxytui relay --listen 127.0.0.1:0 --log -\n" +
			"goproxytui relay --service systemd > ~/.config/systemd/user/goproxytui-relay.service",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.set = map[string]bool{}
			cmd.Flags().Visit(func(f *pflag.Flag) { o.set[f.Name] = true })
			return a.runRelay(cmd, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "", l.T("address to listen on (default 127.0.0.1:%d; 127.0.0.1:0 picks a free port)", mirrors.DefaultRelayPort))
	f.StringVar(&o.chain, "chain", "", l.T("upstream mirrors as a GOPROXY chain of catalog ids or URLs (default: the effective GOPROXY)"))
	f.StringVar(&o.profile, "profile", "", l.T("take the upstreams (and GOSUMDB) from a profile of the config file"))
	f.StringVar(&o.hedge, "hedge", "", l.T("hedge delay: auto (the mirror's recent p95 time to first byte), off, or a duration such as 300ms"))
	f.StringVar(&o.logPath, "log", "", l.T("write one JSON line per request to FILE, or - for stdout"))
	f.BoolVar(&o.noCacheFallback, "no-cache-fallback", false, l.T("never serve from this machine's module cache, even when every mirror fails"))
	f.BoolVar(&o.apply, "apply", false, l.T("set GOPROXY to 'relay|the chain it replaces' through go env -w (undo: goproxytui undo)"))
	f.StringVar(&o.service, "service", "", l.T("print a systemd user unit or a launchd plist that starts this relay at login, and exit"))
	_ = cmd.RegisterFlagCompletionFunc("profile", a.completeProfiles)
	_ = cmd.RegisterFlagCompletionFunc("hedge", cobra.FixedCompletions([]string{"auto", "off", "300ms"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("service", cobra.FixedCompletions([]string{relay.ServiceSystemd, relay.ServiceLaunchd}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

func (a *app) runRelay(cmd *cobra.Command, o relayOptions) error {
	l := a.lang
	usageErr := func(err error) error { return usageError(cmd.CommandPath(), err) }
	if o.set["chain"] && o.set["profile"] {
		return usageErr(i18n.Errorf("relay: give --chain or --profile, not both"))
	}
	if o.set["service"] {
		return exit(a.printRelayService(o))
	}
	cfg, cat, code := a.loadUserCatalog()
	if cat == nil {
		return exit(code)
	}
	listen := cfg.Relay.ListenAddr()
	if o.set["listen"] {
		listen = strings.TrimSpace(o.listen)
	}
	if !relay.IsLoopback(listen) {
		if !o.set["listen"] {
			return usageErr(i18n.Errorf("relay: the config's listen address %s is not loopback: give it explicitly with --listen", listen))
		}
		fmt.Fprintln(a.stderr, l.T("warning: the relay listens on %s, not only on loopback: other machines can use it (it serves only the Go module proxy protocol, from its configured mirrors)", listen))
	}
	hedgeText := cfg.Relay.Hedge
	if o.set["hedge"] {
		hedgeText = o.hedge
	}
	hd, auto, err := mirrors.ParseHedge(hedgeText)
	if err != nil {
		return usageErr(err)
	}
	hedge := relay.HedgePolicy{Mode: relay.HedgeOff}
	switch {
	case auto:
		hedge.Mode = relay.HedgeAuto
	case hd > 0:
		hedge = relay.HedgePolicy{Mode: relay.HedgeFixed, Delay: hd}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := a.newEnv()
	snap, err := env.Read(ctx)
	if err != nil {
		fmt.Fprintln(a.stderr, l.T("goproxytui: %v", a.errorText(err)))
		return exit(exitFailure)
	}
	chainText, sumdbText := snap.Get("GOPROXY").Value, snap.Get("GOSUMDB").Value
	switch {
	case o.set["chain"]:
		chainText = o.chain
	case o.set["profile"]:
		p, ok := cfg.Profiles[o.profile]
		if !ok || p.GOPROXY == "" {
			return usageErr(i18n.Errorf("relay: profile %q has no goproxy", o.profile))
		}
		chainText = p.GOPROXY
		if p.GOSUMDB != "" {
			sumdbText = p.GOSUMDB
		}
	}
	expanded, err := mirrors.ExpandChain(chainText, cat)
	if err != nil {
		return usageErr(err)
	}
	chain, err := mirrors.ParseChain(expanded, cat)
	if err != nil {
		return usageErr(err)
	}

	ln, err := net.Listen("tcp", listen)
	if err != nil {
		fmt.Fprintln(a.stderr, l.T("goproxytui: relay: %v", err))
		return exit(exitFailure)
	}
	url := relay.URL(ln.Addr())
	chain = withoutRelay(chain, url, ln.Addr())
	ups, err := relay.UpstreamsFromChain(chain, cfg.Relay)
	if err != nil {
		ln.Close()
		return usageErr(err)
	}
	opts := relay.Options{
		Upstreams: ups, Private: privateUpstreams(cfg),
		NoProxy: snap.Get("GONOPROXY").Value, NoSumDB: snap.Get("GONOSUMDB").Value,
		Hedge:       hedge,
		TTFBTimeout: cfg.Relay.TTFBTimeout.Duration, IdleTimeout: cfg.Relay.IdleTimeout.Duration,
		RequestTimeout: cfg.Relay.RequestTimeout.Duration, ZipTimeout: cfg.Relay.ZipTimeout.Duration,
		Health: relay.NewHealth(probe.HealthConfigFrom(cfg.Probe), cfg.Probe.History),
		Lang:   l, NoCacheFallback: o.noCacheFallback,
	}
	if db, err := mirrors.ParseSumDB(sumdbText); err == nil && !db.Off {
		opts.SumDB = []relay.SumDBRoute{{Name: db.Name, URL: db.DirectURL()}}
	}
	// /metrics on the relay's own port: its traffic (metrics.Relay) and its
	// upstreams as its background probes see them (the exporter's names).
	sumdbName := ""
	if len(opts.SumDB) > 0 {
		sumdbName = opts.SumDB[0].Name
	}
	mon := metrics.NewMonitor(probe.HealthConfigFrom(cfg.Probe), cfg.Probe.History, sumdbName)
	mon.SetMirrors(opts.ProbedMirrors())
	relayMetrics := metrics.NewRelay()
	opts.Observers = append(opts.Observers, relayMetrics)
	opts.Probed = func(res probe.Result) { mon.Add(res) }
	opts.Metrics = metrics.NewHandler(metrics.HandlerOptions{Monitor: mon, Relay: relayMetrics, Lang: l})
	var logFile io.WriteCloser
	switch o.logPath {
	case "":
	case "-":
		opts.Observers = append(opts.Observers, relay.JSONLog(a.stdout))
	default:
		f, err := os.OpenFile(o.logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			ln.Close()
			fmt.Fprintln(a.stderr, l.T("goproxytui: relay: %v", err))
			return exit(exitFailure)
		}
		logFile = f
		opts.Observers = append(opts.Observers, relay.JSONLog(f))
	}
	if logFile != nil {
		defer logFile.Close()
	}
	r, err := relay.New(opts)
	if err != nil {
		ln.Close()
		return usageErr(err)
	}
	// The URL first, before serving, so that scripts can read it.
	fmt.Fprintln(a.stdout, url)
	if f, ok := a.stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	labels := make([]string, len(ups))
	for i, u := range ups {
		labels[i] = fmt.Sprintf("%s (pool %d, weight %g)", u.ID, u.Pool+1, u.Weight)
	}
	fmt.Fprintln(a.stderr, l.T("relay: serving on %s from %s", url, strings.Join(labels, ", ")))
	if o.apply {
		if c := a.applyRelay(ctx, env, url, snap.Get("GOPROXY").Value); c != 0 {
			ln.Close()
			return exit(c)
		}
	}
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		r.Run(ctx, probe.SchedulerConfigFrom(cfg.Probe))
	}()
	err = r.Serve(ctx, ln, relay.DefaultGrace)
	stop()
	<-probed
	st := r.Stats()
	fmt.Fprintln(a.stderr, l.T("relay: stopped after %d requests (%d served, %d failovers, %d hedges, %d errors)", st.Requests, st.Served, st.Failovers, st.Hedges, st.Errors))
	if err != nil {
		fmt.Fprintln(a.stderr, l.T("goproxytui: relay: %v", err))
		return exit(exitFailure)
	}
	return nil
}

// withoutRelay drops the relay itself from its upstreams (after --apply the
// effective GOPROXY starts with it): forwarding to itself would loop.
func withoutRelay(c mirrors.Chain, url string, addr net.Addr) mirrors.Chain {
	self := map[string]bool{mirrors.URLKey(url): true}
	if ta, ok := addr.(*net.TCPAddr); ok && ta.IP.IsLoopback() {
		self[mirrors.URLKey(fmt.Sprintf("http://localhost:%d", ta.Port))] = true
		self[mirrors.URLKey(fmt.Sprintf("http://127.0.0.1:%d", ta.Port))] = true
	}
	var out mirrors.Chain
	for _, e := range c.Entries {
		if e.Kind == mirrors.KindProxy && self[mirrors.URLKey(e.Resolved())] {
			continue
		}
		out.Entries = append(out.Entries, e)
	}
	return out
}

// privateUpstreams are the config mirrors marked private: the only ones
// that get GOPRIVATE/GONOPROXY paths.
func privateUpstreams(cfg *mirrors.Config) []relay.Upstream {
	var out []relay.Upstream
	for _, m := range cfg.Mirrors {
		if m.Private {
			u := m.URL
			if !strings.Contains(u, "://") {
				u = "https://" + u
			}
			out = append(out, relay.Upstream{ID: m.ID, URL: u, Weight: 1})
		}
	}
	return out
}

// applyRelay writes GOPROXY=url|old through envcfg (atomic, verified,
// undoable) and reports on stderr (stdout holds the URL and the log).
func (a *app) applyRelay(ctx context.Context, env *envcfg.Env, url, old string) int {
	changes := []envcfg.Change{{Key: "GOPROXY", Value: relay.ApplyValue(url, old)}}
	if err := env.Validate(changes); err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exitUsage
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exitFailure
	}
	quiet := *a
	quiet.stdout = a.stderr
	quiet.printReport(rep, false, false)
	fmt.Fprintln(a.stderr, a.lang.T("while the relay is down go gets 'connection refused' at once and, after '|', uses the old chain; undo with: goproxytui undo"))
	return 0
}

// printRelayService prints the service file for this relay's arguments.
func (a *app) printRelayService(o relayOptions) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", err))
		return exitFailure
	}
	args := []string{"relay"}
	for _, f := range []struct{ name, v string }{{"listen", o.listen}, {"chain", o.chain}, {"profile", o.profile}, {"hedge", o.hedge}, {"log", o.logPath}} {
		if o.set[f.name] {
			args = append(args, "--"+f.name, f.v)
		}
	}
	if a.configPath != "" {
		args = append(args, "--config", a.configPath)
	}
	s, err := relay.ServiceFile(o.service, exe, args)
	if err != nil {
		fmt.Fprintln(a.stderr, a.lang.T("goproxytui: %v", a.errorText(err)))
		return exitUsage
	}
	io.WriteString(a.stdout, s)
	return 0
}
