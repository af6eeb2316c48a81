#!/bin/bash
# Server-to-server copies (issue #18 §4): ferry-cli cp of one large file between two vsftpd
# instances on loopback that allow FXP (pasv_promiscuous/port_promiscuous), directly (FXP:
# the bytes go from one server to the other) against the copy through ferry-cli (--no-fxp:
# a download streamed into an upload), same servers, same run, the order alternated.
#
#   bench/fxp.sh [--runs R] [--size MIB]
#
# Defaults: 3 runs, 1024 MiB (random bytes). Each copy is checked by SHA-256 against the
# original; the page cache is flushed (sync) before each run, not timed. Prints the median
# wall time of each way, ferry-cli's CPU and the whole machine's (servers included), and
# the load average before and after (the machine may be shared).
#
# Needs: root (vsftpd), vsftpd, python3, a ferry-cli (build/release/app/ferry-cli or $FERRY_CLI).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=3
size_mib=1024
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --size) size_mib=$2; shift 2 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done

bench_need_root_and_user
bench_need_cli
bench_workdir

# Two vsftpd on 127.0.0.2 and 127.0.0.3 (ferry-cli connects from 127.0.0.1), FXP allowed.
pids=()
ports=()
stop_servers() { local p; for p in "${pids[@]}"; do bench_stop_listener "$p"; done; }
bench_cleanup_hooks+=(stop_servers)
for i in 0 1; do
    host=127.0.0.$((i + 2))
    mkdir -p "$bench_work/root$i" "$bench_work/server$i"
    chown -R "$bench_user": "$bench_work/root$i"
    "$bench_repo/tests/servers/vsftpd_server.sh" --host "$host" --port 0 --root "$bench_work/root$i" \
        --workdir "$bench_work/server$i" --fxp >"$bench_work/server$i/out" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q '^PORT ' "$bench_work/server$i/out" 2>/dev/null && break; sleep 0.1; done
    ports+=("$(sed -n 's/^PORT //p' "$bench_work/server$i/out")")
    [[ -n ${ports[$i]} ]] || { cat "$bench_work/server$i/out" >&2; bench_die "vsftpd did not start"; }
    bench_host=$host bench_wait_listening vsftpd "${ports[$i]}" "${pids[$i]}" "$bench_work/server$i/out"
done

bench_log "making a ${size_mib} MiB file"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom >"$bench_work/root0/big.bin"
chown "$bench_user": "$bench_work/root0/big.bin"
sum=$(bench_sha "$bench_work/root0/big.bin")
src="ftp://$bench_user:$bench_pass@127.0.0.2:${ports[0]}/big.bin"
dst="ftp://$bench_user:$bench_pass@127.0.0.3:${ports[1]}/big.bin"
mkdir -p "$bench_work/logs"
ferry_fxp() { "$bench_cli" cp --tls plain "$src" "$dst"; }
ferry_through() { "$bench_cli" cp --tls plain --no-fxp "$src" "$dst"; }

declare -A times cpu
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$runs"); do
    order="fxp through"
    ((run % 2 == 0)) && order="through fxp"
    for way in $order; do
        rm -f "$bench_work/root1/big.bin"
        sync
        bench_cpu_file=$bench_work/logs/$way.cpu
        t=$(bench_time "$bench_work/logs/$way.log" "ferry_$way")
        bench_check_file "$bench_work/root1/big.bin" "$sum"
        grep -q "$([[ $way == fxp ]] && echo 'server to server' || echo 'through ferry-cli')" "$bench_work/logs/$way.log" ||
            bench_die "the $way copy did not go the way asked: $(cat "$bench_work/logs/$way.log")"
        bench_log "run $run $way: $t s (verified)"
        times[$way]+="$t "
    done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

echo "# ferry-cli cp, ${size_mib} MiB, vsftpd 127.0.0.2 -> vsftpd 127.0.0.3, $runs runs (median)"
bench_machine
echo "load average before: $load_before; after: $load_after"
printf '%-10s %10s %12s %14s %10s\n' way "time s" "MiB/s" "ferry CPU s" "machine CPU s"
for way in fxp through; do
    m=$(printf '%s\n' ${times[$way]} | bench_median)
    c=$(cut -d' ' -f1 "$bench_work/logs/$way.cpu" | bench_median)
    b=$(cut -d' ' -f2 "$bench_work/logs/$way.cpu" | bench_median)
    printf '%-10s %10s %12s %14s %10s\n' "$way" "$m" "$(bench_div "$size_mib" "$m")" "$c" "$b"
done
