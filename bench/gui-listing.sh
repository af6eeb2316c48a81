#!/usr/bin/env bash
# The window on a 100,000-entry folder (bench/RESULTS.md, "The window"), Ferry beside
# Debian's FileZilla, measured the same way under Xvfb (1280x800):
#  1. from outside, for both (bench/gui-listing/xwatch: X11 + XDamage, /proc): the longest
#     event-loop stall (the slowest answer to a _NET_WM_PING sent every 10 ms), the first
#     and last repaint of the remote file list, the process's CPU time and peak RSS
#     (VmHWM). CPU and memory come from a second run without pings (a ping costs the
#     client a little CPU).
#  2. from inside, for Ferry (bench/gui-listing/guibench.cpp, the same MainWindow as
#     `ferry`): first rows painted, all rows painted, the longest lateness of a 5 ms timer,
#     CPU, peak RSS, and the same for a sort by size.
#  3. the local side: Ferry's pane on a local 100,000-entry folder against a QTreeView on
#     QFileSystemModel behind a QSortFilterProxyModel.
# Servers: vsftpd (LIST; plain FTP on 127.0.0.1) and, with --pyftpdlib, pyftpdlib (MLSD).
# Needs root (vsftpd), xvfb-run, filezilla, libx11-dev and libxdamage-dev.
# --inside-only: only 2. (no FileZilla, no xwatch, no local side), with --trace-slow MS
# passed on; FERRY_GUI_BENCH=/path/ferry-gui-bench measures that build instead of building
# one (a before/after comparison).
#
#   bench/gui-listing.sh [--runs N] [--entries N] [--pyftpdlib] [--skip-filezilla] [--build-dir DIR]
#                        [--inside-only [--trace-slow MS]]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

runs=5
entries=100000
pyftpdlib=0
skip_fz=0
inside_only=0
trace=()
build=${FERRY_BENCH_BUILD_DIR:-$bench_repo/build/bench-gui}
while [[ $# -gt 0 ]]; do
    case "$1" in
        --runs) runs=$2; shift 2 ;;
        --entries) entries=$2; shift 2 ;;
        --pyftpdlib) pyftpdlib=1; shift ;;
        --skip-filezilla) skip_fz=1; shift ;;
        --build-dir) build=$2; shift 2 ;;
        --inside-only) inside_only=1; skip_fz=1; shift ;;
        --trace-slow) trace=(--trace-slow "$2"); shift 2 ;;
        *) bench_die "usage: $0 [--runs N] [--entries N] [--pyftpdlib] [--skip-filezilla] [--build-dir DIR] [--inside-only [--trace-slow MS]]" ;;
    esac
done
bench_need_root_and_user
bench_need_tool xvfb-run
((skip_fz)) || bench_need_tool filezilla

ferry=$build/app/ferry
probe=${FERRY_GUI_BENCH:-$build/bench/ferry-gui-bench}
xwatch=$build/bench/xwatch
if [[ -z ${FERRY_GUI_BENCH:-} ]]; then
    mkdir -p "$build"
    cmake -S "$bench_repo" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFERRY_WERROR=ON -DFERRY_BUILD_BENCH=ON \
        >"$build.configure.log" 2>&1 || { cat "$build.configure.log" >&2; exit 1; }
    if ((inside_only)); then
        cmake --build "$build" -j 2 --target ferry-gui-bench >/dev/null
    else
        cmake --build "$build" -j 2 --target ferry ferry-gui-bench xwatch >/dev/null
    fi
fi

bench_workdir
echo "== $(bench_machine)"
mkdir -p "$bench_work/root/big" "$bench_work/local"
/usr/bin/python3 - "$bench_work/root/big" "$entries" <<'PY'
import os, sys
folder, n = sys.argv[1], int(sys.argv[2])
for i in range(n):  # as bench/listing-bench.sh: a few names with spaces or UTF-8
    name = f"file_{i:07d}.dat" if i % 20 else f"résumé {i:07d}.pdf" if i % 40 else f"photo {i:07d}.jpg"
    open(os.path.join(folder, name), "wb").close()
PY
((inside_only)) || cp -a "$bench_work/root/big" "$bench_work/local100k"
cp -R "$bench_repo/resources/demo/." "$bench_work/local/"
bench_start_vsftpd "$bench_work/root"
url="ftp://$bench_user:$bench_pass@127.0.0.1:$bench_port/big/"

# FileZilla: no welcome dialog, plain FTP allowed for this server (as "Always allow" does).
fzhome=$bench_work/fzhome
mkdir -p "$fzhome/.config/filezilla"
cat >"$fzhome/.config/filezilla/filezilla.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.63.0" platform="*nix"><Settings>
<Setting name="Greeting version">3.63.0</Setting><Setting name="Greeting resources"></Setting>
<Setting name="Disable update footer">1</Setting><Setting name="Update Check">0</Setting>
</Settings></FileZilla3>
XML
cat >"$fzhome/.config/filezilla/trustedcerts.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<FileZilla3 version="3.63.0" platform="*nix"><InsecureHosts><Host Port="$bench_port">127.0.0.1</Host></InsecureHosts></FileZilla3>
XML

# watch NAME REGION PINGS CMD...: one run of CMD under Xvfb, watched by xwatch.
watch() {
    local name=$1 region=$2 pings=$3
    shift 3
    cat >"$bench_work/watch.sh" <<SH
#!/bin/bash
"\$@" >"$bench_work/$name.app.log" 2>&1 &
app=\$!
"$xwatch" \$app 60 --region $region --settle 4000 $( ((pings)) || echo --no-ping)
kill \$app 2>/dev/null; wait \$app 2>/dev/null
rm -f "$fzhome/.config/filezilla/lockfile"
SH
    chmod +x "$bench_work/watch.sh"
    xvfb-run -a -s "-screen 0 1280x800x24" "$bench_work/watch.sh" "$@" | tee -a "$bench_work/$name.runs"
}
ferry_cmd=(env HOME="$bench_work/ferryhome" "$ferry" --local "$bench_work/local" "$url")
fz_cmd=(env HOME="$fzhome" filezilla "$url")
# The remote file lists, in window coordinates (both windows open at the top left).
ferry_region=610,290,580,300
fz_region=608,415,590,170

((inside_only)) || echo "== outside: $runs runs each, alternating (stall with pings; CPU and memory without)"
for i in $( ((inside_only)) || seq "$runs"); do
    watch ferry-ping "$ferry_region" 1 "${ferry_cmd[@]}"
    watch ferry "$ferry_region" 0 "${ferry_cmd[@]}"
    if ((!skip_fz)); then
        watch filezilla-ping "$fz_region" 1 "${fz_cmd[@]}"
        watch filezilla "$fz_region" 0 "${fz_cmd[@]}"
    fi
done

echo "== inside (Ferry): $runs runs"
for i in $(seq "$runs"); do
    xvfb-run -a -s "-screen 0 1280x800x24" "$probe" --remote "$url" --local "$bench_work/local" --sort-size "${trace[@]}" \
        | tee -a "$bench_work/inside.runs"
    echo "load $(cut -d' ' -f1 /proc/loadavg)"
done
if ((pyftpdlib)); then
    echo "== inside (Ferry) on pyftpdlib (MLSD)"
    py_port_file=$bench_work/py.port
    /usr/bin/python3 "$bench_repo/tests/servers/pyftpd_server.py" --host 127.0.0.1 --port 0 --root "$bench_work/root" \
        --user ferry --password ferry --ignore-stdin >"$py_port_file" 2>&1 &
    py_pid=$!
    for _ in $(seq 100); do grep -q '^PORT ' "$py_port_file" && break; sleep 0.1; done
    py_port=$(sed -n 's/^PORT \([0-9]*\).*/\1/p' "$py_port_file" | head -n 1)
    for i in $(seq "$runs"); do
        xvfb-run -a -s "-screen 0 1280x800x24" "$probe" --remote "ftp://ferry:ferry@127.0.0.1:$py_port/big/" \
            --local "$bench_work/local" --sort-size | tee -a "$bench_work/inside-pyftpdlib.runs"
    done
    kill "$py_pid" 2>/dev/null || true
fi
((inside_only)) || echo "== local side: Ferry's pane against QFileSystemModel + QSortFilterProxyModel, $runs runs each"
for i in $( ((inside_only)) || seq "$runs"); do
    xvfb-run -a -s "-screen 0 1280x800x24" "$probe" --local-list "$bench_work/local100k" --sort-size \
        | tee -a "$bench_work/local-ferry.runs"
    xvfb-run -a -s "-screen 0 1280x800x24" "$probe" --qfsm "$bench_work/local100k" --sort-size \
        | tee -a "$bench_work/local-qfsm.runs"
done

# Medians of each numeric key in a runs file (plain awk and sort: Debian's mawk has no asort).
medians() {
    local file=$1 key values out=""
    for key in $(tr ' ' '\n' <"$file" | sed -n 's/^\([a-z_]*\)=-\{0,1\}[0-9.]*$/\1/p' | sort -u); do
        values=$(tr ' ' '\n' <"$file" | sed -n "s/^$key=\(-\{0,1\}[0-9.]*\)$/\1/p" | sort -g)
        out+="$key=$(awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }' <<<"$values") "
    done
    echo "$out"
}
echo "== medians"
for f in ferry-ping ferry filezilla-ping filezilla inside inside-pyftpdlib local-ferry local-qfsm; do
    if [[ -f $bench_work/$f.runs ]]; then echo "$f: $(medians "$bench_work/$f.runs")"; fi
done
