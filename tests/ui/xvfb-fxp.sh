#!/bin/bash
# A real mouse drag between two servers under Xvfb: Ferry on pyftpdlib server A, Ctrl+N for a
# second window, its connection bar typed to server B (both on 127.0.0.1, so pyftpdlib lets
# them reach each other: FXP); Ctrl+A in the first window's remote pane, then xdotool presses
# on its first row, moves over the second window's remote pane in small steps and releases.
# The run fails unless the files and the folder arrive on B, byte for byte. Pictures go to
# OUT (default build/screenshots/xvfb-fxp); look at them.
#
#   tests/ui/xvfb-fxp.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb-fxp}" && cd "${2:-$repo/build/screenshots/xvfb-fxp}" && pwd -P)
name=xvfb-fxp
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-fxp.XXXXXX")
servers=()
cleanup() { for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null; done; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/a/root/album" "$work/b/root" "$work/home"
head -c 3000000 /dev/urandom >"$work/a/root/big.bin"
printf 'copied between two servers\n' >"$work/a/root/copy-me.txt"
head -c 200000 /dev/urandom >"$work/a/root/album/photo.bin"
printf 'b\n' >"$work/a/root/album/b.txt"
xvfb_start_pyftpd "$work/a/root" "$work/a"
servers+=("$server")
port_a=$port
xvfb_start_pyftpd "$work/b/root" "$work/b"
servers+=("$server")
port_b=$port

cat >"$work/drag.sh" <<'DRAG'
#!/bin/bash
set -euo pipefail
ferry=$1 url_a=$2 url_b=$3 out=$4 home=$5
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache \
    QT_QPA_PLATFORM=xcb "$ferry" --local "$home" "$url_a" >"$home/ferry.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
first=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $first ]] || { echo "xvfb-fxp: no window" >&2; cat "$home/ferry.log" >&2; exit 1; }
xdotool windowmove "$first" 0 0 windowsize "$first" 800 800
xdotool windowfocus --sync "$first"
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-fxp: not connected" >&2; exit 1; }
sleep 2
xdotool key ctrl+n
second=
for ((i = 0; i < 100; i++)); do
    second=$(xdotool search --onlyvisible --pid "$app" --name 'Ferry' | grep -vx "$first" | head -n 1 || true)
    [[ -n $second ]] && break
    sleep 0.1
done
[[ -n $second ]] || { echo "xvfb-fxp: no second window" >&2; exit 1; }
xdotool windowmove "$second" 800 0 windowsize "$second" 800 800
xdotool windowfocus --sync "$second"
sleep 1
xdotool key ctrl+k
xdotool type --delay 20 "$url_b"
xdotool key Return
sleep 4
import -window root "$out/1-two-servers.png"
# The first window's remote pane: select everything, press on its first row, move over the
# second window's remote list, release there.
xdotool windowfocus --sync "$first"
xdotool mousemove "$FROM_X" "$FROM_Y" click 1
xdotool key ctrl+a
sleep 0.5
xdotool mousemove "$FROM_X" "$FROM_Y" mousedown 1
for ((i = 0; i < 30; i++)); do
    xdotool mousemove $((FROM_X + (TO_X - FROM_X) * i / 30)) $((FROM_Y + (TO_Y - FROM_Y) * i / 30))
    sleep 0.03
done
xdotool mousemove "$TO_X" "$TO_Y"
sleep 0.5
import -window root "$out/2-dragging.png"
xdotool mouseup 1
sleep 0.3
import -window root "$out/3-copying.png"
sleep 4
xdotool windowfocus --sync "$second"
xdotool mousemove $((800 + 137)) 655 click 1 # the second window's Transfers tab
sleep 0.5
import -window root "$out/4-transfers.png"
# The copies take their time on a loaded machine: the window stays until they are there
# (60 s at most), then the check below says what arrived.
for ((i = 0; i < 600; i++)); do
    all=1
    for f in $EXPECT; do cmp -s "$SRC_ROOT/$f" "$DST_ROOT/$f" || all=0; done
    ((all)) && break
    sleep 0.1
done
DRAG
chmod +x "$work/drag.sh"

# Where the rows are in an 800x800 window (the remote list's first row; the other window's
# remote list, empty space), as the screenshots show.
export EXPECT="big.bin copy-me.txt album/photo.bin album/b.txt" SRC_ROOT=$work/a/root DST_ROOT=$work/b/root
export FROM_X=${FROM_X:-500} FROM_Y=${FROM_Y:-292} TO_X=${TO_X:-1400} TO_Y=${TO_Y:-420}
xvfb-run -a -s "-screen 0 1600x800x24" "$work/drag.sh" "$ferry" "ftp://demo:demo@127.0.0.1:$port_a/" \
    "ftp://demo:demo@127.0.0.1:$port_b/" "$out" "$work/home"

status=0
for f in $EXPECT; do
    if ! cmp -s "$work/a/root/$f" "$work/b/root/$f"; then
        echo "xvfb-fxp: $f did not arrive" >&2
        status=1
    fi
done
[[ $status == 0 ]] && echo "xvfb-fxp: the files arrived; pictures in $out"
exit $status
