#!/usr/bin/env bash
# The window while 100,000 queued files run (bench/RESULTS.md, "The window: 100,000 queued
# uploads"; issue #16 §5): ferry-gui-bench --upload-folder (the whole MainWindow, the queue in
# a file, the folder handed to the queue as a drop hands it: one folder job) against
# `ferry-cli put -r` of the same folder, each into a fresh folder of a local vsftpd (plain FTP,
# 127.0.0.1), the files in tmpfs (/dev/shm). For the window: the longest lateness of a 5 ms
# timer from the drop until the queue is drained, the GUI thread's longest CPU time between
# two ticks, the number of ticks over 50 ms late, CPU and peak RSS (VmHWM); for ferry-cli its
# wall time, CPU and peak RSS (/usr/bin/time). Both runs are checked: every file arrived.
#
# With --seconds S each tool runs S seconds at most (the window: from the drop; ferry-cli:
# then SIGTERM), as bench/queue-memory.sh does: the queue knows all files within seconds, so
# its largest state is measured without waiting for 100,000 uploads; "arrived" says how far
# each got.
#
#   bench/gui-queue.sh [--files N] [--runs N] [--seconds S] [--trace-slow MS] [--skip-cli]
#                      [--build-dir DIR | --prebuilt DIR]
#
# Needs root (vsftpd), xvfb-run, /usr/bin/time; builds ferry-gui-bench and ferry-cli
# (Release) in DIR (default build/bench-gui, as bench/gui-listing.sh); --prebuilt DIR takes
# them from a build as it is (configured with FERRY_BUILD_BENCH=ON; say which in the results).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

files=100000
runs=1
build=${FERRY_BENCH_BUILD_DIR:-$bench_repo/build/bench-gui}
prebuilt=
seconds=0
trace=()
skip_cli=0
while [[ $# -gt 0 ]]; do
    case "$1" in
        --files) files=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        --prebuilt) prebuilt=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --trace-slow) trace=(--trace-slow "$2"); shift 2 ;; # the window's slow events on stderr
        --skip-cli) skip_cli=1; shift ;;
        *) bench_die "usage: $0 [--files N] [--runs N] [--seconds S] [--trace-slow MS] [--skip-cli] [--build-dir DIR | --prebuilt DIR]" ;;
    esac
done
bench_need_root_and_user
bench_need_tool xvfb-run
[[ -x /usr/bin/time ]] || bench_die "/usr/bin/time is missing (apt-get install time)"

if [[ -n $prebuilt ]]; then
    build=$prebuilt
else
    mkdir -p "$build"
    cmake -S "$bench_repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERRY_WERROR=ON -DFERRY_BUILD_BENCH=ON \
        >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 1; }
    nice cmake --build "$build" -j 2 --target ferry-gui-bench ferry-cli >/dev/null
fi
echo "== binaries: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"))"
probe=$build/bench/ferry-gui-bench
cli=$build/app/ferry-cli

bench_workdir /dev/shm
export XDG_CONFIG_HOME=$bench_work/xdg/config XDG_DATA_HOME=$bench_work/xdg/data XDG_CACHE_HOME=$bench_work/xdg/cache
mkdir -p "$bench_work/root" "$bench_work/local/up"
bench_small_files "$bench_work/local/up" "$files"
bench_start_vsftpd "$bench_work/root"
echo "== $(bench_machine)"
echo "== $files files of a few bytes, $runs run(s) each, window then ferry-cli"

arrived() { find "$1" -type f | wc -l; }
for run in $(seq "$runs"); do
    target=$bench_work/root/gui$run
    mkdir -p "$target" && chown "$bench_user": "$target"
    echo "-- window, run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
    xvfb-run -a -s "-screen 0 1280x800x24" "$probe" --timeout 3600 --seconds "$seconds" "${trace[@]}" \
        --remote "ftp://$bench_user:$bench_pass@127.0.0.1:$bench_port/gui$run/" \
        --upload-folder "$bench_work/local/up" | tee -a "$bench_work/gui.runs"
    echo "arrived: $(arrived "$target/up")"

    ((skip_cli)) && continue
    target=$bench_work/root/cli$run
    mkdir -p "$target" && chown "$bench_user": "$target"
    echo "-- ferry-cli, run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
    limit=()
    ((seconds > 0)) && limit=(timeout -s TERM "$seconds")
    /usr/bin/time -f "cli_wall_s=%e cli_cpu_s=%U+%S cli_peak_rss_kb=%M" "${limit[@]}" \
        "$cli" put -r --tls=none --queue-db "$bench_work/cli$run.sqlite" "$bench_work/local/up" \
        "ftp://$bench_user:$bench_pass@127.0.0.1:$bench_port/cli$run/" >"$bench_work/cli$run.log" 2>&1 ||
        ((seconds > 0)) || { tail -n 20 "$bench_work/cli$run.log" >&2; bench_die "ferry-cli failed"; }
    tail -n 1 "$bench_work/cli$run.log"
    echo "arrived: $(arrived "$target/up")"
done
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
