package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/metrics"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/relay"
)

// exporterOptions are the flags of exporter.
type exporterOptions struct {
	listen    string
	listenSet bool     // --listen was given
	mirrors   []string // the MIRROR arguments
	cmdPath   string   // for the --help hint of a usage error
	anyProbe  bool     // --probe-any-target: probe any URL, blackbox_exporter's model
}

// newExporterCmd: `exporter [--listen ADDR] [MIRROR ...]`.
func newExporterCmd(a *app) *cobra.Command {
	l := a.lang
	var o exporterOptions
	cmd := &cobra.Command{
		Use:   "exporter [MIRROR ...]",
		Short: l.T("probe mirrors continuously and serve Prometheus metrics"),
		Long: l.T("Probes the mirrors (default: every catalog and config mirror not hidden) with the scheduler, failure classes and health of the TUI, headless, and serves /metrics (blackbox_exporter's probe_* names plus goproxytui_*), /probe?target=MIRROR (one probe on demand, for Prometheus' multi-target pattern) and an index page at /. The first line on stdout is the URL it serves. It listens on loopback unless --listen names another address. SIGINT or SIGTERM stop it cleanly.") +
			"\n\n" + l.T("Exit status: 0 stopped cleanly, 1 failed, 2 invalid input."),
		Example: "goproxytui exporter\n" +
			"goproxytui exporter --listen 127.0.0.1:0 goproxy.cn aliyun\n" +
			"goproxytui exporter --listen :" + fmt.Sprint(metrics.DefaultPort) + "   # every interface: a warning says so",
		Args:              cobra.ArbitraryArgs,
		ValidArgsFunction: a.completeMirrorArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.mirrors, o.listenSet, o.cmdPath = args, cmd.Flags().Changed("listen"), cmd.CommandPath()
			return a.runExporter(cmd.Context(), o)
		},
	}
	cmd.Flags().StringVar(&o.listen, "listen", "", l.T("address to listen on (default 127.0.0.1:%d; 127.0.0.1:0 picks a free port)", metrics.DefaultPort))
	cmd.Flags().BoolVar(&o.anyProbe, "probe-any-target", false, l.T("let /probe?target= probe any http(s) URL, not only the catalog's and config's mirrors (blackbox_exporter's model: whoever reaches the exporter, a web page in a local browser included, chooses where it sends requests)"))
	return cmd
}

func (a *app) runExporter(ctx context.Context, o exporterOptions) error {
	l := a.lang
	usageErr := func(err error) error { return usageError(o.cmdPath, err) }
	cfg, cat, err := a.loadUserCatalog()
	if err != nil {
		return err
	}
	listen := net.JoinHostPort("127.0.0.1", fmt.Sprint(metrics.DefaultPort))
	if o.listenSet {
		listen = strings.TrimSpace(o.listen)
		if err := mirrors.CheckListen(o.listen); err != nil {
			return usageErr(i18n.Errorf("exporter: --listen: %w", err))
		}
	}
	resolve := func(arg string) (mirrors.Mirror, error) { return mirrors.CheckMirror(arg, cat) }
	var ms []mirrors.Mirror
	seen := map[string]bool{}
	for _, arg := range o.mirrors {
		m, err := resolve(arg)
		if err != nil {
			return usageErr(err)
		}
		if !seen[m.ID] {
			seen[m.ID] = true
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		ms = cat.Visible()
	}
	if len(ms) == 0 {
		return saying(exitFailure, i18n.N("goproxytui: no mirror to probe: every catalog mirror is hidden"))
	}

	sc := probe.SchedulerConfigFrom(cfg.Probe)
	a.sumdbOptions(&sc.Options)
	health := probe.HealthConfigFrom(cfg.Probe)
	mon := metrics.NewMonitor(health, cfg.Probe.History, sc.Options.SumDB)
	mon.SetMirrors(ms)
	target := metrics.CatalogResolver(cat, ms...)
	if o.anyProbe {
		target = metrics.AnyTargetResolver(cat, ms...)
	}
	handler := metrics.NewHandler(metrics.HandlerOptions{
		Monitor: mon, Resolve: target, Options: sc.Options, Health: health, Lang: l,
	})

	// Before listening: a script that reads the URL and at once sends
	// SIGINT must get the clean stop, not the default death by signal.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return saying(exitFailure, i18n.N("goproxytui: exporter: %v"), err)
	}
	switch {
	case relay.IsLoopback(ln.Addr().String()):
	case o.anyProbe:
		fmt.Fprintln(a.stderr, l.T("warning: the exporter listens on %s, not only on loopback: other machines can read the metrics and make it probe any URL through /probe", ln.Addr()))
	default:
		fmt.Fprintln(a.stderr, l.T("warning: the exporter listens on %s, not only on loopback: other machines can read the metrics and probe its mirrors through /probe", ln.Addr()))
	}
	url := "http://" + connectAddr(ln.Addr())
	// The URL first, before serving, so that scripts can read it.
	fmt.Fprintln(a.stdout, url)
	if f, ok := a.stdout.(interface{ Sync() error }); ok {
		f.Sync()
	}
	fmt.Fprintln(a.stderr, l.T("exporter: serving %s/metrics and %s/probe?target=MIRROR for %d mirrors", url, url, len(ms)))

	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	probed := make(chan struct{})
	go func() {
		defer close(probed)
		a.exporterLoop(ctx, probe.NewScheduler(ms, sc), mon)
	}()

	select {
	case <-ctx.Done():
	case err = <-served:
	}
	stop()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(sctx) // a /probe in flight ends within its timeout
	<-probed
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return saying(exitFailure, i18n.N("goproxytui: exporter: %v"), err)
	}
	fmt.Fprintln(a.stderr, l.T("exporter: stopped"))
	return nil
}

// exporterLoop runs the scheduler until ctx ends, feeding the monitor and
// telling health changes on stderr.
func (a *app) exporterLoop(ctx context.Context, sch *probe.Scheduler, mon *metrics.Monitor) {
	out := make(chan probe.Result)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sch.Run(ctx, out)
	}()
	for {
		select {
		case r := <-out:
			if ev := mon.Add(r); ev != nil {
				fmt.Fprintf(a.stderr, "%s %s %s\n", ev.Time.Format("15:04:05"), sanitize.Line(ev.MirrorID, 60), ev.Message(a.lang))
			}
		case <-ctx.Done():
			<-done
			return
		}
	}
}

// connectAddr is where a local client reaches a listener: its address, or
// loopback's for an unspecified one (":9739", "0.0.0.0:0").
func connectAddr(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
