#!/usr/bin/env bash
# The window dragging and dropping 10,000 local files (bench/RESULTS.md, "The window: a drag
# of 10,000 files"; issue #16 §1, "dropping 10,000 local files must not freeze the window"):
# ferry-gui-bench --drag-local under Xvfb, the whole MainWindow, the local pane on a folder of
# N files in tmpfs, the remote pane on a local vsftpd (plain FTP, 127.0.0.1). Every local row
# is selected and dragged with real mouse events (press, move; the drag is cancelled as soon
# as it is under way), then the selection is dropped on the remote folder. Printed per run:
# the drag's start (wall and the GUI thread's CPU), the drop, and the longest event-loop
# stall (lateness of a 5 ms timer, and the GUI thread's CPU between two ticks) in the 3 s
# after, while the queue and its pane take the rows in (the queue does not run).
#
#   bench/gui-drag.sh [--files N] [--runs N] [--trace-slow MS] [--build-dir DIR | --prebuilt DIR]
#
# Needs root (vsftpd) and xvfb-run; builds ferry-gui-bench (Release) in DIR (default
# build/bench-gui, as bench/gui-listing.sh); --prebuilt DIR takes it from a build as it is.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

files=10000
runs=3
build=${FERRY_BENCH_BUILD_DIR:-$bench_repo/build/bench-gui}
prebuilt=
trace=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --files) files=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --build-dir) build=$2; shift 2 ;;
        --prebuilt) prebuilt=$2; shift 2 ;;
        --trace-slow) trace=(--trace-slow "$2"); shift 2 ;;
        *) bench_die "usage: $0 [--files N] [--runs N] [--trace-slow MS] [--build-dir DIR | --prebuilt DIR]" ;;
    esac
done
bench_need_root_and_user
bench_need_tool xvfb-run

if [[ -n $prebuilt ]]; then
    build=$prebuilt
else
    mkdir -p "$build"
    cmake -S "$bench_repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERRY_WERROR=ON -DFERRY_BUILD_BENCH=ON \
        >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 1; }
    nice cmake --build "$build" -j 2 --target ferry-gui-bench >/dev/null
fi
echo "== binaries: $build ($(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt"))"
probe=$build/bench/ferry-gui-bench

bench_workdir /dev/shm
export XDG_CONFIG_HOME=$bench_work/xdg/config XDG_DATA_HOME=$bench_work/xdg/data XDG_CACHE_HOME=$bench_work/xdg/cache
mkdir -p "$bench_work/root/in" "$bench_work/local/many"
chown "$bench_user": "$bench_work/root/in"
bench_small_files "$bench_work/local/many" "$files"
bench_start_vsftpd "$bench_work/root"
echo "== $(bench_machine)"
echo "== $files local files dragged and dropped, $runs run(s)"
for run in $(seq "$runs"); do
    echo "-- run $run (load $(cut -d' ' -f1-3 /proc/loadavg))"
    xvfb-run -a -s "-screen 0 1280x800x24" "$probe" --timeout 300 "${trace[@]}" \
        --remote "ftp://$bench_user:$bench_pass@127.0.0.1:$bench_port/in/" --drag-local "$bench_work/local/many"
done
echo "== load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
