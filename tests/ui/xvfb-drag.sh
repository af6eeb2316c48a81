#!/bin/bash
# A real mouse drag under Xvfb: Ferry on a pyftpdlib server of its own, Ctrl+A in the local
# pane, then xdotool presses on the first selected row, moves over the remote pane in small
# steps (the drop target outlined) and releases. The run fails unless the files and the
# folder arrive on the server, byte for byte. Pictures go to OUT (default
# build/screenshots/xvfb-drag); look at them.
#
#   tests/ui/xvfb-drag.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb-drag}" && cd "${2:-$repo/build/screenshots/xvfb-drag}" && pwd -P)
name=xvfb-drag
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-drag.XXXXXX")
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/root" "$work/local/album" "$work/home"
printf 'dragged by a mouse\n' >"$work/local/drag-me.txt"
head -c 200000 /dev/urandom >"$work/local/album/photo.bin"
printf 'b\n' >"$work/local/album/b.txt"
xvfb_start_pyftpd "$work/root" "$work"

cat >"$work/drag.sh" <<'DRAG'
#!/bin/bash
set -euo pipefail
ferry=$1 url=$2 local=$3 out=$4 home=$5
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache \
    QT_QPA_PLATFORM=xcb "$ferry" --local "$local" "$url" >"$home/ferry.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $window ]] || { echo "xvfb-drag: no window" >&2; cat "$home/ferry.log" >&2; exit 1; }
xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
xdotool windowfocus --sync "$window"
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-drag: not connected" >&2; exit 1; }
sleep 3
# The local pane has the focus at start: select everything in it.
xdotool key ctrl+a
sleep 0.5
import -window root "$out/1-selected.png"
# Press on the first row of the local list, move over the remote list, release there.
xdotool mousemove "$FROM_X" "$FROM_Y" mousedown 1
for ((x = FROM_X, y = FROM_Y, i = 0; i < 30; i++)); do
    x=$((FROM_X + (TO_X - FROM_X) * i / 30)) y=$((FROM_Y + (TO_Y - FROM_Y) * i / 30))
    xdotool mousemove "$x" "$y"
    sleep 0.03
done
xdotool mousemove "$TO_X" "$TO_Y"
sleep 0.5
import -window root "$out/2-dragging.png"
xdotool mouseup 1
sleep 4
import -window root "$out/3-dropped.png"
xdotool mousemove 137 655 click 1   # the Transfers tab: what arrived is in Successful
sleep 0.5
xdotool mousemove 20 20
import -window root "$out/4-transfers.png"
DRAG
chmod +x "$work/drag.sh"

# Where the rows are in a 1280x800 window (the local list's first row; the remote list's
# empty space), as the screenshots show.
export FROM_X=${FROM_X:-120} FROM_Y=${FROM_Y:-292} TO_X=${TO_X:-900} TO_Y=${TO_Y:-420}
xvfb-run -a -s "-screen 0 1280x800x24" "$work/drag.sh" "$ferry" "ftp://demo:demo@127.0.0.1:$port/" \
    "$work/local" "$out" "$work/home"

status=0
for f in drag-me.txt album/photo.bin album/b.txt; do
    if ! cmp -s "$work/local/$f" "$work/root/$f"; then
        echo "xvfb-drag: $f did not arrive" >&2
        status=1
    fi
done
[[ $status == 0 ]] && echo "xvfb-drag: the files arrived; pictures in $out"
exit $status
