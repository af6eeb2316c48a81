#!/bin/bash
# Edit a server's file under Xvfb with real keys: Ferry on a pyftpdlib server of its own, the
# remote pane's file chosen by typing, F4. The desktop's opener (xdg-open) is a stand-in that
# records the path; the script then saves the copy as an editor does (a new file renamed over
# it), the banner offers the upload, Ctrl+Q asks about the unsent change and Return takes the
# default, "Upload and Close". The run fails unless the copy was in a private folder, the
# server's file ends up equal to the edited copy and the temporary folder is gone after the
# window closed. Pictures go to OUT (default build/screenshots/xvfb-edit); look at them.
#
#   tests/ui/xvfb-edit.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb-edit}" && cd "${2:-$repo/build/screenshots/xvfb-edit}" && pwd -P)
name=xvfb-edit
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-edit.XXXXXX")
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/root" "$work/local" "$work/home" "$work/bin"
printf 'Meeting notes\n- first point\n' >"$work/root/notes.txt"
printf 'another file\n' >"$work/root/other.txt"
# The desktop's opener: records what Ferry asked it to open.
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >>"%s/opened"\n' "$work" >"$work/bin/xdg-open"
chmod +x "$work/bin/xdg-open"
xvfb_start_pyftpd "$work/root" "$work"

cat >"$work/edit.sh" <<'EDIT'
#!/bin/bash
set -euo pipefail
ferry=$1 url=$2 local=$3 out=$4 home=$5 work=$6
PATH=$work/bin:$PATH HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
    XDG_CACHE_HOME=$home/.cache QT_QPA_PLATFORM=xcb "$ferry" --local "$local" "$url" >"$home/ferry.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true' EXIT
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
[[ -n $window ]] || { echo "xvfb-edit: no window" >&2; cat "$home/ferry.log" >&2; exit 1; }
xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
xdotool windowfocus --sync "$window"
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-edit: not connected" >&2; exit 1; }
sleep 2
xdotool key Tab                     # the remote pane
xdotool type --delay 80 'notes'     # type-ahead selects notes.txt
sleep 0.5
xdotool key F4
for ((i = 0; i < 100; i++)); do [[ -s $work/opened ]] && break; sleep 0.1; done
[[ -s $work/opened ]] || { echo "xvfb-edit: F4 opened nothing" >&2; cat "$home/ferry.log" >&2; exit 1; }
copy=$(python3 -c 'import sys, urllib.parse; u = sys.argv[1]; print(urllib.parse.unquote(u[7:]) if u.startswith("file://") else u)' "$(head -n 1 "$work/opened")")
folder=$(dirname "$(dirname "$copy")")
echo "xvfb-edit: the copy: $copy"
[[ $(stat -c %a "$folder") == 700 ]] || { echo "xvfb-edit: $folder is not private" >&2; exit 1; }
echo "$folder" >"$work/folder"
# Saved as an editor saves: a new file renamed over the copy.
{ cat "$copy"; printf -- '- added under Xvfb\n'; } >"$copy.new"
mv "$copy.new" "$copy"
cp "$copy" "$work/edited"
sleep 1.5
import -window root "$out/1-offer.png"
xdotool key ctrl+q                   # closing with a change not on the server: asked
timeout 20 xdotool search --sync --onlyvisible --pid "$app" --name 'Edited Files' >/dev/null ||
    { echo "xvfb-edit: no question when closing" >&2; exit 1; }
sleep 0.5
import -window root "$out/2-close-question.png"
xdotool key Return                   # the default: Upload and Close
for ((i = 0; i < 200; i++)); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$app" 2>/dev/null; then
    import -window root "$out/3-still-open.png"
    echo "xvfb-edit: the window did not close" >&2
    exit 1
fi
EDIT
chmod +x "$work/edit.sh"

xvfb-run -a -s "-screen 0 1280x800x24" "$work/edit.sh" "$ferry" "ftp://demo:demo@127.0.0.1:$port/" \
    "$work/local" "$out" "$work/home" "$work"

if ! cmp -s "$work/edited" "$work/root/notes.txt"; then
    echo "xvfb-edit: the server's notes.txt is not the edited copy" >&2
    exit 1
fi
if [[ -e $(cat "$work/folder") ]]; then
    echo "xvfb-edit: the temporary folder is still there" >&2
    exit 1
fi
echo "xvfb-edit: edited, uploaded, cleaned up; pictures in $out"
