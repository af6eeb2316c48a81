#!/bin/bash
# Single-file throughput: ferry-cli get/put against curl on the same vsftpd (loopback), one
# large file down and up, in the same run. Explicit FTPS by default (TLS 1.3,
# TLS required, require_ssl_reuse=YES); --plain for plain FTP; --both for both in one run.
#
#   bench/ftps-throughput.sh [--plain|--both] [SIZE_MIB] [RUNS]   (defaults: 1024 MiB, 3 runs)
#
# Needs: root (vsftpd), vsftpd, curl, openssl, a release build of ferry-cli
# (build/release/app/ferry-cli, or $FERRY_CLI); --tools curl runs the curl side alone;
# --tools "ferry base curl" adds FERRY_BASE_CLI (an older ferry-cli) for before/after ratios.
# Every result is checked by SHA-256. Prints median seconds and MiB/s per tool and the
# ratio ferry/curl (throughput: higher is better).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

modes=tls
tools="curl ferry"
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --plain) modes=plain; shift ;;
        --both) modes="plain tls"; shift ;;
        --tools) tools=$2; shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) bench_die "unknown option: $1 (see --help)" ;;
        *) args+=("$1"); shift ;;
    esac
done
size_mib=${args[0]:-1024}
runs=${args[1]:-3}

bench_need_root_and_user
[[ " $tools " == *" curl "* ]] && bench_need_tool curl
[[ " $tools " == *" ferry "* ]] && bench_need_cli
[[ " $tools " == *" base "* ]] && bench_need_base_cli
bench_need_tool openssl

bench_workdir
work=$bench_work
mkdir -p "$work/root" "$work/local" "$work/logs"
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state
export FERRY_PASSWORD=$bench_pass

bench_log "generating a $size_mib MiB file"
head -c $((size_mib * 1024 * 1024)) /dev/urandom >"$work/root/big.bin"
cp "$work/root/big.bin" "$work/local/big.bin"
sum=$(bench_sha "$work/local/big.bin")

# The commands, exactly as measured ($1: download target or upload source).
curl_get() { curl -sS "${curl_opts[@]}" -u "$bench_user:$bench_pass" -o "$work/local/got.bin" "ftp://127.0.0.1:$bench_port/big.bin"; }
curl_put() { curl -sS "${curl_opts[@]}" -u "$bench_user:$bench_pass" -T "$work/local/big.bin" "ftp://127.0.0.1:$bench_port/up.bin"; }
ferry_get() { "$bench_cli" get "${ferry_opts[@]}" "$scheme://$bench_user@127.0.0.1:$bench_port/big.bin" "$work/local/got.bin"; }
ferry_put() { "$bench_cli" put "${ferry_opts[@]}" "$work/local/big.bin" "$scheme://$bench_user@127.0.0.1:$bench_port/up.bin"; }
# "base": the same commands with FERRY_BASE_CLI (before/after comparisons).
base_get() { local bench_cli=$bench_base_cli; ferry_get "$@"; }
base_put() { local bench_cli=$bench_base_cli; ferry_put "$@"; }

declare -A results
for mode in $modes; do
    if [[ $mode == tls ]]; then
        bench_start_vsftpd "$work/root" tls
        scheme=ftpes
        curl_opts=(--ssl-reqd -k)
        ferry_opts=(--trust-fingerprint "SHA256:$bench_fp")
    else
        bench_start_vsftpd "$work/root"
        scheme=ftp
        curl_opts=()
        ferry_opts=(--tls=none)
    fi
    for direction in download upload; do
        # shellcheck disable=SC2086  # $tools is a list of words
        bench_single_file_runs "$mode" "$direction" "$runs" "$sum" $tools
    done
    bench_stop_vsftpd
done

echo
echo "$size_mib MiB, one file, median of $runs runs, vsftpd on loopback"
echo "$(bench_machine)"
printf '%-6s %-9s %-6s %9s %10s  %s\n' mode direction tool seconds MiB/s runs
for mode in $modes; do
    label=$([[ $mode == tls ]] && echo FTPS || echo FTP)
    for direction in download upload; do
        for tool in $tools; do
            t=$(printf '%s\n' ${results[$mode-$direction-$tool]} | bench_median)
            results[$mode-$direction-$tool-median]=$t
            printf '%-6s %-9s %-6s %9.2f %10.1f  %s\n' "$label" "$direction" "$tool" "$t" \
                "$(awk -v m="$size_mib" -v t="$t" 'BEGIN { print m / t }')" "${results[$mode-$direction-$tool]}"
        done
        [[ " $tools " == *" curl "* && " $tools " == *" ferry "* ]] &&
            printf '%-6s %-9s ratio ferry/curl throughput: %s\n' "$label" "$direction" \
                "$(bench_div "${results[$mode-$direction-curl-median]}" "${results[$mode-$direction-ferry-median]}")"
        [[ " $tools " == *" base "* && " $tools " == *" ferry "* ]] &&
            printf '%-6s %-9s ratio ferry/base throughput: %s\n' "$label" "$direction" \
                "$(bench_div "${results[$mode-$direction-base-median]}" "${results[$mode-$direction-ferry-median]}")"
    done
done
