// Package ui is goproxytui's terminal user interface: a Bubble Tea model
// showing the live mirror dashboard, the chain editor and the effective go
// env values. It does no I/O: everything that touches files, the network or
// other processes goes through the commands of Deps, and results come back
// as messages (msgs.go) that the wiring sends with program.Send.
package ui

import (
	"maps"
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/goproxytui/goproxytui/advisor"
	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/envcfg"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/internal/sanitize"
	"github.com/goproxytui/goproxytui/mirrors"
	"github.com/goproxytui/goproxytui/probe"
	"github.com/goproxytui/goproxytui/themes"
)

// focus is the panel that receives movement keys.
type focus int

const (
	focusTable focus = iota
	focusChain
	focusDetail
	focusEvents
	numFocus
)

// sortKind orders the mirrors table.
type sortKind int

const (
	sortCatalog sortKind = iota
	sortLatency
	sortName
)

// History is how many results per mirror the model keeps for statistics
// and sparklines when the config does not say (probe.history).
const History = 60

// Model is the root model of the TUI. It implements tea.Model. Build it with
// New.
type Model struct {
	opt  Options
	deps Deps
	lang i18n.Lang
	now  func() time.Time
	// The styles, key map and help are large and change rarely: they are
	// held by pointer so that the model stays cheap to copy on every
	// Update, and replaced (never changed in place) when they change.
	keys  *KeyMap
	help  *help.Model
	theme string
	dark  bool
	st    *themes.Styles
	pt    *paints // painted forms of hot styles, rebuilt with st

	width, height int
	focus         focus

	cat    *mirrors.Catalog
	cfg    *config.Config
	cfgErr error
	list   []mirrors.Mirror // every mirror shown, catalog order
	// listGen counts rebuilds of list: Update tells the scheduler when the
	// mirrors shown (and so probed) changed.
	listGen int
	byKey   map[string]int // index in list by id and by URLKey; rebuilt with list, never changed in place
	track   *probe.Tracker
	seen    map[string]*seen

	env      envcfg.Snapshot
	envErr   error
	envOK    bool
	applied  string      // normalised effective GOPROXY
	chainOK  bool        // effective GOPROXY parsed
	chainErr error       // why it did not
	editor   chainEditor // the pending chain and its selection
	sumdb    string      // pending GOSUMDB
	// pats are the pending GOPRIVATE, GONOPROXY and GONOSUMDB (in the
	// order of patternKeys): an array, so that a copied model never
	// shares them.
	pats [len(patternKeys)]string

	tableSel  int
	chainSel  int
	eventsOff int
	sortBy    sortKind
	filter    string

	events   []event
	paused   bool
	applying bool
	inflight []envcfg.Change // changes of the running apply
	recent   []envcfg.Diff   // what the last apply or undo wrote, until the watcher reports it
	keyList  keyList         // the list of every key (?)

	// quitAfterApply: the restore dialog's apply is on its way; quit once
	// it is written (quit_relay.go).
	quitAfterApply bool

	dialog    *dialog
	input     *input
	status    string
	statusErr bool

	// The first-run guide, the triage and the checksum database checks
	// both use (by URL; maps replaced, never changed in place).
	screen      screen
	guide       guideView
	triage      triageView
	reach       map[string]advisor.Reach
	reachAsked  map[string]bool
	guideSaving bool   // the guide's SaveConfig runs: its status stays
	rounds      int    // probe rounds seen
	maxRound    uint64 // newest round seen

	// The in-process relay and the relays found in the chain.
	relay relayPanel
}

var _ tea.Model = Model{}

// New returns the TUI's model.
func New(o Options, d Deps) Model {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Lang == "" {
		o.Lang = i18n.EN
	}
	m := Model{
		opt:   o,
		deps:  d,
		lang:  o.Lang,
		now:   o.Now,
		keys:  new(DefaultKeyMap()),
		help:  new(help.New()),
		theme: o.Theme,
		dark:  true,
		cat:   o.Catalog,
		cfg:   o.Config,
		width: 80, height: 24,
	}
	if m.cat == nil {
		m.cat = mirrors.Builtin()
	}
	if m.cfg == nil {
		m.cfg = config.Default()
	}
	if m.theme == "" && m.cfg.Theme != "" {
		m.theme = m.cfg.Theme
	}
	if o.NoColor {
		m.theme = "mono"
	}
	if _, err := themes.Get(m.theme, true); err != nil {
		m.theme = "default"
	}
	if m.theme == "" {
		m.theme = "default"
	}
	m.track = probe.NewTracker(healthConfig(m.cfg), historyFrom(m.cfg))
	m.seen = map[string]*seen{}
	m.restyle()
	m.rebuildList()
	m.editor.chain = mirrors.Chain{}
	if o.FirstRun {
		m.screen = screenGuide
	}
	return m
}

// Init asks for the terminal background (for the adaptive theme) and the
// effective go env values.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.deps.ReadEnv != nil {
		cmds = append(cmds, m.deps.ReadEnv())
	}
	return tea.Batch(cmds...)
}

// restyle rebuilds the styles from the theme name and background.
func (m *Model) restyle() {
	st, err := themes.Get(m.theme, m.dark)
	if err != nil {
		st, _ = themes.Get("default", m.dark)
	}
	m.st = &st
	m.pt = newPaints(m)
	h := *m.help
	h.Styles = st.Help
	m.help = &h
}

// rebuildList collects the mirrors shown: the mirrors named on the command
// line first (the user asked for them: they are listed, numbered and
// selected first, whatever the terminal's size), then the visible catalog
// (built-in merged with the config's mirrors, or the demo fleet) and the
// chains' own URLs, without duplicates by id or URL. A mirror keeps its
// place (and so its number, see number) across rebuilds unless the set
// before it changes.
func (m *Model) rebuildList() {
	seen := map[string]bool{}
	var out []mirrors.Mirror
	add := func(ms []mirrors.Mirror) {
		for _, mm := range ms {
			k := mirrors.URLKey(mm.URL)
			if seen[mm.ID] && !seen[k] && mm.Source == mirrors.SourceArg {
				// A URL whose short id is a catalog id with another URL
				// (https://goproxy.cn in --demo, where goproxy.cn is the
				// simulated one): shown under its whole URL instead of
				// being dropped, which left it unprobed and the triage
				// waiting for it forever.
				mm.ID = mirrors.RedactURL(mm.URL)
			}
			if seen[mm.ID] || seen[k] {
				continue
			}
			seen[mm.ID], seen[k] = true, true
			out = append(out, mm)
		}
	}
	add(m.opt.Extra)
	add(m.cat.Visible())
	add(m.chainMirrors())
	m.list = out
	m.listGen++
	m.byKey = make(map[string]int, 2*len(out))
	for i, mm := range out {
		m.byKey[mirrors.URLKey(mm.URL)] = i
	}
	for i, mm := range out {
		m.byKey[mm.ID] = i // ids win over URL keys
	}
	m.tableSel = min(m.tableSel, max(0, len(m.rows())-1))
}

// chainMirrors are the mirrors of the effective and the pending chain that
// the catalog does not know: a URL that go env -w set is shown and probed
// like the others, so that what the chain panel and the triage say about
// it is measured, not guessed. Catalog mirrors the config hides stay
// hidden; entries go would refuse are left out.
func (m *Model) chainMirrors() []mirrors.Mirror {
	var out []mirrors.Mirror
	add := func(c mirrors.Chain) {
		for _, e := range c.Entries {
			if e.Kind != mirrors.KindProxy || e.MirrorID != "" || e.Unusable() != "" {
				continue
			}
			if mm, err := mirrors.ResolveMirror(m.cat, e.Resolved()); err == nil && mm.Source == mirrors.SourceArg {
				out = append(out, mm)
			}
		}
	}
	if m.chainOK {
		if c, err := mirrors.ParseChain(m.applied, m.cat); err == nil {
			add(c)
		}
	}
	add(m.editor.chain)
	return out
}

// sumdbName is the name of the checksum database GOSUMDB value v names;
// "" when v is off or invalid.
func sumdbName(v string) string {
	if db, err := mirrors.ParseSumDB(v); err == nil && !db.Off {
		return db.Name
	}
	return ""
}

// sameMirrors reports whether a and b are the same mirrors in the same
// order.
func sameMirrors(a, b []mirrors.Mirror) bool {
	return slices.EqualFunc(a, b, func(x, y mirrors.Mirror) bool { return x.ID == y.ID && x.URL == y.URL })
}

// mirrorByKey finds a shown mirror by its id or URLKey.
func (m *Model) mirrorByKey(key string) (mirrors.Mirror, bool) {
	if i, ok := m.byKey[key]; ok {
		return m.list[i], true
	}
	return mirrors.Mirror{}, false
}

// Update handles a message. It never blocks: I/O is left to commands.
// After each message the open guide or triage view is brought up to date
// (pure CPU; the checks they need are returned as commands).
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	mm, cmd := m.update(msg)
	nm := mm.(Model)
	// The mirrors shown changed (a custom mirror, a reloaded config, a
	// chain naming a new URL): probe exactly those. A reload always says
	// so: the wiring resets the scheduler to the catalog's mirrors (and may
	// start a new one), which drops the chain's own.
	reload := false
	if c, ok := msg.(ConfigChangedMsg); ok {
		reload = c.Err == nil
	}
	if nm.deps.SetMirrors != nil && (reload || nm.listGen != m.listGen && !sameMirrors(m.list, nm.list)) {
		cmd = tea.Batch(cmd, nm.deps.SetMirrors(slices.Clone(nm.list)))
	}
	if nm.sumdb != m.sumdb && nm.deps.SetSumDB != nil {
		// The checksum line routes the database GOSUMDB names: the
		// probes ask about that one.
		if db, err := mirrors.ParseSumDB(nm.sumdb); err == nil && !db.Off && db.Name != sumdbName(m.sumdb) {
			cmd = tea.Batch(cmd, nm.deps.SetSumDB(db.Name))
		}
	}
	if nm.listGen != m.listGen || nm.maxRound != m.maxRound && nm.reaskRelays() {
		// A chain naming a loopback URL: is it a goproxytui relay? And
		// each round, what do the outside relays say of their upstreams?
		if more := nm.detectRelays(); more != nil {
			cmd, mm = tea.Batch(cmd, more), nm
		}
	}
	if nm.screen == screenDashboard {
		return mm, cmd // the hot path: the model is not boxed again
	}
	var more tea.Cmd
	switch nm.screen {
	case screenGuide:
		switch msg.(type) {
		case ProbeResultMsg, SumDBCheckedMsg, EnvMsg, EnvChangedMsg, ConfigChangedMsg:
			more = nm.guideStep()
		}
	case screenTriage:
		switch msg := msg.(type) {
		case ProbeResultMsg:
			// A result of a mirror the findings read, or a new round
			// while they wait (which may end the wait, see stillWaiting).
			if nm.triage.ids[msg.Result.MirrorID] || len(nm.triage.waiting) > 0 && nm.maxRound != m.maxRound {
				more = nm.refreshTriage()
			}
		case tea.KeyPressMsg, SumDBCheckedMsg, EnvMsg, EnvChangedMsg, ConfigChangedMsg, AppliedMsg,
			RelayDetectedMsg, RelayStartedMsg, RelayStoppedMsg, RelayStatsMsg:
			more = nm.refreshTriage()
		}
	}
	if more != nil {
		cmd = tea.Batch(cmd, more)
	}
	return nm, cmd
}

func (m Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		if m.input != nil {
			m.resizeInput()
		}
		return m, nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.restyle()
		return m, nil
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		if m.input != nil {
			return m.updateInput(msg)
		}
		return m, nil
	case ProbeResultMsg:
		m.handleProbe(msg)
		return m, nil
	case EnvMsg:
		return m.handleEnv(msg)
	case EnvChangedMsg:
		return m.handleEnvChanged(msg)
	case ConfigChangedMsg:
		return m.handleConfigChanged(msg)
	case AppliedMsg:
		mm, cmd := m.handleApplied(msg)
		return quitIfRestored(mm, cmd, msg)
	case LockWaitMsg:
		m.setStatus(m.lang.T("waiting for the lock %s, held by %s (giving up after %s)…", msg.Holder.Path, msg.Holder.Message(m.lang), envcfg.LockTimeout))
		return m, nil
	case SumDBCheckedMsg:
		m.handleSumDBChecked(msg)
		return m, nil
	case RelayStartedMsg, RelayStoppedMsg, RelayStatsMsg, RelayDetectedMsg, relayTickMsg:
		return m.handleRelay(msg)
	case LogSavedMsg:
		if msg.Err != nil {
			m.setError(m.lang.T("saving the event log failed: %s", m.lang.Error(msg.Err)))
		} else {
			m.setStatus(m.lang.T("event log saved to %s", msg.Path))
		}
		return m, nil
	case ConfigSavedMsg:
		if msg.Err != nil {
			m.setError(m.lang.T("saving the config failed: %s", m.lang.Error(msg.Err)))
			m.logEvent(evError, m.status)
		} else if !m.guideSaving {
			m.setStatus(m.lang.T("config saved"))
		}
		m.guideSaving = false
		return m, nil
	}
	if m.input != nil {
		return m.updateInput(msg)
	}
	return m, nil
}

// setStatus and setError set the status line. Its text often quotes an
// error from outside (go's stderr, a server, a file), so it is sanitized.
func (m *Model) setStatus(s string) { m.status, m.statusErr = sanitize.Text(s, 0, false), false }
func (m *Model) setError(s string)  { m.status, m.statusErr = sanitize.Text(s, 0, false), true }

// patternKeys are the module path pattern lists the TUI edits, in the
// order of Model.pats.
var patternKeys = [...]string{"GOPRIVATE", "GONOPROXY", "GONOSUMDB"}

// dirty reports whether the chain, GOSUMDB or the pattern lists have
// unapplied edits.
func (m *Model) dirty() bool { return len(m.pendingChanges()) > 0 }

// pendingChanges lists the go env changes the pending edits amount to.
func (m *Model) pendingChanges() []envcfg.Change {
	if !m.envOK {
		return nil
	}
	var ch []envcfg.Change
	if m.chainOK || len(m.editor.chain.Entries) > 0 {
		if s := m.editor.chain.String(); s != m.applied {
			if len(m.editor.chain.Entries) == 0 {
				ch = append(ch, envcfg.Change{Key: "GOPROXY", Unset: true})
			} else {
				ch = append(ch, envcfg.Change{Key: "GOPROXY", Value: s})
			}
		}
	}
	if m.sumdb != m.env.Get("GOSUMDB").Value {
		ch = append(ch, envcfg.Change{Key: "GOSUMDB", Value: m.sumdb})
	}
	for i, k := range patternKeys {
		if m.pats[i] != m.env.Get(k).Value {
			ch = append(ch, envcfg.Change{Key: k, Value: m.pats[i]})
		}
	}
	return ch
}

// takeEnv makes s the baseline; with reset the pending edits become the
// effective values too. Without reset only the keys the user edited keep
// their pending values: a key not edited follows s, so that a change made
// outside (or by our own apply of another key) never turns into a pending
// edit back to the old value.
func (m *Model) takeEnv(s envcfg.Snapshot, reset bool) {
	edited := m.editedKeys()
	prev, had := m.env.Get("GOPROXY").Value, m.envOK
	m.env, m.envOK, m.envErr = s, true, nil
	gp := s.Get("GOPROXY").Value
	c, err := mirrors.ParseChain(gp, m.cat)
	m.chainOK, m.chainErr = err == nil, err
	if err == nil {
		m.applied = c.String()
	} else {
		m.applied = gp
		if !had || prev != gp { // say it once per value, not on every read
			m.logEvent(evError, m.lang.T("the effective GOPROXY is invalid: %s", chainErrText(m.lang, err)))
		}
	}
	if reset || !edited["GOPROXY"] {
		if err == nil {
			m.editor.chain = m.withWeights(c)
		} else {
			m.editor.chain = mirrors.Chain{}
		}
		m.editor.sel = min(m.editor.sel, max(0, len(m.editor.chain.Entries)-1))
		m.editor.edited = false
	}
	if reset || !edited["GOSUMDB"] {
		m.sumdb = s.Get("GOSUMDB").Value
	}
	for i, k := range patternKeys {
		if reset || !edited[k] {
			m.pats[i] = s.Get(k).Value
		}
	}
	m.rebuildList() // the chains may name mirrors not shown yet
}

// editedKeys is the set of keys with unapplied edits.
func (m *Model) editedKeys() map[string]bool {
	out := map[string]bool{}
	for _, c := range m.pendingChanges() {
		out[c.Key] = true
	}
	return out
}

// withWeights sets each entry's weight from the config.
func (m *Model) withWeights(c mirrors.Chain) mirrors.Chain {
	c.Entries = slices.Clone(c.Entries)
	for i := range c.Entries {
		if w, ok := m.cfg.Weights[c.Entries[i].Key()]; ok && w > 0 {
			c.Entries[i].Weight = w
		}
	}
	return c
}

// View renders the screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "goproxytui"
	return v
}

// cloneConfig copies cfg deeply enough for the edits the TUI makes (custom
// mirrors, weights), so that a command never shares memory with the model.
func cloneConfig(cfg *config.Config) *config.Config {
	c := *cfg
	c.Mirrors = slices.Clone(cfg.Mirrors)
	c.Hidden = slices.Clone(cfg.Hidden)
	c.Weights = maps.Clone(cfg.Weights)
	c.Profiles = maps.Clone(cfg.Profiles)
	return &c
}
