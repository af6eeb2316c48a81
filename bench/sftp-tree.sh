#!/bin/bash
# SFTP folder trees: ferry-cli get -r / put -r sftp://… (the transfer queue, --parallel N
# sessions) against lftp mirror / mirror -R over sftp:// (--parallel=N) and OpenSSH's
# sftp -r (one session; only at --parallel 1), same sshd (bench/lib-sshd.sh), same run.
#
#   bench/sftp-tree.sh [--runs R] [--parallel "1 4"] [--files N] [--folders N] [--size BYTES]
#                      [--tools "ferry lftp sftp"] [--rtt MS]
#
# Defaults: 3 runs, --parallel 1 and 4, 2,000 files of 4 KiB of random bytes in 20 folders,
# plain loopback. --rtt MS: bench/linkem (packet mode) between the clients and sshd (on
# 127.0.0.2), every packet delayed MS/2 each way. Every run writes to a destination of its
# own and is checked file by file (SHA-256) or the bench fails. Runs alternate between the
# tools. Prints the median wall time per tool, direction and parallelism, and the ratios
# ferry/other (time: lower is better). All tools log in with the same key; ferry-cli and
# lftp keep the files' times (lftp: mirror's default), sftp -r does not (-p would).
# Needs root (sshd; iptables for linkem), openssh-server, openssh-client, lftp, python3 and a
# release ferry-cli (build/release/app/ferry-cli or $FERRY_CLI).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bench/lib-sshd.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-sshd.sh"

runs=3
parallels="1 4"
files=2000
folders=20
size=4096
tools="ferry lftp sftp"
rtt=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --parallel) parallels=$2; shift 2 ;;
        --files) files=$2; shift 2 ;;
        --folders) folders=$2; shift 2 ;;
        --size) size=$2; shift 2 ;;
        --tools) tools=$2; shift 2 ;;
        --rtt) rtt=$2; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done
((files % folders == 0)) || bench_die "--files must be a multiple of --folders"

bench_sshd_prepare "$rtt" "$tools"

bench_workdir
work=$bench_work
mkdir -p "$work/root/up" "$work/local/down" "$work/logs"
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
cp -a "$work/local/tree" "$work/root/tree"
chown -R "$bench_user": "$work/root"

bench_start_sshd
bench_sshd_link "$rtt"

# The commands, exactly as measured ($1: parallelism, $2: the run's own destination name).
remote=$bench_user@$bench_host
ferry_url=sftp://$remote:$bench_port
ferry_opts=(--identity "$bench_ssh_key" --trust-fingerprint "$bench_ssh_fp")
ferry_get() { SSH_AUTH_SOCK='' "$bench_cli" get -r --parallel "$1" "${ferry_opts[@]}" "$ferry_url$work/root/tree/" "$work/local/down/$2/"; }
ferry_put() { SSH_AUTH_SOCK='' "$bench_cli" put -r --parallel "$1" "${ferry_opts[@]}" "$work/local/tree" "$ferry_url$work/root/up/$2/"; }
lftp_get() { lftp --norc -c "$bench_lftp_open; mirror --parallel=$1 --no-perms $work/root/tree $work/local/down/$2/tree"; }
lftp_put() { lftp --norc -c "$bench_lftp_open; mirror -R --parallel=$1 --no-perms $work/local/tree $work/root/up/$2/tree"; }
sftp_get() { mkdir -p "$work/local/down/$2" && sftp -q -r "${bench_ssh_opts[@]}" "$remote:$work/root/tree" "$work/local/down/$2/tree"; }
sftp_put() { echo "put -r $work/local/tree $work/root/up/$2/tree" | sftp -q "${bench_ssh_opts[@]}" -b - "$remote"; }

declare -A times
for direction in download upload; do
    for p in $parallels; do
        for run in $(seq "$runs"); do
            order=$tools
            ((run % 2 == 0)) && order=$(printf '%s\n' $tools | tac | tr '\n' ' ')
            for tool in $order; do
                [[ $tool == sftp && $p != 1 ]] && continue # one session only
                bench_tree_run "$direction" "$p" "$run" "$tool"
            done
        done
    done
done

echo
echo "SFTP tree: $files files x $size B in $folders folders, $(sshd -V 2>&1 | head -n1 | cut -d, -f1) sshd, $bench_link, median of $runs runs"
bench_machine
printf '%-9s %-9s %-6s %9s %6s %6s  %s\n' direction parallel tool median cpu busy runs
for direction in download upload; do
    for p in $parallels; do
        for tool in $tools; do
            [[ -n ${times[$direction-$p-$tool]:-} ]] || continue
            m=$(printf '%s\n' ${times[$direction-$p-$tool]} | bench_median)
            times[$direction-$p-$tool-median]=$m
            cpu=$(cut -d' ' -f1 "$work/cpu-$direction-$p-$tool" | bench_median)
            busy=$(cut -d' ' -f2 "$work/cpu-$direction-$p-$tool" | bench_median)
            printf '%-9s %-9s %-6s %8.2fs %5.2fs %5.2fs  %s\n' "$direction" "$p" "$tool" "$m" "$cpu" "$busy" \
                "${times[$direction-$p-$tool]}"
        done
        for other in $tools; do
            [[ $other == ferry || -z ${times[$direction-$p-$other-median]:-} || -z ${times[$direction-$p-ferry-median]:-} ]] && continue
            printf '%-9s %-9s ratio ferry/%s time: %s\n' "$direction" "$p" "$other" \
                "$(bench_div "${times[$direction-$p-ferry-median]}" "${times[$direction-$p-$other-median]}")"
        done
    done
done
