package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/goproxytui/goproxytui/config"
	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/mirrors"
)

// inputKind says what a text input edits.
type inputKind int

const (
	inputSumDB inputKind = iota
	inputPrivate
	inputNoProxy
	inputNoSumDB
	inputMirror
	inputFilter
)

// input is an open text input. While it is open it receives every key
// (update), which edits its fields; it draws itself (render); the root
// checks the value as it changes (validateInput) and takes it on submit.
type input struct {
	common common
	kind   inputKind
	fields []textinput.Model
	labels []string
	cur    int
	err    string // why the value cannot be accepted; "" when valid
	warn   string // accepted, but probably not what the user wants
}

// openInput opens a text input of kind k.
func (m *Model) openInput(k inputKind) tea.Cmd {
	l := m.lang
	in := &input{kind: k, common: m.shared()}
	add := func(label, value, placeholder string) {
		t := textinput.New()
		t.Prompt = ""
		t.Placeholder = placeholder
		t.SetValue(value)
		t.SetWidth(m.fieldWidth(label))
		s := textinput.DefaultStyles(m.dark)
		s.Focused.Prompt, s.Focused.Text, s.Focused.Placeholder = m.st.Input.Prompt, m.st.Input.Text, m.st.Input.Placeholder
		t.SetStyles(s)
		in.fields = append(in.fields, t)
		in.labels = append(in.labels, label)
	}
	switch k {
	case inputSumDB:
		add("GOSUMDB", m.sumdb, "sum.golang.org")
		var names []string
		for _, db := range m.cat.SumDBs {
			names = append(names, db.Name)
		}
		in.fields[0].SetSuggestions(names)
		in.fields[0].ShowSuggestions = true
	case inputPrivate, inputNoProxy, inputNoSumDB:
		i := patternIndex(k)
		add(patternKeys[i], m.pats[i], "github.com/mycorp/*,*.corp.example.com")
	case inputMirror:
		add(l.T("name"), "", "mycorp")
		add("URL", "", "https://goproxy.mycorp.example")
	case inputFilter:
		add("/", m.filter, l.T("id, name or URL"))
	}
	m.input = in
	m.validateInput()
	return in.fields[0].Focus()
}

// fieldWidth is the width of a text field with label in the input box: the
// box is min(width-4, 100) wide with a border and padding (4), and each
// field line has a mark and the label before it.
func (m *Model) fieldWidth(label string) int {
	return max(10, min(m.width-4, 100)-4-2-widthOf(label)-2-1)
}

// resizeInput fits the open input's fields to a new terminal width.
func (m *Model) resizeInput() {
	cp := m.input.clone()
	for i := range cp.fields {
		cp.fields[i].SetWidth(m.fieldWidth(cp.labels[i]))
	}
	m.input = cp
}

// inputAction is what a message to the open input asks of the root.
type inputAction int

const (
	inputEdited inputAction = iota // a field took the message (its value may have changed)
	inputMoved                     // the cursor went to another field
	inputCancel                    // esc: close, nothing taken
	inputSubmit                    // enter on the last field: take the value
)

// update hands msg to the input. It returns the input changed (a copy:
// models share the pointer), what msg asks of the root and the field's
// command.
func (in *input) update(msg tea.Msg) (*input, inputAction, tea.Cmd) {
	k := in.common.KeyMap
	if kp, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(kp, k.Escape), kp.String() == "ctrl+c":
			return in, inputCancel, nil
		case key.Matches(kp, k.Submit):
			if in.kind == inputMirror && in.cur < len(in.fields)-1 {
				cp, cmd := in.focusField(in.cur + 1)
				return cp, inputMoved, cmd
			}
			return in, inputSubmit, nil
		case in.kind == inputMirror && (kp.String() == "tab" || kp.String() == "shift+tab"):
			cp, cmd := in.focusField((in.cur + 1) % len(in.fields))
			return cp, inputMoved, cmd
		}
	}
	cp := in.clone()
	var cmd tea.Cmd
	cp.fields[cp.cur], cmd = cp.fields[cp.cur].Update(msg)
	return cp, inputEdited, cmd
}

// clone copies the input and its fields.
func (in *input) clone() *input {
	cp := *in
	cp.fields = append([]textinput.Model(nil), in.fields...)
	return &cp
}

// focusField moves the cursor to field i.
func (in *input) focusField(i int) (*input, tea.Cmd) {
	cp := in.clone()
	cp.fields[cp.cur].Blur()
	cp.cur = i
	return cp, cp.fields[i].Focus()
}

// ShortHelp is the input's keys.
func (in *input) ShortHelp() []key.Binding {
	k := in.common.KeyMap
	if in.kind == inputMirror {
		return localized(in.common.Lang, k.Submit, k.NextField, k.Escape)
	}
	return localized(in.common.Lang, k.Submit, k.Escape)
}

// FullHelp lists the input's keys.
func (in *input) FullHelp() [][]key.Binding { return [][]key.Binding{in.ShortHelp()} }

// SetSize sets the width and height the input is drawn in.
func (in *input) SetSize(width, height int) { in.common.Width, in.common.Height = width, height }

// updateInput hands a message to the open input and does what it asks.
func (m Model) updateInput(msg tea.Msg) (tea.Model, tea.Cmd) {
	in, act, cmd := m.input.update(msg)
	switch act {
	case inputCancel:
		if in.kind == inputFilter {
			m.refilter("")
		}
		m.input = nil
		return m, nil
	case inputSubmit:
		return m.submitInput()
	}
	m.input = in
	if act == inputEdited {
		m.validateInput()
		if in.kind == inputFilter {
			m.refilter(in.fields[0].Value())
		}
	}
	return m, cmd
}

// validateInput checks the input's value as the user types.
func (m *Model) validateInput() {
	in := m.input
	in.err, in.warn = "", ""
	l := m.lang
	v := in.fields[0].Value()
	switch in.kind {
	case inputSumDB:
		// The gate's verdict, as use and config check give it.
		switch err := mirrors.CheckSumDB(v); {
		case mirrors.IsForceable(err):
			in.warn = l.Error(err)
		case err != nil:
			in.err = l.Error(err)
		}
	case inputPrivate, inputNoProxy, inputNoSumDB:
		issues, err := mirrors.CheckPatterns(v)
		var warns []string
		switch gerr := mirrors.CheckPatternList(patternKeys[patternIndex(in.kind)], v); {
		case gerr != nil && !mirrors.IsForceable(gerr):
			err = gerr // a control character: refused, as by use
		case gerr != nil:
			// A pattern that can match no module path: use refuses it
			// without --force; here it is said while typing, and submit
			// asks to confirm (patternWarning).
			warns = append(warns, l.Error(gerr))
		}
		if err != nil {
			in.err = l.Error(err)
		}
		for _, is := range issues {
			warns = append(warns, is.Message(l))
		}
		in.warn = strings.Join(warns, "; ")
	case inputMirror:
		in.err = m.checkNewMirror(v, in.fields[1].Value())
	}
}

// checkNewMirror validates a custom mirror's name and URL with the gate
// for a mirror the user defines, as config check and add do, then that
// neither is taken by a mirror already listed.
func (m *Model) checkNewMirror(name, raw string) string {
	l := m.lang
	if name == "" {
		return l.T("name: required")
	}
	if err := mirrors.CheckMirrorID(name); err != nil {
		return l.T("name: %s", l.Error(err))
	}
	if _, ok := m.mirrorByKey(name); ok {
		return l.T("name: %q is taken", name)
	}
	if raw == "" {
		return l.T("URL: required")
	}
	if err := mirrors.CheckMirrorURL(name, raw); err != nil {
		return l.T("URL: %s", l.Error(err))
	}
	if _, ok := m.mirrorByKey(mirrors.URLKey(mirrors.URLWithScheme(strings.TrimSpace(raw)))); ok {
		return l.T("URL: that mirror is already listed")
	}
	return ""
}

// patternIndex is the index in patternKeys (and Model.pats) of the key a
// pattern input edits.
func patternIndex(k inputKind) int {
	switch k {
	case inputNoProxy:
		return 1
	case inputNoSumDB:
		return 2
	}
	return 0
}

// patternWarning is the warning a pattern list for key needs confirming
// (mirrors.PatternConfirmation: a pattern that can match no module path,
// such as a URL with a scheme), in l; "" when it needs none. The same rule
// makes 'goproxytui use --noproxy/--nosumdb/--private' refuse it unless
// --force.
func patternWarning(l i18n.Lang, key, list string) string {
	if err := mirrors.PatternConfirmation(key, list); err != nil {
		return "! " + l.Error(err)
	}
	return ""
}

// validPort reports whether p is a TCP port go can dial (1–65535).
// submitInput accepts the input's value.
func (m Model) submitInput() (tea.Model, tea.Cmd) {
	in := m.input
	if in.err != "" {
		return m, nil
	}
	m.input = nil
	l := m.lang
	v := in.fields[0].Value()
	switch in.kind {
	case inputSumDB:
		m.sumdb = v
		m.setStatus(l.T("GOSUMDB edited: press a to apply"))
	case inputPrivate, inputNoProxy, inputNoSumDB:
		i := patternIndex(in.kind)
		if warn := patternWarning(l, patternKeys[i], v); warn != "" {
			// A pattern that can match no module path: asked first,
			// with the warning in the question.
			m.dialog = &dialog{kind: dialogPattern, title: l.T("Keep %s with a pattern that matches no module path?", patternKeys[i]),
				lines: []string{warn, patternKeys[i] + "=" + mirrors.RedactList(v)}, key: patternKeys[i], value: v}
			return m, nil
		}
		m.pats[i] = v
		m.setStatus(l.T("%s edited: press a to apply", patternKeys[i]))
	case inputFilter:
		m.refilter(v)
	case inputMirror:
		return m, m.addMirror(v, in.fields[1].Value())
	}
	return m, nil
}

// addMirror adds a custom mirror to the config (saved atomically by the
// wiring) and to the probed set.
func (m *Model) addMirror(name, raw string) tea.Cmd {
	mm := mirrors.Mirror{ID: name, Name: name, URL: strings.TrimRight(raw, "/"), Weight: 1, Source: mirrors.SourceConfig}
	cfg := cloneConfig(m.cfg)
	cfg.Mirrors = append(cfg.Mirrors, config.Mirror{ID: name, URL: mm.URL})
	if err := cfg.Validate(); err != nil {
		m.setError(m.lang.T("cannot add mirror %s: %s", name, m.lang.Error(err)))
		return nil
	}
	// Extend the catalog shown (not config.LoadCatalog: in --demo the
	// catalog is the simulated fleet's, not the built-in one).
	cat := *m.cat
	cat.Mirrors = append(slices.Clone(m.cat.Mirrors), mm)
	m.cfg, m.cat = cfg, &cat
	m.rebuildList()
	m.logEvent(evInfo, m.lang.T("added mirror %s (%s)", name, mirrors.RedactURL(mm.URL)))
	m.setStatus(m.lang.T("added mirror %s: saving the config", name))
	var cmds []tea.Cmd
	if m.cfgErr != nil {
		m.setError(m.lang.T("added %s for this run only: the config file has an error, fix it first so nothing you wrote there is overwritten", name))
	} else if m.deps.SaveConfig != nil {
		cmds = append(cmds, m.deps.SaveConfig(cloneConfig(cfg)))
	}
	// Update tells the scheduler about the new mirror (the list changed).
	return tea.Batch(cmds...)
}

// render draws the input in width w: its fields and what validation says.
func (in *input) render(w int) []string {
	l, st := in.common.Lang, in.common.Styles
	title := map[inputKind]string{
		inputSumDB:   l.T("Edit GOSUMDB (off, sum.golang.org, sum.golang.google.cn, name+key [URL])"),
		inputPrivate: l.T("Edit GOPRIVATE (comma-separated module path globs)"),
		inputNoProxy: l.T("Edit GONOPROXY (module path globs fetched directly, not through GOPROXY; empty: GOPRIVATE's)"),
		inputNoSumDB: l.T("Edit GONOSUMDB (module path globs not checked against the checksum database; empty: GOPRIVATE's)"),
		inputMirror:  l.T("Add a custom mirror (saved to the config)"),
		inputFilter:  l.T("Filter mirrors"),
	}[in.kind]
	lines := []string{st.Accent.Render(title)}
	for i, f := range in.fields {
		mark := "  "
		if i == in.cur {
			mark = "▸ "
		}
		lines = append(lines, mark+st.Input.Prompt.Render(in.labels[i]+": ")+f.View())
	}
	for i := range lines {
		lines[i] = truncate(lines[i], w)
	}
	// What validation says is wrapped, never cut: it is the point.
	say := func(sty lipgloss.Style, mark, text string) {
		for i, p := range wrap(text, w-2) {
			if i == 0 {
				p = mark + " " + p
			} else {
				p = "  " + p
			}
			lines = append(lines, sty.Render(p))
		}
	}
	switch {
	case in.err != "":
		say(st.Input.Error, "✗", in.err)
	case in.warn != "":
		say(st.Warning, "!", in.warn)
	case in.kind != inputFilter:
		lines = append(lines, st.Input.OK.Render("✓ "+l.T("valid")))
	}
	return lines
}
