#!/bin/bash
# Folder synchronisation (issue #18 §4): ferry-cli sync against lftp mirror on a tree that is
# already in step (the common case of a scheduled sync), same vsftpd on loopback, same run.
#
#   bench/sync.sh [--runs R] [--files N] [--folders N] [--server vsftpd|pyftpd] [--tools "ferry lftp"]
#
# Defaults: 3 runs, 10,000 files of 1 KiB in 100 folders, vsftpd (LIST: times to the minute).
# The server's copy is made with cp -a (same sizes and times), so both tools must find
# nothing to do; each run is checked: ferry-cli's dry run prints no action and lftp's
# --dry-run no transfer, and the real runs leave both trees as they were (SHA-256 manifest,
# and every file's and folder's change time: nothing written again, no time set).
# Measured, in each direction (up: LOCAL to the server, lftp mirror -R; down: lftp mirror):
#   dry-run    ferry-cli sync --dry-run        lftp mirror --dry-run
#   no-change  ferry-cli sync                  lftp mirror
# Prints the median wall time, the tool's CPU and the whole machine's (server included),
# and the ratio ferry/lftp (time: lower is better; the issue's goal is <= 0.5).
#
# Needs: root (vsftpd), vsftpd, lftp, python3, a release ferry-cli
# (build/release/app/ferry-cli or $FERRY_CLI).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=3
files=10000
folders=100
server=vsftpd
tools="ferry lftp"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --files) files=$2; shift 2 ;;
        --folders) folders=$2; shift 2 ;;
        --server) server=$2; shift 2 ;;
        --tools) tools=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done
((files % folders == 0)) || bench_die "--files must be a multiple of --folders"

bench_need_root_and_user
bench_need_tool python3
[[ " $tools " == *" lftp "* ]] && bench_need_tool lftp
[[ " $tools " == *" ferry "* ]] && bench_need_cli

bench_workdir
work=$bench_work
mkdir -p "$work/root" "$work/local" "$work/logs" "$work/xdg"
# Every file's and folder's change time, to show that a run wrote nothing.
ctimes() { find "$work/local/tree" "$work/root/tree" -mindepth 1 -printf '%C@ %p\n' | sort; }
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state

bench_log "generating $files files of 1 KiB in $folders folders"
python3 - "$work/local/tree" "$files" "$folders" <<'PY'
import os, sys, time
top, files, folders = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
per = files // folders
# Times a day old, whole seconds: recent enough for `ls -l` to show the time of day.
base = int(time.time()) - 86400
for d in range(folders):
    folder = os.path.join(top, f"dir{d:03d}")
    os.makedirs(folder)
    for f in range(per):
        path = os.path.join(folder, f"file{f:05d}.bin")
        with open(path, "wb") as out:
            out.write(os.urandom(1024))
        os.utime(path, (base - f, base - f))
PY
bench_manifest "$work/local/tree" >"$work/tree.manifest"
cp -a "$work/local/tree" "$work/root/tree"

if [[ $server == vsftpd ]]; then
    bench_start_vsftpd "$work/root"
else
    chown -R "$bench_user": "$work/root"
    bench_start_pyftpd "$work/root"
fi
ctimes >"$work/ctimes"
port=$bench_port
url="ftp://$bench_user:$bench_pass@127.0.0.1:$port/tree"
bench_log "$server on 127.0.0.1:$port"

# The commands, exactly as measured. $1: up or down.
ferry_dry() { "$bench_cli" sync --no-progress --tls=none --dry-run --direction "$1" "$work/local/tree" "$url"; }
ferry_sync() { "$bench_cli" sync --no-progress --tls=none --direction "$1" "$work/local/tree" "$url"; }
lftp_mirror() {
    local reverse=
    [[ $1 == up ]] && reverse=-R
    if [[ $1 == up ]]; then set -- "$2" "$work/local/tree" /tree; else set -- "$2" /tree "$work/local/tree"; fi
    lftp --norc -c "set cmd:fail-exit true; set net:max-retries 2; set net:timeout 30; set ftp:passive-mode true; \
set ftp:ssl-allow false; open -u $bench_user,$bench_pass ftp://127.0.0.1:$port; mirror $reverse $1 --no-perms $2 $3"
}
lftp_dry() { lftp_mirror "$1" --dry-run; }
lftp_sync() { lftp_mirror "$1" ""; }

# A dry run that finds something to do, or a sync that changed a tree, fails the bench.
check_nothing() {
    local tool=$1 log=$2
    if [[ $tool == ferry ]]; then
        grep -q 'Nothing to do' "$log" || { echo "WRONG RESULT: ferry-cli planned something:" >&2; head "$log" >&2; exit 1; }
    else
        # mirror -R --dry-run always prints "mkdir -p" for the target folder itself.
        ! grep -v "^mkdir -p ftp://[^ ]*%2Ftree\$" "$log" | grep -Eq '^(get|put|Transferring|Removing|mkdir|rm|chmod) ' ||
            { echo "WRONG RESULT: lftp planned something:" >&2; head "$log" >&2; exit 1; }
    fi
    bench_check_tree "$work/local/tree" "$work/tree.manifest"
    bench_check_tree "$work/root/tree" "$work/tree.manifest"
    # Nothing written, not even the same bytes again or a time set: every change time as before.
    ctimes >"$work/ctimes.now"
    cmp -s "$work/ctimes.now" "$work/ctimes" || { echo "WRONG RESULT: $tool touched files:" >&2; diff "$work/ctimes" "$work/ctimes.now" | head -n 5 >&2; exit 1; }
}

declare -A times
for direction in up down; do
    for kind in dry sync; do
        for run in $(seq "$runs"); do
            for tool in $tools; do
                key=$direction-$kind-$tool
                bench_cpu_file=$work/cpu-$key
                log=$work/logs/$key-$run.log
                t=$(bench_time "$log" "${tool}_$kind" "$direction")
                check_nothing "$tool" "$log"
                bench_log "$direction $kind run $run $tool: $t s (checked: nothing to do, trees unchanged)"
                times[$key]+="$t "
            done
        done
    done
done

echo
echo "sync of a tree already in step: $files files of 1 KiB in $folders folders, $server on loopback, median of $runs runs"
echo "$(bench_machine)"
printf '%-6s %-10s %-6s %9s %6s %6s  %s\n' dir what tool median cpu busy runs
for direction in up down; do
    for kind in dry sync; do
        for tool in $tools; do
            key=$direction-$kind-$tool
            m=$(printf '%s\n' ${times[$key]} | bench_median)
            times[$key-median]=$m
            cpu=$(cut -d' ' -f1 "$work/cpu-$key" | bench_median)
            busy=$(cut -d' ' -f2 "$work/cpu-$key" | bench_median)
            printf '%-6s %-10s %-6s %8.2fs %5.2fs %5.2fs  %s\n' "$direction" "$kind" "$tool" "$m" "$cpu" "$busy" "${times[$key]}"
        done
        if [[ " $tools " == *" ferry "* && " $tools " == *" lftp "* ]]; then
            printf '%-6s %-10s ratio ferry/lftp time: %s\n' "$direction" "$kind" \
                "$(bench_div "${times[$direction-$kind-ferry-median]}" "${times[$direction-$kind-lftp-median]}")"
        fi
    done
done
