#!/bin/bash
# Transfer-queue memory (issue #5 [queue] §8 d): peak resident memory of
# `ferry-cli put -r` of a 1,000,000-file tree (1000 folders x 1000 empty files) into vsftpd
# on loopback, run for a bounded time and then stopped (SIGTERM, by PID); lftp's
# `mirror -R` on the same tree as the reference.
#
#   bench/queue-memory.sh [--folders N] [--files N] [--seconds S] [--max-seconds S]
#                         [--after S] [--parallel N] [--tools "ferry lftp"] [--dir PARENT]
#
# ferry-cli runs with --progress, whose "DONE/KNOWN files" tells how many files the queue
# knows: it is stopped --after seconds (default 20) after the queue knows every file of the
# tree (every folder expanded: the queue at its largest; the files uploaded in those
# seconds show the per-file pace with a full queue), or after --max-seconds (default 900)
# if that never comes. lftp streams folder by folder (nothing to wait for): it runs --seconds (default
# 120). Defaults: 1000 x 1000 files, the tools' default parallelism, the tree in $TMPDIR
# (/tmp). The tree (and what reached the server) is deleted at the end.
# Samples /proc/PID/status every 0.5 s: VmHWM (the kernel's peak RSS) is the result;
# VmRSS, the queue's file count and the files the server has are printed every 10 s.
# A client that ends by itself must have uploaded the whole tree (checked by count).
#
# Needs: root (vsftpd), vsftpd, lftp, python3, a release ferry-cli
# (build/release/app/ferry-cli or $FERRY_CLI).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

folders=1000
files=1000
seconds=120
max_seconds=900
after=20
parallel=
tools="ferry lftp"
parent=${TMPDIR:-/tmp}
while [[ $# -gt 0 ]]; do
    case "$1" in
        --folders) folders=$2; shift 2 ;;
        --files) files=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --max-seconds) max_seconds=$2; shift 2 ;;
        --after) after=$2; shift 2 ;;
        --parallel) parallel=$2; shift 2 ;;
        --tools) tools=$2; shift 2 ;;
        --dir) parent=$2; shift 2 ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done
total=$((folders * files))

bench_need_root_and_user
bench_need_tool python3
[[ " $tools " == *" lftp "* ]] && bench_need_tool lftp
[[ " $tools " == *" ferry "* ]] && bench_need_cli

bench_workdir "$parent"
work=$bench_work
mkdir -p "$work/root" "$work/logs"
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state

bench_log "creating $folders folders x $files empty files in $work/src/tree"
gen_start=$(date +%s.%N)
python3 - "$work/src/tree" "$folders" "$files" <<'PY'
import os, sys
top, folders, files = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
for d in range(folders):
    folder = os.path.join(top, f"folder{d:04d}")
    os.makedirs(folder)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    for f in range(files):
        os.close(os.open(f"file{f:04d}.dat", flags, 0o644, dir_fd=fd))
    os.close(fd)
PY
bench_log "created in $(awk -v s="$gen_start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"

bench_start_vsftpd "$work/root"
port=$bench_port
url="ftp://$bench_user:$bench_pass@127.0.0.1:$port"
par_ferry=() par_lftp=
[[ -n $parallel ]] && { par_ferry=(--parallel "$parallel"); par_lftp="--parallel=$parallel"; }

# The commands, exactly as measured (arrays: the PID we sample must be the client's own).
# shellcheck disable=SC2034  # used through the nameref below
ferry_cmd=("$bench_cli" put -r "${par_ferry[@]}" --progress --tls=none "$work/src/tree" "$url/ferry/")
# shellcheck disable=SC2034
lftp_cmd=(lftp --norc -c "set cmd:fail-exit true; set net:max-retries 2; set ftp:ssl-allow false; \
open -u $bench_user,$bench_pass ftp://127.0.0.1:$port; mirror -R $par_lftp --no-perms $work/src/tree /lftp/tree")
mkdir -p "$work/root/ferry" "$work/root/lftp"
chown "$bench_user": "$work/root/ferry" "$work/root/lftp"

uploaded() { find "$work/root/$1" -type f 2>/dev/null | wc -l; }
# ferry's progress line ("\r 12%  … 3/1000000 files"): the number of files the queue knows.
queued() { tail -c 300 "$work/logs/$1.log" 2>/dev/null | tr '\r' '\n' | sed -n 's|.* [0-9]*/\([0-9]*\) files *$|\1|p' | tail -n 1; }

declare -A peak outcome
for tool in $tools; do
    limit=$seconds
    [[ $tool == ferry ]] && limit=$max_seconds
    bench_log "$tool: put -r of $total files, at most $limit s"
    declare -n cmd=${tool}_cmd
    "${cmd[@]}" </dev/null >"$work/logs/$tool.log" 2>&1 &
    pid=$!
    # shellcheck disable=SC2317  # called by bench_cleanup
    stop_client() { kill "$pid" 2>/dev/null || true; }
    bench_cleanup_hooks=(stop_client)
    # Both run their transfers in the process started here (no helper processes).
    start=$(date +%s.%N)
    hwm=0 rss=0 next_report=10 elapsed=0 expanded_at='' stop_at=$limit
    while kill -0 "$pid" 2>/dev/null; do
        h=$(bench_peak_kib "$pid") r=$(bench_rss_kib "$pid")
        [[ -n $h ]] && ((h > hwm)) && hwm=$h
        [[ -n $r ]] && rss=$r
        elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
        known=
        [[ $tool == ferry ]] && known=$(queued "$tool")
        if [[ -z $expanded_at && $known == "$total" ]]; then
            expanded_at=$elapsed stop_at=$((${elapsed%.*} + after)) uploaded_at_expansion=$(uploaded "$tool")
            bench_log "$tool at ${elapsed}s: the queue knows all $total files; the server has $uploaded_at_expansion"
        fi
        if ((${elapsed%.*} >= next_report)); then
            bench_log "$tool at ${elapsed}s: RSS $((rss / 1024)) MiB, peak $((hwm / 1024)) MiB,${known:+ queue knows $known files,} server has $(uploaded "$tool") files"
            next_report=$((next_report + 10))
        fi
        ((${elapsed%.*} >= stop_at)) && break
        sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
        h=$(bench_peak_kib "$pid")
        [[ -n $h ]] && ((h > hwm)) && hwm=$h
        kill "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
        outcome[$tool]="stopped after ${elapsed} s"
        if [[ $tool == ferry ]]; then
            if [[ -n $expanded_at ]]; then
                outcome[$tool]+=", every folder expanded at ${expanded_at} s, $(($(uploaded "$tool") - uploaded_at_expansion)) files uploaded in the $after s after that"
            else
                outcome[$tool]+=", queue NOT fully expanded: it knew $(queued "$tool") of $total files"
            fi
        fi
    else
        status=0
        wait "$pid" || status=$?
        ((status == 0)) || { tail -n 20 "$work/logs/$tool.log" >&2; bench_die "$tool failed (exit $status)"; }
        outcome[$tool]="finished in ${elapsed} s"
    fi
    bench_cleanup_hooks=()
    done_files=$(uploaded "$tool")
    if [[ ${outcome[$tool]} == finished* && $done_files -ne $total ]]; then
        bench_die "$tool finished but the server has $done_files of $total files"
    fi
    outcome[$tool]+=", $done_files files uploaded"
    peak[$tool]=$hwm
    bench_log "$tool: peak RSS $((hwm / 1024)) MiB, ${outcome[$tool]}; last output: $(tail -c 300 "$work/logs/$tool.log" | tr '\r' '\n' | grep -v '^ *$' | tail -n 1 | cut -c1-160)"
    rm -rf "${work:?}/root/$tool" # what reached the server; the tree stays for the next tool
done
queue_files=
[[ -d $work/xdg ]] && queue_files=$(find "$work/xdg" -type f -printf '%s %p\n' | sort -rn | head -n 3 | tr '\n' ';')

echo
echo "queue memory: put -r of $folders folders x $files empty files ($total) into vsftpd on loopback"
echo "$(bench_machine)"
for tool in $tools; do
    printf '%-6s peak RSS (VmHWM) %7.1f MiB  (%s)\n' "$tool" "$(awk -v k="${peak[$tool]}" 'BEGIN { print k / 1024 }')" "${outcome[$tool]}"
done
[[ -n $queue_files ]] && echo "ferry's files in its XDG folders (bytes path): $queue_files"
[[ " $tools " == *" ferry "* && " $tools " == *" lftp "* ]] &&
    echo "ratio ferry/lftp peak RSS: $(bench_div "${peak[ferry]}" "${peak[lftp]}")"
bench_log "removing the tree"
