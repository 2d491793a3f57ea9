#!/bin/sh
# Regenerates docs/dashboard.png, the README's picture of the dashboard:
# a real capture of `goproxytui --demo` (simulated mirrors, a temp go env
# file: nothing of yours is read or written), taken in a private tmux
# server at 100x30 and rendered with charm's freeze.
#
#   scripts/screenshot.sh [OUTPUT.png]     (default docs/dashboard.png)
#
# Needs go, tmux, rsvg-convert (librsvg) and network access to the Go module proxy once (freeze is
# installed at a pinned version into a temp GOBIN; it is not a dependency
# of goproxytui). Everything but the image is made in a temp dir and
# removed at the end, tmux server included.
set -eu

cd "$(dirname "$0")/.."
out=${1:-docs/dashboard.png}
cols=100
rows=30
freeze_version=v0.2.2
# The longest the demo may take to show a full dashboard: the first probe
# round and a few more, so that the "recent" column has a history.
timeout_s=90

command -v tmux >/dev/null || { echo "screenshot.sh: tmux is not installed" >&2; exit 1; }
# freeze makes the PNG with rsvg-convert when it is on PATH; its built-in
# converter (resvg in WebAssembly, run by wazero) crashes with a memory
# fault when freeze is built with Go 1.26, so rsvg-convert is required.
command -v rsvg-convert >/dev/null || {
	echo "screenshot.sh: rsvg-convert is not installed (Debian/Ubuntu: apt-get install librsvg2-bin; macOS: brew install librsvg)" >&2
	exit 1
}
gobin_dir=$(dirname "$(command -v go)")

# A short path: the header shows the demo's go env file, in this dir.
work=$(mktemp -d /tmp/gpshot.XXXXXX)
sock="$work/tmux.sock"
cleanup() {
	tmux -S "$sock" kill-server 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "building goproxytui and freeze@$freeze_version ..." >&2
go build -o "$work/goproxytui" .
GOBIN="$work/bin" GOFLAGS= go install "github.com/charmbracelet/freeze@$freeze_version"

# A sandbox like the tests': its own HOME, XDG dirs, go env file and temp
# dir, and no variable of the caller's environment but PATH to go.
mkdir -p "$work/home" "$work/config/go" "$work/state" "$work/cache"
cmd="env -i PATH='$gobin_dir:/usr/bin:/bin' HOME='$work/home' XDG_CONFIG_HOME='$work/config' XDG_STATE_HOME='$work/state' XDG_CACHE_HOME='$work/cache' GOENV='$work/config/go/env' GOTOOLCHAIN=local GOFLAGS= TMPDIR='$work' TERM=tmux-256color COLORTERM=truecolor LANG=C.UTF-8 '$work/goproxytui' --demo --theme dark"
tmux -S "$sock" -f /dev/null start-server \; \
	set-option -g remain-on-exit on \; \
	new-session -d -s shot -x "$cols" -y "$rows" "$cmd"

screen() { tmux -S "$sock" capture-pane -p -t shot; }

# wait_for WHAT TEST: polls the screen every 0.2 s until the shell test
# TEST (given the screen in $scr) passes, at most $timeout_s seconds.
wait_for() {
	n=0
	while :; do
		scr=$(screen)
		if eval "$2"; then
			return 0
		fi
		n=$((n + 1))
		if [ "$n" -gt $((timeout_s * 5)) ]; then
			echo "screenshot.sh: timed out waiting for $1; the screen was:" >&2
			printf '%s\n' "$scr" >&2
			exit 1
		fi
		sleep 0.2
	done
}

# The demo's config is a fresh temp file, so the first-run guide opens:
# leave it with esc (it then changes nothing).
wait_for "the first-run guide or the dashboard" \
	'case $scr in *"first run"*|*"━ Mirrors"*) true;; *) false;; esac'
case $scr in *"first run"*)
	tmux -S "$sock" send-keys -t shot Escape
	wait_for "the dashboard" 'case $scr in *"━ Mirrors"*) true;; *) false;; esac'
esac

# Full enough: six mirrors with at least four results (bars, or × for a
# failure) in their "recent" column. That is in the demo's first 20 s, while
# proxy.golang.org stalls (the go command would hang) and the others are
# mostly healthy; later the scripted faults take over the table.
wait_for "four probe rounds" \
	'[ "$(printf "%s\n" "$scr" | LC_ALL=C.UTF-8 grep -cE " [▁▂▃▄▅▆▇█×]{4,} ")" -ge 6 ]'
# Select goproxy.cn, so the detail panel shows a healthy mirror's phases.
tmux -S "$sock" send-keys -t shot Down
wait_for "goproxy.cn selected" 'case $scr in *"goproxy.cn https://"*) true;; *) false;; esac'

tmux -S "$sock" capture-pane -e -p -t shot >"$work/dashboard.ansi"
# SCREENSHOT_ANSI=FILE keeps the raw capture (with its escape sequences).
if [ -n "${SCREENSHOT_ANSI:-}" ]; then cp "$work/dashboard.ansi" "$SCREENSHOT_ANSI"; fi

# freeze 0.2.2 ignores SGR 39 and 49 (default foreground and background),
# so text after them would keep the previous colour: spell the defaults
# out (#d0d0d0 as the text colour, the image's #171717 background).
esc=$(printf '\033')
sed -e "s/${esc}\[39m/${esc}[38;5;252m/g" -e "s/${esc}\[49m/${esc}[48;2;23;23;23m/g" \
	"$work/dashboard.ansi" >"$work/dashboard.fixed.ansi"

mkdir -p "$(dirname "$out")"
"$work/bin/freeze" --language ansi --window --theme charm \
	--font.family monospace --font.size 14 --line-height 1.2 \
	--padding 20,24 --margin 0 \
	--border.radius 8 --background "#171717" \
	--output "$out" "$work/dashboard.fixed.ansi"
echo "wrote $out" >&2
