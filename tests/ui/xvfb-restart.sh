#!/bin/bash
# The window killed in the middle of a 500-file upload and started again (issue #16 §3, §5):
# `ferry --local MANY URL` under Xvfb with a private home (so its own queue file,
# ~/.local/share/ferry/queue.sqlite), Ctrl+A and Ctrl+Return in the local pane upload 500
# files to pyftpdlib (each data connection capped, so the kill lands mid-queue); once 100
# or more have arrived, kill -9. Started again with the same URL (its password in it), the
# window asks "N transfers were not finished", Return (Resume, the default button) resumes
# them with no password question. The run fails unless every file is on the server with
# the same SHA-256, and pyftpdlib's transfer log shows no file sent whole twice: only the
# files in flight at the kill (at most 4, the connections per site) may have a second
# transfer, which completes them (an APPE of the rest, or a STOR from the start when nothing
# had arrived); no transfer but the last carries a whole file. Pictures go to OUT (default build/screenshots/xvfb-restart).
#
#   tests/ui/xvfb-restart.sh FERRY_BINARY [OUT]
set -euo pipefail
ferry=$(readlink -f "$1")
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
out=$(mkdir -p "${2:-$repo/build/screenshots/xvfb-restart}" && cd "${2:-$repo/build/screenshots/xvfb-restart}" && pwd -P)
name=xvfb-restart
# shellcheck source=tests/ui/xvfb-lib.sh
source "$repo/tests/ui/xvfb-lib.sh"
xvfb_need_tools
work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-restart.XXXXXX")
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/root" "$work/many" "$work/home"
# 500 files of 2,000 to 6,000 random bytes.
/usr/bin/python3 - "$work/many" <<'PY'
import os, random, sys
rng = random.Random(16)
for i in range(500):
    with open(os.path.join(sys.argv[1], "f%03d.bin" % i), "wb") as f:
        f.write(rng.randbytes(rng.randint(2000, 6000)))
PY
xvfb_start_pyftpd "$work/root" "$work" --data-rate 80000 --log-transfers

cat >"$work/run.sh" <<'RUN'
#!/bin/bash
set -euo pipefail
ferry=$1 url=$2 many=$3 out=$4 home=$5 root=$6
export HOME=$home XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share \
    XDG_CACHE_HOME=$home/.cache QT_QPA_PLATFORM=xcb
arrived() { find "$root" -maxdepth 1 -type f | wc -l; }
# dialog REGEX: the id of the app's visible dialog whose title matches (xdotool also reports
# the main window under a modal dialog's name: the dialog is the small one), or nothing.
dialog() {
    local w
    for w in $(xdotool search --onlyvisible --pid "$app" --name "$1" 2>/dev/null); do
        eval "$(xdotool getwindowgeometry --shell "$w")"
        ((WIDTH < 800)) && { echo "$w"; return; }
    done
}
start() { # $1: log name; sets app and window
    "$ferry" --local "$many" "$url" >"$home/$1.log" 2>&1 &
    app=$!
    window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$app" --name 'Ferry' | head -n 1)
    [[ -n $window ]] || { echo "xvfb-restart: no window" >&2; cat "$home/$1.log" >&2; exit 1; }
    xdotool windowmove "$window" 0 0 windowsize "$window" 1280 800
}

# First run: everything in the local pane (which has the focus at start) goes up.
start first
trap 'kill -9 $app 2>/dev/null || true' EXIT
timeout 30 xdotool search --sync --pid "$app" --name '127\.0\.0\.1' >/dev/null ||
    { echo "xvfb-restart: not connected" >&2; exit 1; }
sleep 2
xdotool windowfocus --sync "$window" key ctrl+a
sleep 0.5
xdotool key ctrl+Return
deadline=$((SECONDS + 30))
while (($(arrived) < 100 && SECONDS < deadline)); do sleep 0.05; done
import -window root "$out/1-uploading.png"
kill -9 "$app"
wait "$app" 2>/dev/null || true
echo "$(arrived)" >"$home/at-kill"
echo "xvfb-restart: killed with $(arrived) of 500 files on the server"

# Second run: the question, Return for Resume (the default), and no password question.
start second
question=
deadline=$((SECONDS + 30))
while [[ -z $question ]] && ((SECONDS < deadline)); do
    question=$(dialog '^Unfinished Transfers$')
    sleep 0.2
done
[[ -n $question ]] || { echo "xvfb-restart: no 'not finished' question" >&2; exit 1; }
sleep 0.5
import -window root "$out/2-question.png"
xdotool windowfocus --sync "$question" key Return
deadline=$((SECONDS + 60))
while (($(arrived) < 500 && SECONDS < deadline)); do sleep 0.2; done
sleep 1.5 # the last files' MFMT and the queue pane
import -window root "$out/3-resumed.png"
if [[ -n $(dialog '^Password for') ]]; then
    echo "xvfb-restart: a password was asked" >&2
    exit 1
fi
RUN
chmod +x "$work/run.sh"

started=$SECONDS
xvfb-run -a -s "-screen 0 1280x800x24" "$work/run.sh" "$ferry" "ftp://demo:demo@127.0.0.1:$port/" \
    "$work/many" "$out" "$work/home" "$work/root"
killed_at=$(cat "$work/home/at-kill")

status=0
if ((killed_at < 1 || killed_at >= 500)); then
    echo "xvfb-restart: the kill did not land mid-queue ($killed_at files had arrived)" >&2
    status=1
fi
(cd "$work/many" && sha256sum -- *) >"$work/sent.sha256"
if ! (cd "$work/root" && sha256sum --quiet -c "$work/sent.sha256" 2>&1 | tail -n 5); then
    echo "xvfb-restart: files differ or are missing on the server" >&2
    status=1
fi
# The server's log: "STOR /abs/path completed=1 bytes=N seconds=S" (or APPE) per transfer.
# pyftpdlib counts an upload cut by the kill as completed (the data connection just ended), so
# the rule is by bytes: no transfer but the last may carry the whole file, and the last one
# completes it (a STOR of all of it, or an APPE of the rest after a resume).
/usr/bin/python3 - "$work/server.log" "$work/root" <<'PY' || status=1
import collections, os, re, sys
log, root = sys.argv[1], sys.argv[2]
transfers = collections.defaultdict(list)
for line in open(log, errors="replace"):
    m = re.search(r" (STOR|APPE|STOU) (\S+) completed=([01]) bytes=(\d+)", line)
    if m and m.group(2).startswith(root + "/"):
        transfers[m.group(2)].append((m.group(1), int(m.group(4))))
problems = []
if len(transfers) != 500:
    problems.append("%d files were transferred, not 500" % len(transfers))
again = {}
for path, t in transfers.items():
    size = os.path.getsize(path) if os.path.exists(path) else -1
    if len(t) > 1:
        again[path] = t
    # A whole copy before the last transfer: the file was sent twice.
    if any(b == size for _, b in t[:-1]):
        problems.append("%s (%d bytes) sent again after it had arrived: %s" % (path, size, t))
    verb, b = t[-1]
    if not ((verb == "STOR" and b == size) or (verb == "APPE" and len(t) > 1 and 0 < b < size)):
        problems.append("%s (%d bytes) not completed by its last transfer: %s" % (path, size, t))
if len(again) > 4:
    problems.append("%d files had more than one transfer (at most 4 were in flight): %s"
                    % (len(again), sorted(again.items())[:6]))
for path, t in sorted(again.items()):
    print("xvfb-restart: in flight at the kill: %s %s" % (path.rsplit("/", 1)[-1], t))
for p in problems:
    print("xvfb-restart: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY
echo "xvfb-restart: $((SECONDS - started)) s; pictures in $out"
[[ $status == 0 ]] && echo "xvfb-restart: all 500 files arrived once each (SHA-256 equal)"
exit $status
