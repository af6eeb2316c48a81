#!/bin/bash
# Real mouse drags under Xvfb, with Dolphin beside Ferry on one private session bus:
# 1. within the remote pane: move-me.txt pressed, moved onto the folder row "archive" and
#    released: a move on the server (RNFR/RNTO), nothing downloaded or deleted otherwise;
# 2. out of the remote pane onto Dolphin's window (Dolphin on a folder of its own, with its
#    own HOME and XDG folders): report.txt and the folder photos are downloaded into
#    Dolphin's folder through Ferry's queue (Ark's drag protocol over D-Bus);
# 3. a local file dragged from the local pane onto Dolphin with Shift held: Dolphin moves it
#    (file URLs) and it leaves Ferry's local pane (see 7-local-moved.png).
# The run fails unless the server and Dolphin's folder end up as expected, byte for byte.
# Pictures (the drags in progress, the results) go to OUT (default
# build/screenshots/xvfb-dragout); look at them.
#
#   tests/ui/xvfb-dragout.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb-dragout}" && cd "${2:-$repo/build/screenshots/xvfb-dragout}" && pwd -P)
name=xvfb-dragout
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
for tool in dolphin dbus-run-session; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is missing (tools/install-deps test)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-dragout.XXXXXX")
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/root/archive" "$work/root/photos/more" "$work/local" "$work/home" "$work/dolphin-home" "$work/dolphin"
printf 'moved on the server\n' >"$work/root/move-me.txt"
printf 'the report\n' >"$work/root/report.txt"
head -c 300000 /dev/urandom >"$work/root/photos/a.jpg"
printf 'b\n' >"$work/root/photos/more/b.txt"
cp -a "$work/root" "$work/expected"
printf 'already here\n' >"$work/dolphin/existing.txt"
printf 'moved by Dolphin\n' >"$work/local/local-move.txt"
cp "$work/local/local-move.txt" "$work/expected/"
xvfb_start_pyftpd "$work/root" "$work"

cat >"$work/drag.sh" <<'DRAG'
#!/bin/bash
set -euo pipefail
ferry=$1 url=$2 local=$3 out=$4 home=$5 dhome=$6 dfolder=$7
# Drags in small steps, holding the button (xdotool's moves are real pointer motion).
drag() { # FROM_X FROM_Y TO_X TO_Y SCREENSHOT [KEY held from half-way to the drop]
    local fx=$1 fy=$2 tx=$3 ty=$4 shot=$5 key=${6:-} x y i
    xdotool mousemove "$fx" "$fy" mousedown 1
    for ((i = 0; i <= 30; i++)); do
        x=$((fx + (tx - fx) * i / 30)) y=$((fy + (ty - fy) * i / 30))
        xdotool mousemove "$x" "$y"
        [[ -n $key && $i == 15 ]] && xdotool keydown "$key"
        sleep 0.03
    done
    sleep 0.6
    import -window root "$out/$shot"
    xdotool mouseup 1
    [[ -z $key ]] || xdotool keyup "$key"
}
mkdir -p "$dhome/run" && chmod 700 "$dhome/run"
HOME=$dhome XDG_CONFIG_HOME=$dhome/.config XDG_DATA_HOME=$dhome/.local/share XDG_CACHE_HOME=$dhome/.cache \
    XDG_RUNTIME_DIR=$dhome/run QT_QPA_PLATFORM=xcb dolphin --new-window "$dfolder" >"$dhome/dolphin.log" 2>&1 &
dolphin=$!
HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share XDG_CACHE_HOME=$home/.cache \
    QT_QPA_PLATFORM=xcb "$ferry" --local "$local" "$url" >"$home/ferry.log" 2>&1 &
app=$!
trap 'kill $app $dolphin 2>/dev/null || true' EXIT
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $window ]] || { echo "xvfb-dragout: no Ferry window" >&2; cat "$home/ferry.log" >&2; exit 1; }
dwindow=$(timeout 60 xdotool search --sync --onlyvisible --pid "$dolphin" --name 'dolphin' | head -n 1)
[[ -n $dwindow ]] || { echo "xvfb-dragout: no Dolphin window" >&2; cat "$dhome/dolphin.log" >&2; exit 1; }
xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
xdotool windowmove "$dwindow" 1290 0 windowsize "$dwindow" 700 800
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-dragout: not connected" >&2; exit 1; }
sleep 3
import -window root "$out/1-start.png"
# 1. Within the remote pane (rows: archive, photos, move-me.txt, report.txt).
drag "$RX" "$ROW3" "$RX" "$ROW1" 2-moving-onto-archive.png
sleep 3
import -window root "$out/3-moved.png"
# 2. report.txt (now the third row) and photos (the second) out onto Dolphin's view.
xdotool mousemove "$RX" "$ROW3" click 1
xdotool keydown ctrl mousemove "$RX" "$ROW2" click 1 keyup ctrl
sleep 0.3
drag "$RX" "$ROW3" "$DX" "$DY" 4-dragging-onto-dolphin.png
for ((i = 0; i < 100; i++)); do
    [[ -f $dfolder/photos/more/b.txt && -f $dfolder/report.txt ]] && break
    sleep 0.2
done
sleep 2
import -window root "$out/5-in-dolphin.png"
# 3. The local pane's only file onto Dolphin, Shift held: a move by Dolphin.
drag "$LX" "$LROW1" "$DX" "$DY" 6-local-onto-dolphin.png shift
for ((i = 0; i < 50; i++)); do
    [[ -f $dfolder/local-move.txt ]] && break
    sleep 0.2
done
sleep 1.5
import -window root "$out/7-local-moved.png"
DRAG
chmod +x "$work/drag.sh"

# Where things are (1280x800 Ferry at 0,0; Dolphin at 1290,0), as the screenshots show: the
# remote list's rows 1 to 3, and Dolphin's view.
export RX=${RX:-760} ROW1=${ROW1:-292} ROW2=${ROW2:-312} ROW3=${ROW3:-332} DX=${DX:-1700} DY=${DY:-450} \
    LX=${LX:-120} LROW1=${LROW1:-273}
xvfb-run -a -s "-screen 0 2000x820x24" dbus-run-session -- "$work/drag.sh" "$ferry" \
    "ftp://demo:demo@127.0.0.1:$port/" "$work/local" "$out" "$work/home" "$work/dolphin-home" "$work/dolphin"

status=0
check() { # what where-it-should-be
    if ! cmp -s "$1" "$2"; then
        echo "$name: $2 is not $1" >&2
        status=1
    fi
}
check "$work/expected/move-me.txt" "$work/root/archive/move-me.txt"
[[ ! -e $work/root/move-me.txt ]] || { echo "$name: move-me.txt is still in the server's root" >&2; status=1; }
check "$work/expected/report.txt" "$work/dolphin/report.txt"
check "$work/expected/photos/a.jpg" "$work/dolphin/photos/a.jpg"
check "$work/expected/photos/more/b.txt" "$work/dolphin/photos/more/b.txt"
check "$work/expected/report.txt" "$work/root/report.txt" # a drag out copies: the server keeps it
check "$work/expected/local-move.txt" "$work/dolphin/local-move.txt"
[[ ! -e $work/local/local-move.txt ]] || { echo "$name: Dolphin did not move local-move.txt" >&2; status=1; }
[[ $status == 0 ]] && echo "$name: moved on the server, downloaded into Dolphin's folder, a local file moved by Dolphin; pictures in $out"
exit $status
