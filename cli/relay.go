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

	"github.com/goproxytui/goproxytui/config"
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
	cmdPath                                         string // for the --help hint of a usage error
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
			o.set, o.cmdPath = map[string]bool{}, cmd.CommandPath()
			cmd.Flags().Visit(func(f *pflag.Flag) { o.set[f.Name] = true })
			return a.runRelay(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "", l.T("address to listen on (default 127.0.0.1:%d; 127.0.0.1:0 picks a free port)", config.DefaultRelayPort))
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

// runRelay checks every input (flags, config, chain, listen address,
// upstreams, the GOPROXY --apply would write) before it opens the port or
// the log file, so that bad input is exit 2 whatever the port's state.
func (a *app) runRelay(ctx context.Context, o relayOptions) error {
	l := a.lang
	usageErr := func(err error) error { return usageError(o.cmdPath, err) }
	if o.set["chain"] && o.set["profile"] {
		return usageErr(i18n.Errorf("relay: give --chain or --profile, not both"))
	}
	if o.set["service"] {
		return a.printRelayService(o)
	}
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	listen, err := a.relayListenAddr(cfg, o)
	if err != nil {
		return err
	}
	hedgeText := cfg.Relay.Hedge
	if o.set["hedge"] {
		hedgeText = o.hedge
	}
	hedge, err := relay.ConfigHedge(hedgeText)
	if err != nil {
		return usageErr(err)
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	env := a.newEnv()
	snap, err := env.Read(ctx)
	if err != nil {
		return failure(err)
	}
	chain, sumdbText, err := relayChain(cfg, cat, snap, o)
	if err != nil {
		return usageErr(err)
	}
	addr, err := net.ResolveTCPAddr("tcp", listen)
	if err != nil {
		e := saying(exitUsage, i18n.N("goproxytui: relay: %v"), err).(*exitError)
		e.usage = o.cmdPath
		return e
	}
	ups, err := relay.UpstreamsFromChain(relay.WithoutSelf(chain, relay.URL(addr), addr), cfg.Relay)
	if err != nil {
		return usageErr(err)
	}
	var apply []envcfg.Change // checked with the address's URL; written with the listener's
	if o.apply && addr.Port == 0 {
		return saying(exitUsage, i18n.N("goproxytui: relay --apply: %s lets the system choose the port, which dies with this process: GOPROXY would point at nothing after it stops. Give a fixed port (default %d); nothing written"), listen, config.DefaultRelayPort)
	}
	if o.apply {
		apply = []envcfg.Change{{Key: "GOPROXY", Value: relay.ApplyValue(relay.URL(addr), snap.Get("GOPROXY").Value)}}
		if err := env.Validate(apply); err != nil {
			return badInput(err)
		}
	}
	opts := a.relayOptions(cfg, snap, ups, hedge, sumdbText)
	opts.NoCacheFallback = o.noCacheFallback
	log := &relayLog{}
	if o.logPath != "" {
		opts.Observers = append(opts.Observers, relay.JSONLog(log))
	}
	r, err := relay.New(opts)
	if err != nil {
		return usageErr(err)
	}

	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return saying(exitFailure, i18n.N("goproxytui: relay: %v"), err)
	}
	defer ln.Close() // Serve has closed it already; not when we stop early
	if err := log.open(o.logPath, a.stdout); err != nil {
		return saying(exitFailure, i18n.N("goproxytui: relay: %v"), err)
	}
	defer log.close()
	url := relay.URL(ln.Addr())
	// The URL first, before serving, so that scripts can read it.
	fmt.Fprintln(a.stdout, url)
	if f, ok := a.stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	labels := make([]string, len(ups))
	for i, u := range ups {
		labels[i] = fmt.Sprintf("%s (pool %d, weight %g)", shown(u.ID), u.Pool+1, u.Weight)
	}
	fmt.Fprintln(a.stderr, l.T("relay: serving on %s from %s", url, strings.Join(labels, ", ")))
	if o.apply {
		if err := a.applyRelay(ctx, env, url, snap.Get("GOPROXY").Value); err != nil {
			return err
		}
	}
	return a.serveRelay(ctx, stop, r, ln, cfg)
}

// relayListenAddr is the address to listen on: --listen, else the
// config's. A non-loopback address must be given with --listen (then a
// warning says what it means).
func (a *app) relayListenAddr(cfg *config.Config, o relayOptions) (string, error) {
	listen := cfg.Relay.ListenAddr()
	if o.set["listen"] {
		if err := mirrors.CheckListen(o.listen); err != nil {
			return "", usageError(o.cmdPath, i18n.Errorf("relay: --listen: %w", err))
		}
		listen = strings.TrimSpace(o.listen)
	}
	if !relay.IsLoopback(listen) {
		if !o.set["listen"] {
			return "", usageError(o.cmdPath, i18n.Errorf("relay: the config's listen address %s is not loopback: give it explicitly with --listen", listen))
		}
		fmt.Fprintln(a.stderr, a.lang.T("warning: the relay listens on %s, not only on loopback: other machines can use it (it serves only the Go module proxy protocol, from its configured mirrors)", listen))
	}
	return listen, nil
}

// relayChain is the chain the relay forwards to (--chain, a --profile's,
// else the effective GOPROXY) and the GOSUMDB it routes.
func relayChain(cfg *config.Config, cat *mirrors.Catalog, snap envcfg.Snapshot, o relayOptions) (mirrors.Chain, string, error) {
	chainText, sumdbText := snap.Get("GOPROXY").Value, snap.Get("GOSUMDB").Value
	switch {
	case o.set["chain"]:
		chainText = o.chain
	case o.set["profile"]:
		p, ok := cfg.Profiles[o.profile]
		if !ok || p.GOPROXY == "" {
			return mirrors.Chain{}, "", i18n.Errorf("relay: profile %q has no goproxy", o.profile)
		}
		chainText = p.GOPROXY
		if p.GOSUMDB != "" {
			sumdbText = p.GOSUMDB
		}
	}
	expand := mirrors.ExpandChain
	if o.set["chain"] || o.set["profile"] {
		expand = mirrors.CheckChain // typed now: the gate's verdict, as use gives it
	}
	expanded, err := expand(chainText, cat)
	if err != nil {
		return mirrors.Chain{}, "", err
	}
	chain, err := mirrors.ParseChain(expanded, cat)
	if err != nil {
		return mirrors.Chain{}, "", err
	}
	return chain, sumdbText, nil
}

// relayOptions are the relay's options: the config's limits, the go env's
// private paths and checksum database, and /metrics on the relay's own
// port: its traffic (metrics.Relay) and its upstreams as its background
// probes see them (the exporter's names).
func (a *app) relayOptions(cfg *config.Config, snap envcfg.Snapshot, ups []relay.Upstream, hedge relay.HedgePolicy, sumdbText string) relay.Options {
	opts := relay.ConfigOptions(cfg, ups, hedge)
	opts.NoProxy, opts.NoSumDB = snap.Get("GONOPROXY").Value, snap.Get("GONOSUMDB").Value
	opts.Lang = a.lang
	if db, err := mirrors.ParseSumDB(sumdbText); err == nil && !db.Off {
		opts.SumDB = []relay.SumDBRoute{{Name: db.Name, URL: db.DirectURL()}}
	}
	sumdbName := ""
	if len(opts.SumDB) > 0 {
		sumdbName = opts.SumDB[0].Name
	}
	mon := metrics.NewMonitor(probe.HealthConfigFrom(cfg.Probe), cfg.Probe.History, sumdbName)
	mon.SetMirrors(opts.ProbedMirrors())
	relayMetrics := metrics.NewRelay()
	opts.Observers = append(opts.Observers, relayMetrics)
	opts.Probed = func(res probe.Result) { mon.Add(res) }
	opts.Metrics = metrics.NewHandler(metrics.HandlerOptions{Monitor: mon, Relay: relayMetrics, Lang: a.lang})
	return opts
}

// serveRelay serves on ln and probes the upstreams in the background until
// ctx is done (stop cancels it), then reports the relay's counts.
func (a *app) serveRelay(ctx context.Context, stop context.CancelFunc, r *relay.Relay, ln net.Listener, cfg *config.Config) error {
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		r.Run(ctx, probe.SchedulerConfigFrom(cfg.Probe))
	}()
	err := r.Serve(ctx, ln, relay.DefaultGrace)
	stop()
	<-probed
	st := r.Stats()
	fmt.Fprintln(a.stderr, a.lang.T("relay: stopped after %d requests (%d served, %d failovers, %d hedges, %d errors)", st.Requests, st.Served, st.Failovers, st.Hedges, st.Errors))
	if err != nil {
		return saying(exitFailure, i18n.N("goproxytui: relay: %v"), err)
	}
	return nil
}

// relayLog is where --log writes the relay's JSON lines: stdout for "-",
// else the file, opened only once every input has been checked and the
// port is open (no requests are served before).
type relayLog struct {
	w    io.Writer
	file *os.File // the --log file, nil for stdout or no log
}

func (l *relayLog) Write(p []byte) (int, error) { return l.w.Write(p) }

// open points the log at path ("-": stdout), appending to a file.
func (l *relayLog) open(path string, stdout io.Writer) error {
	switch path {
	case "":
		l.w = io.Discard
	case "-":
		l.w = stdout
	default:
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			return err
		}
		l.w, l.file = f, f
	}
	return nil
}

// close closes the log file, if one was opened.
func (l *relayLog) close() {
	if l.file != nil {
		l.file.Close()
	}
}

// applyRelay writes GOPROXY=url|old through envcfg (atomic, verified,
// undoable) and reports on stderr (stdout holds the URL and the log).
func (a *app) applyRelay(ctx context.Context, env *envcfg.Env, url, old string) error {
	changes := []envcfg.Change{{Key: "GOPROXY", Value: relay.ApplyValue(url, old)}}
	if err := env.Validate(changes); err != nil {
		return badInput(err)
	}
	rep, err := env.Apply(ctx, changes)
	if err != nil {
		return failure(err)
	}
	quiet := *a
	quiet.stdout = a.stderr
	_ = quiet.printReport(rep, false, false) // a value not taking effect is a warning here
	fmt.Fprintln(a.stderr, a.lang.T("while the relay is down go gets 'connection refused' at once and, after '|', uses the old chain; undo with: goproxytui undo"))
	return nil
}

// printRelayService prints the service file for this relay's arguments.
func (a *app) printRelayService(o relayOptions) error {
	exe, err := os.Executable()
	if err != nil {
		return failure(err)
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
		return badInput(err)
	}
	io.WriteString(a.stdout, s)
	return nil
}
