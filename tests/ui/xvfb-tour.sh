#!/bin/bash
# The window as a person sees it: Ferry under Xvfb on the bundled demo server, driven with
# real X input (xdotool: XTEST keys and clicks), photographed with `import` at each step.
# Five looks: 1280x800 and 1920x1080 in the light and the dark palette, and 200 %
# (QT_SCALE_FACTOR=2 on a 2560x1600 screen). The pictures go to OUT (default
# build/screenshots/xvfb); look at them. The run fails when the window does not appear,
# does not reach the demo server's folders, or does not answer the keys.
#
#   tests/ui/xvfb-tour.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb}" && cd "${2:-$repo/build/screenshots/xvfb}" && pwd -P)
name=xvfb-tour
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-xvfb.XXXXXX")
pid_file=$work/demo.pid
cleanup() { [[ -f $pid_file ]] && kill "$(cat "$pid_file")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$("$repo/tools/demo-server" --port 0 --background --pid-file "$pid_file" | head -n 1)
url="ftp://demo:demo@127.0.0.1:$port/"
cp -R "$repo/resources/demo" "$work/local"

# One look: screen size, colours, scale. Runs inside its own Xvfb.
cat >"$work/look.sh" <<'LOOK'
#!/bin/bash
set -euo pipefail
name=$1 width=$2 height=$3 colours=$4 ferry=$5 url=$6 local=$7 out=$8 home=$9
mkdir -p "$home/.config/ferry"
printf '[view]\ncolours=%s\n' "$colours" >"$home/.config/ferry/window.conf"
# On this X server whatever the caller's environment says (ctest runs with offscreen).
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache \
    QT_QPA_PLATFORM=xcb "$ferry" --local "$local" "$url" >"$home/ferry.log" 2>&1 &
app=$!
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $window ]] || { echo "xvfb-tour: $name: no window" >&2; cat "$home/ferry.log" >&2; exit 1; }
xdotool windowmove "$window" 0 0 windowsize "$window" "$width" "$height"
xdotool windowfocus --sync "$window"
shot() { sleep 0.7; import -window root "$out/$name-$1.png"; }
sleep 3                            # the demo server's folder listed
# Connected: the title names the server.
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-tour: $name: not connected" >&2; exit 1; }
shot 1-connected
xdotool key Tab Home Return         # to the remote pane, into "docs"
sleep 1.5
shot 2-remote-docs
xdotool key ctrl+f; xdotool type --delay 60 'md'
shot 3-filter
xdotool key Escape BackSpace        # close the filter, up again
sleep 1
xdotool key F7                      # a new folder: its name dialog
timeout 20 xdotool search --sync --onlyvisible --pid "$app" --name 'New Folder' >/dev/null ||
    { echo "xvfb-tour: $name: F7 opened no dialog" >&2; exit 1; }
shot 4-new-folder-dialog
xdotool key Escape
xdotool key shift+Tab               # back to the local pane
xdotool key ctrl+h                  # hidden files
shot 5-local
# Without a window manager the X focus is lost when a dialog closes (F7's above): give it back.
xdotool windowfocus --sync "$window"
xdotool key ctrl+s                  # the Site Manager
timeout 20 xdotool search --sync --onlyvisible --pid "$app" --name 'Site Manager' >/dev/null ||
    { echo "xvfb-tour: $name: Ctrl+S opened no Site Manager" >&2; exit 1; }
sleep 1
xdotool key alt+n                   # New Site: its settings on the right
xdotool type --delay 40 'ftp.example.com'
shot 6-site-manager
xdotool key Escape
kill "$app"
LOOK
chmod +x "$work/look.sh"

run() { # name width height colours [env...]
    local name=$1 w=$2 h=$3 colours=$4; shift 4
    local screen_w=$w screen_h=$h
    if [[ $name == *200* ]]; then screen_w=$((w * 2)); screen_h=$((h * 2)); fi
    env "$@" xvfb-run -a -s "-screen 0 ${screen_w}x${screen_h}x24" \
        "$work/look.sh" "$name" "$screen_w" "$screen_h" "$colours" "$ferry" "$url" "$work/local" "$out" "$work/home-$name"
    echo "xvfb-tour: $name: $(ls "$out/$name"-*.png | wc -l) pictures"
}
run 1280x800-light 1280 800 light
run 1920x1080-light 1920 1080 light
run 1280x800-dark 1280 800 dark
run 1920x1080-dark 1920 1080 dark
run 1280x800-200pc 1280 800 light QT_SCALE_FACTOR=2
echo "xvfb-tour: pictures in $out"
