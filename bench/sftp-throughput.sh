#!/bin/bash
# SFTP single-file throughput: ferry-cli get/put sftp://… against OpenSSH's sftp and scp on
# the same sshd (loopback, its own config: bench/lib-sshd.sh), one large file down and up,
# in the same run, alternating the order. Every result is checked by SHA-256.
#
#   bench/sftp-throughput.sh [--tools "ferry sftp scp scp-O"] [SIZE_MIB] [RUNS]
#                            (defaults: all four, 1024 MiB, 3 runs)
#
# scp is OpenSSH 9's scp, which speaks SFTP itself; scp-O is its legacy SCP protocol (-O).
# All four log in with the same key and the same ciphers (each side's defaults: the same
# chacha20-poly1305 on this sshd). Needs root (sshd), openssh-server, openssh-client and a
# release ferry-cli (build/release/app/ferry-cli, or $FERRY_CLI). Prints median seconds and
# MiB/s per tool and the throughput ratios ferry/sftp and ferry/scp (higher: Ferry faster).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=bench/lib-sshd.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib-sshd.sh"

tools="ferry sftp scp scp-O"
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tools) tools=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) bench_die "unknown option: $1 (see --help)" ;;
        *) args+=("$1"); shift ;;
    esac
done
size_mib=${args[0]:-1024}
runs=${args[1]:-3}

[[ $(id -u) -eq 0 ]] || bench_die "needs root (sshd)"
bash "$bench_repo/tests/servers/setup-test-user.sh" >/dev/null
[[ " $tools " == *" ferry "* ]] && bench_need_cli

bench_workdir
work=$bench_work
mkdir -p "$work/root" "$work/local" "$work/logs"
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state
bench_start_sshd

bench_log "generating a $size_mib MiB file"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/root/big.bin"
cp "$work/root/big.bin" "$work/local/big.bin"
chown -R "$bench_user": "$work/root"
sum=$(bench_sha "$work/local/big.bin")
echo "put $work/local/big.bin $work/root/up.bin" >"$work/put.batch"

# The commands, exactly as measured.
remote=$bench_user@127.0.0.1
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

declare -A results
for direction in download upload; do
    # shellcheck disable=SC2086  # $tools is a list of words
    bench_single_file_runs sftp "$direction" "$runs" "$sum" $tools
done

echo
echo "$size_mib MiB, one file, median of $runs runs, $(sshd -V 2>&1 | head -n1 | cut -d, -f1) sshd on loopback"
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
