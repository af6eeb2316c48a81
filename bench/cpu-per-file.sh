#!/bin/bash
# A client's own CPU per file on loopback, measured so that the load of a shared machine does
# not change it (issue #19 §4: "ferry-cli's own CPU per file ≤ 0.7× lftp's, plain and FTPS").
#
#   bench/cpu-per-file.sh [--modes "plain tls"] [--files "100 400"] [--tools "ferry lftp"]
#                         [--measure callgrind|time] [--runs N] [--keep-logs DIR]
#
# Each tool downloads (get -r / lftp mirror) and uploads (put -r / mirror -R) trees of 4 KiB
# files in 20 folders from and to vsftpd on 127.0.0.1, --parallel 1, plain FTP or explicit
# FTPS (TLS required, require_ssl_reuse=YES), every result checked by SHA-256. Two tree
# sizes (--files, e.g. 100 and 400): the cost per file is the difference between the two
# runs divided by the difference in files, so the start-up, the login and the certificate
# check, paid once per run, drop out; "whole" is the larger run divided by its files.
#
# --measure callgrind (default): instructions executed in user space by the tool and every
#   process it forks (valgrind --tool=callgrind --trace-children=yes, its "summary" Ir).
#   Independent of the machine's load and of the other processes on it; the kernel's work
#   for the tool's system calls is not counted.
# --measure time: user + system CPU seconds of the tool's processes (bash's `times`), median
#   of --runs runs with the lowest and highest; includes the kernel's part, but on a busy
#   machine it moves with the load (caches, frequency), so give the spread.
#
# Needs: root (vsftpd), vsftpd, lftp, python3, openssl, valgrind (callgrind); the release
# ferry-cli (build/release; or $FERRY_CLI).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

modes="plain tls"
sizes="100 400"
tools="ferry lftp"
measure=callgrind
runs=5
keep_logs=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --modes) modes=$2; shift 2 ;;
        --files) sizes=$2; shift 2 ;;
        --tools) tools=$2; shift 2 ;;
        --measure) measure=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --keep-logs) keep_logs=$2; shift 2 ;;
        -h|--help) sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done
[[ $measure == callgrind || $measure == time ]] || bench_die "--measure must be callgrind or time"
read -r small large <<<"$sizes"
if [[ -z ${large:-} ]] || ! ((large > small && small % 20 == 0 && large % 20 == 0)); then
    bench_die "--files needs two sizes, multiples of 20, the second larger"
fi
[[ $measure == callgrind ]] && runs=1

bench_need_root_and_user
bench_need_tool python3 openssl
[[ $measure == callgrind ]] && bench_need_tool valgrind
[[ " $tools " == *" lftp "* ]] && bench_need_tool lftp
[[ " $tools " == *" ferry "* ]] && bench_need_cli

bench_workdir
work=$bench_work
mkdir -p "$work/root/up" "$work/local/down" "$work/logs" "$work/xdg" "$work/cg"
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state
for n in $small $large; do
    bench_make_tree "$work/local/t$n" 20 $((n / 20)) 4096
    bench_manifest "$work/local/t$n" >"$work/t$n.manifest"
    cp -a "$work/local/t$n" "$work/root/t$n"
done

host=127.0.0.1
url() { echo "$scheme://$bench_user:$bench_pass@$host:$bench_port$1"; }
vg=() # valgrind's command line for --measure callgrind, before each tool's own
lftp_run() {
    "${vg[@]}" lftp --norc -c "set cmd:fail-exit true; set net:max-retries 2; set net:timeout 30; \
set ftp:passive-mode true; $lftp_tls open -u $bench_user,$bench_pass ftp://$host:$bench_port; $1"
}
# TOOL_VERB TREE NAME: the commands, as bench/wan.sh and bench/tree-transfer.sh run them.
ferry_get() { "${vg[@]}" "$bench_cli" get -r --parallel 1 "${ferry_opts[@]}" "$(url "/$1/")" "$work/local/down/$2/"; }
ferry_put() { "${vg[@]}" "$bench_cli" put -r --parallel 1 "${ferry_opts[@]}" "$work/local/$1" "$(url "/up/$2/")"; }
lftp_get() { lftp_run "mirror --parallel=1 --no-perms /$1 $work/local/down/$2/$1"; }
lftp_put() { lftp_run "mirror -R --parallel=1 --no-perms $work/local/$1 /up/$2/$1"; }

# measure_one TOOL VERB TREE NAME: prints the run's cost (instructions, or CPU seconds).
measure_one() {
    local tool=$1 verb=$2 tree=$3 name=$4 log=$work/logs/$4.log
    if [[ $measure == callgrind ]]; then
        rm -f "$work"/cg/*
        vg=(valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cg/%p.out")
        "${tool}_$verb" "$tree" "$name" </dev/null >"$log" 2>&1 || { tail -n 20 "$log" >&2; bench_die "$tool $verb failed: $log"; }
        vg=()
        local f total=0
        for f in "$work"/cg/*.out; do total=$((total + $(sed -n 's/^summary: //p' "$f"))); done
        echo "$total"
    else
        bench_cpu_file=$work/cpu.now
        : >"$bench_cpu_file"
        bench_time "$log" "${tool}_$verb" "$tree" "$name" >/dev/null || bench_die "$tool $verb failed: $log"
        cut -d' ' -f1 "$bench_cpu_file"
    fi
}

verify() { # DIRECTION TREE NAME
    if [[ $1 == download ]]; then
        bench_check_tree "$work/local/down/$3/$2" "$work/$2.manifest"
        rm -rf "$work/local/down/$3"
    else
        bench_check_tree "$work/root/up/$3/$2" "$work/$2.manifest"
        rm -rf "$work/root/up/$3"
    fi
}

results=$work/cpu.tsv
[[ -n $keep_logs ]] && mkdir -p "$keep_logs" && results=$keep_logs/cpu.tsv
: >"$results"
for mode in $modes; do
    bench_stop_vsftpd
    bench_start_vsftpd "$work/root" "$mode"
    if [[ $mode == tls ]]; then
        scheme=ftpes
        ferry_opts=(--trust-fingerprint "SHA256:$bench_fp")
        lftp_tls="set ftp:ssl-force true; set ftp:ssl-protect-data true; set ftp:ssl-protect-list true; \
set ssl:verify-certificate true; set ssl:check-hostname true; set ssl:ca-file $bench_cert;"
    else
        scheme=ftp
        ferry_opts=(--tls=none)
        lftp_tls="set ftp:ssl-allow false;"
    fi
    for direction in download upload; do
        verb="get"
        [[ $direction == upload ]] && verb=put
        for n in $small $large; do
            for run in $(seq "$runs"); do
                for tool in $tools; do
                    name=$mode-$direction-$n-$tool-$run
                    if [[ $direction == upload ]]; then
                        mkdir -p "$work/root/up/$name" && chown "$bench_user": "$work/root/up/$name"
                    fi
                    cost=$(measure_one "$tool" "$verb" "t$n" "$name")
                    verify "$direction" "t$n" "$name"
                    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$direction" "$tool" "$n" "$run" "$cost" "$measure" >>"$results"
                    bench_log "$mode $direction $n files $tool run $run: $cost $( [[ $measure == callgrind ]] && echo instructions || echo CPU s) (verified)"
                done
            done
        done
    done
done
bench_stop_vsftpd
[[ -n $keep_logs ]] && cp -a "$work/logs/." "$keep_logs/"

echo
echo "CPU per file on loopback, vsftpd, --parallel 1, 4 KiB files; $measure$( [[ $measure == time ]] && echo ", median of $runs runs (min-max)")"
bench_machine
python3 - "$results" "$small" "$large" "$measure" <<'PY'
import collections, statistics, sys
path, small, large, measure = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
runs = collections.defaultdict(list)
for line in open(path):
    mode, direction, tool, n, run, cost, _ = line.rstrip("\n").split("\t")
    runs[(mode, direction, tool, int(n))].append(float(cost))
unit = (lambda v: f"{v / 1e6:.2f} M instr") if measure == "callgrind" else (lambda v: f"{v * 1000:.3f} ms")
def spread(k):
    v = runs[k]
    return "" if len(v) < 2 else f" ({unit(min(v) / k[3])}–{unit(max(v) / k[3])})"
rows = {}
for mode, direction, tool in sorted({k[:3] for k in runs}):
    s, l = (mode, direction, tool, small), (mode, direction, tool, large)
    if s not in runs or l not in runs:
        continue
    ms, ml = statistics.median(runs[s]), statistics.median(runs[l])
    rows[(mode, direction, tool)] = ((ml - ms) / (large - small), ml / large, spread(l))
print(f"{'mode':6} {'dir':9} {'tool':6} {'per file (marginal)':>22} {'whole run / files':>20}  vs lftp (marginal, whole)")
for (mode, direction, tool), (marg, whole, sp) in rows.items():
    ref = rows.get((mode, direction, "lftp"))
    ratio = f"{marg / ref[0]:.2f}, {whole / ref[1]:.2f}" if ref and tool != "lftp" else ""
    print(f"{mode:6} {direction:9} {tool:6} {unit(marg):>22} {unit(whole):>20}{sp}  {ratio}")
PY
