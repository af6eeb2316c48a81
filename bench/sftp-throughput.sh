#!/bin/bash
# SFTP single-file throughput: ferry-cli get/put sftp://… against OpenSSH's sftp and scp and
# lftp (sftp://) on the same sshd (its own config: bench/lib-sshd.sh), one large file down
# and up, in the same run, alternating the order. Every result is checked by SHA-256.
#
#   bench/sftp-throughput.sh [--tools "ferry sftp scp scp-O lftp"] [--rtt MS] [SIZE_MIB] [RUNS]
#                            (defaults: all five, plain loopback, 1024 MiB, 3 runs)
#
# scp is OpenSSH 9's scp, which speaks SFTP itself; scp-O is its legacy SCP protocol (-O);
# lftp runs ssh as its connect program (sftp:connect-program) with the same options. All log
# in with the same key and the same ciphers (each side's defaults: the same
# chacha20-poly1305 on this sshd). --rtt MS puts bench/linkem (packet mode, MSS 1448) between
# the clients and sshd, which then listens on 127.0.0.2: every packet waits MS/2 each way,
# where a client that waits for each reply before the next request crawls.
# Needs root (sshd; iptables for linkem), openssh-server, openssh-client, lftp and a release
# ferry-cli (build/release/app/ferry-cli, or $FERRY_CLI; linkem: build/release or $LINKEM).
# Prints median seconds and MiB/s per tool and the throughput ratios ferry/other (higher:
# Ferry faster).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bench/lib-sshd.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-sshd.sh"

tools="ferry sftp scp scp-O lftp"
rtt=0
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tools) tools=$2; shift 2 ;;
        --rtt) rtt=$2; shift 2 ;;
        -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) bench_die "unknown option: $1 (see --help)" ;;
        *) args+=("$1"); shift ;;
    esac
done
size_mib=${args[0]:-1024}
runs=${args[1]:-3}

bench_sshd_prepare "$rtt" "$tools"

bench_workdir
work=$bench_work
mkdir -p "$work/root" "$work/local" "$work/logs"
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state
bench_start_sshd
bench_sshd_link "$rtt"

bench_log "generating a $size_mib MiB file"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/root/big.bin"
cp "$work/root/big.bin" "$work/local/big.bin"
chown -R "$bench_user": "$work/root"
sum=$(bench_sha "$work/local/big.bin")
echo "put $work/local/big.bin $work/root/up.bin" >"$work/put.batch"

# The commands, exactly as measured.
remote=$bench_user@$bench_host
ferry_url=sftp://$remote:$bench_port
ferry_opts=(--identity "$bench_ssh_key" --trust-fingerprint "$bench_ssh_fp")
ferry_get() { SSH_AUTH_SOCK='' "$bench_cli" get "${ferry_opts[@]}" "$ferry_url$work/root/big.bin" "$work/local/got.bin"; }
ferry_put() { SSH_AUTH_SOCK='' "$bench_cli" put "${ferry_opts[@]}" "$work/local/big.bin" "$ferry_url$work/root/up.bin"; }
sftp_get() { sftp -q "${bench_ssh_opts[@]}" "$remote:$work/root/big.bin" "$work/local/got.bin"; }
sftp_put() { sftp -q "${bench_ssh_opts[@]}" -b "$work/put.batch" "$remote"; }
scp_get() { scp -q "${bench_ssh_opts[@]}" "$remote:$work/root/big.bin" "$work/local/got.bin"; }
scp_put() { scp -q "${bench_ssh_opts[@]}" "$work/local/big.bin" "$remote:$work/root/up.bin"; }
scp-O_get() { scp -O -q "${bench_ssh_opts[@]}" "$remote:$work/root/big.bin" "$work/local/got.bin"; }
scp-O_put() { scp -O -q "${bench_ssh_opts[@]}" "$work/local/big.bin" "$remote:$work/root/up.bin"; }
lftp_get() { lftp --norc -c "$bench_lftp_open; get $work/root/big.bin -o $work/local/got.bin"; }
lftp_put() { lftp --norc -c "$bench_lftp_open; put $work/local/big.bin -o $work/root/up.bin"; }

declare -A results
for direction in download upload; do
    # shellcheck disable=SC2086  # $tools is a list of words
    bench_single_file_runs sftp "$direction" "$runs" "$sum" $tools
done

echo
echo "$size_mib MiB, one file, median of $runs runs, $(sshd -V 2>&1 | head -n1 | cut -d, -f1) sshd, $bench_link"
bench_machine
printf '%-9s %-6s %9s %10s  %s\n' direction tool seconds MiB/s runs
for direction in download upload; do
    for tool in $tools; do
        t=$(printf '%s\n' ${results[sftp-$direction-$tool]} | bench_median)
        results[sftp-$direction-$tool-median]=$t
        printf '%-9s %-6s %9.2f %10.1f  %s\n' "$direction" "$tool" "$t" \
            "$(awk -v m="$size_mib" -v t="$t" 'BEGIN { print m / t }')" "${results[sftp-$direction-$tool]}"
    done
    if [[ " $tools " == *" ferry "* ]]; then
        for other in $tools; do
            [[ $other == ferry ]] && continue
            printf '%-9s ratio ferry/%s throughput: %s\n' "$direction" "$other" \
                "$(bench_div "${results[sftp-$direction-$other-median]}" "${results[sftp-$direction-ferry-median]}")"
        done
    fi
done
