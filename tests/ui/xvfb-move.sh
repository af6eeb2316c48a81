#!/bin/bash
# Moves to the other side under Xvfb with real keys and a real mouse: Ferry on a pyftpdlib
# server of its own; a local file clicked, Shift+F6 (Upload and Delete Local Copy), the
# question answered with Return; then a local folder dragged onto the remote list with Shift
# held, the drop menu's "Move Here" clicked. The run fails unless both arrive on the server
# byte for byte and leave the local disk. Pictures go to OUT (default
# build/screenshots/xvfb-move); look at them.
#
#   tests/ui/xvfb-move.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb-move}" && cd "${2:-$repo/build/screenshots/xvfb-move}" && pwd -P)
name=xvfb-move
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-move.XXXXXX")
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/root" "$work/local/album" "$work/home" "$work/expected/album"
printf 'moved by Shift+F6\n' >"$work/local/a-report.txt"
head -c 300000 /dev/urandom >"$work/local/album/photo.bin"
printf 'b\n' >"$work/local/album/b.txt"
printf 'stays\n' >"$work/local/z-stays.txt"
cp -a "$work/local/a-report.txt" "$work/expected/"
cp -a "$work/local/album/." "$work/expected/album/"
xvfb_start_pyftpd "$work/root" "$work"

cat >"$work/move.sh" <<'MOVE'
#!/bin/bash
set -euo pipefail
ferry=$1 url=$2 local=$3 out=$4 home=$5
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache \
    QT_QPA_PLATFORM=xcb "$ferry" --local "$local" "$url" >"$home/ferry.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $window ]] || { echo "xvfb-move: no window" >&2; cat "$home/ferry.log" >&2; exit 1; }
xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
xdotool windowfocus --sync "$window"
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-move: not connected" >&2; exit 1; }
sleep 3
import -window root "$out/1-start.png"
# The local list (folders first): album, a-report.txt, z-stays.txt. Click a-report.txt.
xdotool mousemove "$FILE_X" "$FILE_Y" click 1
sleep 0.5
xdotool key shift+F6
sleep 1
import -window root "$out/2-confirmation.png"
xdotool key Return
for ((i = 0; i < 100; i++)); do
    [[ -e $local/a-report.txt ]] || break
    sleep 0.1
done
sleep 1
import -window root "$out/3-moved.png"
# Press on "album", start dragging, hold Shift, go over the remote list's empty space, drop.
xdotool mousemove "$FROM_X" "$FROM_Y" mousedown 1
for ((i = 1; i <= 30; i++)); do
    xdotool mousemove $((FROM_X + (TO_X - FROM_X) * i / 30)) $((FROM_Y + (TO_Y - FROM_Y) * i / 30))
    [[ $i == 5 ]] && xdotool keydown shift
    sleep 0.03
done
sleep 0.5
xdotool mouseup 1
sleep 0.3
xdotool keyup shift
sleep 1
import -window root "$out/4-drop-menu.png"
xdotool key m # "&Move Here"
for ((i = 0; i < 150; i++)); do
    [[ -e $local/album ]] || break
    sleep 0.1
done
sleep 1
xdotool mousemove 137 655 click 1 # the Transfers tab: the moves in Successful (↦)
sleep 0.5
xdotool mousemove 226 757 click 1
sleep 0.5
xdotool mousemove 20 20
import -window root "$out/5-transfers.png"
MOVE
chmod +x "$work/move.sh"

# Where the rows are in a 1280x800 window (the local list's rows; the remote list's empty
# space), as the screenshots show.
export FILE_X=${FILE_X:-120} FILE_Y=${FILE_Y:-292} FROM_X=${FROM_X:-120} FROM_Y=${FROM_Y:-272}
export TO_X=${TO_X:-900} TO_Y=${TO_Y:-420}
xvfb-run -a -s "-screen 0 1280x800x24" "$work/move.sh" "$ferry" "ftp://demo:demo@127.0.0.1:$port/" \
    "$work/local" "$out" "$work/home"

status=0
for f in a-report.txt album/photo.bin album/b.txt; do
    if ! cmp -s "$work/expected/$f" "$work/root/$f"; then
        echo "xvfb-move: $f did not arrive" >&2
        status=1
    fi
done
for f in a-report.txt album; do
    [[ -e $work/local/$f ]] && { echo "xvfb-move: $f is still on the local disk" >&2; status=1; }
done
[[ -e $work/local/z-stays.txt ]] || { echo "xvfb-move: z-stays.txt went" >&2; status=1; }
[[ $status == 0 ]] && echo "xvfb-move: both moves arrived and left the local disk; pictures in $out"
exit $status
