#!/bin/bash
# Folder-tree transfers (issue #5 [queue] §8 a, b): ferry-cli get -r / put -r against
# lftp mirror / mirror -R, same vsftpd on loopback, same run, same parallelism.
#
#   bench/tree-transfer.sh [--tls] [--runs R] [--parallel "1 8"] [--files N] [--folders N]
#                          [--size BYTES] [--tools "ferry lftp"] [--keep-logs DIR] [--profile]
#
# Defaults: plain FTP, 3 runs, --parallel 1 and 8, 2,000 files of 4 KiB of random bytes in
# 20 folders. --tls: explicit FTPS (AUTH TLS, TLS 1.2/1.3), TLS required for logins and
# data, require_ssl_reuse=YES; ferry-cli trusts the self-signed certificate by
# --trust-fingerprint, lftp by ssl:ca-file with verification on.
#
# Every run writes to a destination folder of its own, never used before, and is checked
# afterwards: the tree must hold exactly the original files, byte for byte (SHA-256 of
# each), or the bench fails. Nothing is deleted between runs: ext4 skips inodes freed in
# the last 30 s when it allocates new ones (recently_deleted()), so creating 2,000 files
# right after deleting 2,000 costs both tools several times the system CPU, by an amount
# that depends on the timing of the previous run (seen: 0.3 s against 1.0 s of system
# time for the same download).
# Runs alternate between the tools. Prints the median wall time per tool, direction and
# parallelism, and the ratio ferry/lftp (time: lower is better).
#
# --profile: no timing; instead one run per tool and direction at --parallel 1 with the
# protocol transcript (ferry-cli -v, lftp debug 9), stamped and summed per step by
# bench/transcript-timing.py: where the time per file goes (round trips, data connections,
# TLS, what the client does between files). Slower than a real run (the logging).
#
# Needs: root (vsftpd), vsftpd, lftp, openssl (--tls), python3, a release ferry-cli
# (build/release/app/ferry-cli or $FERRY_CLI). --tools lftp runs the lftp side alone;
# --tools "ferry base lftp" adds FERRY_BASE_CLI (an older ferry-cli) for before/after ratios.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tls=0
runs=3
parallels="1 8"
files=2000
folders=20
size=4096
tools="ferry lftp"
keep_logs=
profile=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tls) tls=1; shift ;;
        --runs) runs=$2; shift 2 ;;
        --parallel) parallels=$2; shift 2 ;;
        --files) files=$2; shift 2 ;;
        --folders) folders=$2; shift 2 ;;
        --size) size=$2; shift 2 ;;
        --tools) tools=$2; shift 2 ;;
        --keep-logs) keep_logs=$2; shift 2 ;;
        --profile) profile=1; shift ;;
        -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done
((files % folders == 0)) || bench_die "--files must be a multiple of --folders"

bench_need_root_and_user
bench_need_tool python3
[[ " $tools " == *" lftp "* ]] && bench_need_tool lftp
[[ " $tools " == *" ferry "* ]] && bench_need_cli
[[ " $tools " == *" base "* ]] && bench_need_base_cli
((tls)) && bench_need_tool openssl

bench_workdir
work=$bench_work
mkdir -p "$work/root/up" "$work/local/down" "$work/logs" "$work/xdg"
# ferry-cli's configuration, trusted certificates and queue database stay in the work folder.
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state

bench_log "generating $files files of $size bytes in $folders folders"
python3 - "$work/local/tree" "$files" "$folders" "$size" <<'PY'
import os, sys
top, files, folders, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
per = files // folders
for d in range(folders):
    folder = os.path.join(top, f"dir{d:03d}")
    os.makedirs(folder)
    for f in range(per):
        with open(os.path.join(folder, f"file{f:05d}.bin"), "wb") as out:
            out.write(os.urandom(size))
PY
bench_manifest "$work/local/tree" >"$work/tree.manifest"
[[ $(wc -l <"$work/tree.manifest") -eq $files ]] || bench_die "generator made $(wc -l <"$work/tree.manifest") files"
cp -a "$work/local/tree" "$work/root/tree"

if ((tls)); then
    bench_start_vsftpd "$work/root" tls
    scheme=ftpes
    ferry_opts=(--trust-fingerprint "SHA256:$bench_fp")
    lftp_tls="set ftp:ssl-force true; set ftp:ssl-protect-data true; set ftp:ssl-protect-list true; \
set ssl:verify-certificate true; set ssl:check-hostname true; set ssl:ca-file $bench_cert;"
    label="explicit FTPS (TLS required, require_ssl_reuse=YES)"
else
    bench_start_vsftpd "$work/root"
    scheme=ftp
    ferry_opts=(--tls=none)
    lftp_tls="set ftp:ssl-allow false;"
    label="plain FTP"
fi
port=$bench_port
bench_log "vsftpd on 127.0.0.1:$port, $label"

# The commands, exactly as measured.
ferry_v=()
# $2: the run's own destination folder name (under local/down/ or the server's /up/).
ferry_get() { "$bench_cli" "${ferry_v[@]}" get -r --parallel "$1" "${ferry_opts[@]}" "$scheme://$bench_user:$bench_pass@127.0.0.1:$port/tree/" "$work/local/down/$2/"; }
ferry_put() { "$bench_cli" "${ferry_v[@]}" put -r --parallel "$1" "${ferry_opts[@]}" "$work/local/tree" "$scheme://$bench_user:$bench_pass@127.0.0.1:$port/up/$2/"; }
# "base": the same commands with FERRY_BASE_CLI (before/after comparisons).
base_get() { local bench_cli=$bench_base_cli; ferry_get "$@"; }
base_put() { local bench_cli=$bench_base_cli; ferry_put "$@"; }
lftp_debug=
lftp_run() {
    lftp --norc -c "$lftp_debug set cmd:fail-exit true; set net:max-retries 2; set net:timeout 30; set ftp:passive-mode true; \
$lftp_tls open -u $bench_user,$bench_pass ftp://127.0.0.1:$port; $1"
}
lftp_get() { lftp_run "mirror --parallel=$1 --no-perms /tree $work/local/down/$2/tree"; }
lftp_put() { lftp_run "mirror -R --parallel=$1 --no-perms $work/local/tree /up/$2/tree"; }

if ((profile)); then
    ferry_v=(-v) lftp_debug="debug 9;"
    for direction in download upload; do
        for tool in $tools; do
            name=profile-$tool
            if [[ $direction == download ]]; then
                verb=get dest=$work/local/down/$name/tree
            else
                mkdir -p "$work/root/up/$name" && chown "$bench_user": "$work/root/up/$name"
                verb=put dest=$work/root/up/$name/tree
            fi
            echo
            echo "== $tool $direction --parallel 1, $label, $files files: time between transcript lines"
            python3 "$bench_repo/bench/transcript-timing.py" --top 25 --save "$work/logs/$tool-$verb.transcript" -- \
                bash -c "$(declare -f bench_cli "${tool}_$verb" lftp_run 2>/dev/null); $(declare -p bench_cli bench_user bench_pass \
                    scheme port work ferry_opts ferry_v lftp_tls lftp_debug); ${tool}_$verb 1 $name"
            bench_check_tree "$dest" "$work/tree.manifest"
        done
    done
    [[ -n $keep_logs ]] && { mkdir -p "$keep_logs"; cp -a "$work/logs/." "$keep_logs/"; }
    exit 0
fi

declare -A times
for direction in download upload; do
    for p in $parallels; do
        for run in $(seq "$runs"); do
            for tool in $tools; do
                bench_tree_run "$direction" "$p" "$run" "$tool"
            done
        done
    done
done
[[ -n $keep_logs ]] && { mkdir -p "$keep_logs"; cp -a "$work/logs/." "$keep_logs/"; }

echo
echo "tree transfer, $label: $files files x $size B in $folders folders, vsftpd on loopback, median of $runs runs"
echo "$(bench_machine)"
# cpu: the tool's own CPU (user + system, its processes); busy: the whole machine's CPU
# during the run (the tool, vsftpd, the kernel, anything else), in core-seconds; medians.
printf '%-9s %-9s %-6s %9s %6s %6s  %s\n' direction parallel tool median cpu busy runs
for direction in download upload; do
    for p in $parallels; do
        for tool in $tools; do
            m=$(printf '%s\n' ${times[$direction-$p-$tool]} | bench_median)
            times[$direction-$p-$tool-median]=$m
            cpu=$(cut -d' ' -f1 "$work/cpu-$direction-$p-$tool" | bench_median)
            busy=$(cut -d' ' -f2 "$work/cpu-$direction-$p-$tool" | bench_median)
            printf '%-9s %-9s %-6s %8.2fs %5.2fs %5.2fs  %s\n' "$direction" "$p" "$tool" "$m" "$cpu" "$busy" \
                "${times[$direction-$p-$tool]}"
        done
        if [[ " $tools " == *" ferry "* && " $tools " == *" lftp "* ]]; then
            printf '%-9s %-9s ratio ferry/lftp time: %s\n' "$direction" "$p" \
                "$(bench_div "${times[$direction-$p-ferry-median]}" "${times[$direction-$p-lftp-median]}")"
        fi
        if [[ " $tools " == *" ferry "* && " $tools " == *" base "* ]]; then
            printf '%-9s %-9s ratio ferry/base time: %s\n' "$direction" "$p" \
                "$(bench_div "${times[$direction-$p-ferry-median]}" "${times[$direction-$p-base-median]}")"
        fi
    done
done
