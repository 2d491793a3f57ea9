package cli

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/goproxytui/goproxytui/i18n"
	"github.com/goproxytui/goproxytui/themes"
)

// Dynamic completion: cobra's hidden __complete command calls these with
// the flags already parsed (a --config on the line counts).

// mirrorCompletions are the ids of the catalog merged with the config that
// start with prefix, each described by its name.
func (a *app) mirrorCompletions(prefix string) []cobra.Completion {
	cat := a.catalogOrBuiltin()
	var out []cobra.Completion
	for _, m := range cat.Mirrors {
		if strings.HasPrefix(m.ID, prefix) {
			m = cat.Localize(m, a.lang)
			out = append(out, cobra.CompletionWithDesc(m.ID, m.Name))
		}
	}
	return out
}

// profileCompletions are the profile names of the config (built-in ones
// included) that start with prefix.
func (a *app) profileCompletions(prefix string) []cobra.Completion {
	cfg, err := a.userConfig()
	if err != nil {
		return nil
	}
	var out []cobra.Completion
	for _, name := range slices.Sorted(maps.Keys(cfg.Profiles)) {
		if strings.HasPrefix(name, prefix) {
			out = append(out, cobra.CompletionWithDesc(name, a.lang.T("profile")))
		}
	}
	return out
}

// completeMirrorArgs completes positional mirror ids (probe, recommend,
// the TUI's extra mirrors).
func (a *app) completeMirrorArgs(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return a.mirrorCompletions(toComplete), cobra.ShellCompDirectiveNoFileComp
}

// completeChain completes a GOPROXY chain being typed: the entry after the
// last ',' or '|' is a mirror id or keyword; the shell adds no space, so
// that the chain can go on.
func (a *app) completeChain(toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	i := strings.LastIndexAny(toComplete, ",|")
	head, last := toComplete[:i+1], toComplete[i+1:]
	var out []cobra.Completion
	for _, c := range a.mirrorCompletions(last) {
		out = append(out, head+c)
	}
	for _, kw := range []string{"direct", "off"} {
		if strings.HasPrefix(kw, last) {
			out = append(out, head+kw)
		}
	}
	dir := cobra.ShellCompDirectiveNoFileComp
	if head != "" || len(out) > 1 {
		dir |= cobra.ShellCompDirectiveNoSpace
	}
	return out, dir
}

// completeProfiles completes --profile.
func (a *app) completeProfiles(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return a.profileCompletions(toComplete), cobra.ShellCompDirectiveNoFileComp
}

// completeByConvention gives every command the completions its names
// promise, unless it registered its own: --chain a GOPROXY chain,
// --profile a profile name, and MIRROR arguments ("exporter [MIRROR ...]")
// mirror ids. So a new command gets them by naming things as the others do.
func (a *app) completeByConvention(c *cobra.Command) {
	for _, sub := range c.Commands() {
		a.completeByConvention(sub)
	}
	if c.Flags().Lookup("chain") != nil {
		if _, ok := c.GetFlagCompletionFunc("chain"); !ok {
			_ = c.RegisterFlagCompletionFunc("chain", func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
				return a.completeChain(toComplete)
			})
		}
	}
	if c.Flags().Lookup("profile") != nil {
		if _, ok := c.GetFlagCompletionFunc("profile"); !ok {
			_ = c.RegisterFlagCompletionFunc("profile", a.completeProfiles)
		}
	}
	if c.ValidArgsFunction == nil && c.ValidArgs == nil && strings.Contains(c.Use, "[MIRROR") {
		c.ValidArgsFunction = a.completeMirrorArgs
	}
}

// completeWords completes a flag from a fixed list of words.
func completeWords(words []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		var out []cobra.Completion
		for _, w := range words {
			if strings.HasPrefix(w, toComplete) {
				out = append(out, w)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeThemes completes --theme.
func completeThemes(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	var out []cobra.Completion
	for _, n := range themes.Names() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// localizeCompletion translates the completion command cobra generates and
// says, for each shell, how to install the script.
func (a *app) localizeCompletion(c *cobra.Command) {
	l := a.lang
	c.Short = l.T("print a shell completion script: bash, zsh, fish or powershell")
	// cobra's completion command alone shows its help and exits 0; with an
	// unknown shell too.
	c.Args = cobra.ArbitraryArgs
	c.RunE = func(cmd *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usageError(cmd.CommandPath(), i18n.Errorf("completion: unknown shell %q (bash, zsh, fish, powershell)", args[0]))
		}
		return usageError(cmd.CommandPath(), i18n.Errorf("completion: missing shell (bash, zsh, fish, powershell)"))
	}
	c.Long = l.T("Prints the script that completes goproxytui's commands, flags, mirror ids, profile names and themes in your shell. See each shell's help for how to install it.")
	// Per shell: how to load the script in every new shell, and in this one.
	install := map[string][2]string{
		"bash":       {"goproxytui completion bash > ~/.local/share/bash-completion/completions/goproxytui", "source <(goproxytui completion bash)"},
		"zsh":        {"goproxytui completion zsh > \"${fpath[1]}/_goproxytui\"", "source <(goproxytui completion zsh)"},
		"fish":       {"goproxytui completion fish > ~/.config/fish/completions/goproxytui.fish", "goproxytui completion fish | source"},
		"powershell": {"goproxytui completion powershell >> $PROFILE", "goproxytui completion powershell | Out-String | Invoke-Expression"},
	}
	for _, sub := range c.Commands() {
		lines, ok := install[sub.Name()]
		if !ok {
			continue
		}
		sub.Args = noArgs // cobra's own check says "unknown command", exit 1
		sub.Short = l.T("print the completion script for %s", sub.Name())
		sub.Long = fmt.Sprintf("%s\n\n    %s\n\n%s\n\n    %s", l.T("Prints the completion script for %s. To load it in every new shell:", sub.Name()), lines[0],
			l.T("To load it in this shell only:"), lines[1])
		if f := sub.Flags().Lookup("no-descriptions"); f != nil {
			f.Usage = l.T("leave out the descriptions of the completions")
		}
	}
}
