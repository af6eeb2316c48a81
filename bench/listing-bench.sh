#!/usr/bin/env bash
# Listing benchmarks (see bench/RESULTS.md, section "Listings"):
#  1. listing-bench: the parser alone on a generated 1,000,000-line Unix listing and a
#     1,000,000-line MLSD listing: lines per second on one core, bytes per entry.
#  2. `ferry-cli ls` against `lftp -e "cls -1"` on a 100,000-entry folder served by vsftpd
#     on loopback, same run, alternating: wall time and peak RSS (/usr/bin/time -v),
#     medians of RUNS runs.
# Builds Release binaries in build/bench-listings. Needs root (vsftpd), vsftpd, lftp and
# GNU time; creates the ftp test user with tests/servers/setup-test-user.sh.
#
#   bench/listing-bench.sh [--runs N] [--entries N] [--skip-parser] [--skip-ls]
set -euo pipefail

runs=5
entries=100000
skip_parser=0
skip_ls=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --entries) entries=$2; shift 2 ;;
        --skip-parser) skip_parser=1; shift ;;
        --skip-ls) skip_ls=1; shift ;;
        *) echo "usage: $0 [--runs N] [--entries N] [--skip-parser] [--skip-ls]" >&2; exit 2 ;;
    esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
build=${FERRY_BENCH_BUILD_DIR:-$root/build/bench-listings}
mkdir -p "$build" # fresh clones have no build/ yet; the configure log goes beside it
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERRY_WERROR=ON -DFERRY_BUILD_BENCH=ON \
    >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 1; }
cmake --build "$build" -j 2 --target listing-bench ferry-cli

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== commit: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet -- core/listing || echo '+changes')"

if ((!skip_parser)); then
    # One process per format: the resident-memory delta is only clean in a fresh heap.
    for format in unix mlsd; do
        echo "== parser: listing-bench --format $format --runs $runs"
        "$build/bench/listing-bench" --format "$format" --runs "$runs"
    done
fi
((skip_ls)) && exit 0

[[ $(id -u) -eq 0 ]] || { echo "the ls benchmark needs root (vsftpd)" >&2; exit 1; }
command -v lftp >/dev/null || { echo "lftp is not installed (apt-get install lftp)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "GNU time is not installed (apt-get install time)" >&2; exit 1; }
bash "$root/tests/servers/setup-test-user.sh" >/dev/null

work=$(mktemp -d /tmp/ferry-listing-bench.XXXXXX)
chmod 755 "$work" # vsftpd runs the session as ferrytest
server_pid=
cleanup() {
    if [[ -n $server_pid ]]; then
        # vsftpd's per-connection processes are its children; they end with their clients,
        # but none may outlive the benchmark.
        for child in $(ps -o pid= --ppid "$server_pid" 2>/dev/null); do kill "$child" 2>/dev/null || true; done
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# A folder of empty files, names as people have them (a few with spaces or UTF-8).
mkdir -p "$work/root/big" "$work/server"
/usr/bin/python3 - "$work/root/big" "$entries" <<'PY'
import os, sys
folder, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    name = f"file_{i:07d}.dat" if i % 20 else f"résumé {i:07d}.pdf" if i % 40 else f"photo {i:07d}.jpg"
    open(os.path.join(folder, name), "wb").close()
PY
chown -R ferrytest: "$work/root"

"$root/tests/servers/vsftpd_server.sh" --host 127.0.0.1 --port 0 --root "$work/root" --workdir "$work/server" \
    >"$work/server.out" 2>&1 &
server_pid=$!
for _ in $(seq 100); do grep -q '^PORT ' "$work/server.out" 2>/dev/null && break; sleep 0.1; done
port=$(sed -n 's/^PORT //p' "$work/server.out")
[[ -n $port ]] || { cat "$work/server.out" >&2; exit 1; }
sleep 0.5
url="ftp://ferrytest:ferry-test-pw@127.0.0.1:$port/big/"

ferry_cmd=("$build/app/ferry-cli" ls "$url")
lftp_cmd=(lftp -c "set cmd:interactive false; set ftp:passive-mode true; set net:max-retries 1; \
open -u ferrytest,ferry-test-pw ftp://127.0.0.1:$port; cls -1 /big/")

# measure NAME COMMAND...: one run under GNU time; appends "seconds kilobytes" to $work/NAME.runs
measure() {
    local name=$1
    shift
    /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out"
    local lines
    lines=$(wc -l <"$work/$name.out")
    [[ $lines -eq $entries ]] || { echo "$name listed $lines entries, expected $entries" >&2; exit 1; }
    cat "$work/$name.time" >>"$work/$name.runs"
}

echo "== ls of $entries entries from vsftpd on loopback, $runs runs each, alternating"
measure warmup "${ferry_cmd[@]}"
measure warmup "${lftp_cmd[@]}"
for _ in $(seq "$runs"); do
    measure ferry "${ferry_cmd[@]}"
    measure lftp "${lftp_cmd[@]}"
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
ferry_s=$(cut -d' ' -f1 "$work/ferry.runs" | median)
ferry_kb=$(cut -d' ' -f2 "$work/ferry.runs" | median)
lftp_s=$(cut -d' ' -f1 "$work/lftp.runs" | median)
lftp_kb=$(cut -d' ' -f2 "$work/lftp.runs" | median)
echo "ferry-cli ls:  runs (s KB): $(tr '\n' ';' <"$work/ferry.runs")"
echo "lftp cls -1:   runs (s KB): $(tr '\n' ';' <"$work/lftp.runs")"
awk -v fs="$ferry_s" -v fk="$ferry_kb" -v ls="$lftp_s" -v lk="$lftp_kb" 'BEGIN {
    printf "median time:    ferry-cli %.2f s, lftp %.2f s, ratio %.2f\n", fs, ls, fs / ls
    printf "median peak RSS: ferry-cli %.1f MB, lftp %.1f MB, ratio %.2f\n", fk / 1024, lk / 1024, fk / lk
}'
