#!/bin/bash
# Benchmarks on an emulated real-world link (issue #19 [wan-bench]): ferry-cli against
# `lftp mirror` (same parallelism) and curl where it applies, through bench/linkem at
# several round-trip times, with and without a bandwidth cap.
#
#   bench/wan.sh [--rtt "0 20 50 150"] [--rate "none 100M"] [--modes "plain tls"]
#                [--suites "small bulk big listing"] [--parallel "1 8"] [--runs N]
#                [--directions "download upload"]
#                [--tools "ferry lftp curl filezilla"] [--server vsftpd|pyftpdlib] [--files N]
#                [--big-mib N] [--listing-folders N] [--pasv-base PORT] [--relay] [--profile]
#                [--keep-logs DIR]
#
# Suites (every run starts from an empty destination and is verified file by file by
# SHA-256 afterwards, or the bench fails):
#   small    --files (2,000) × 4 KiB in 20 folders: get -r / put -r (lftp mirror / mirror -R)
#   bulk     200 × 1 MiB in one folder: get -r / put -r; curl moves the same 200 files in one
#            invocation (URL globbing; -Z --parallel-max N when N > 1)
#   big      one --big-mib (1024) MiB file: get / put (lftp get / put, curl)
#   listing  --listing-folders (2,000) folders × 5 files of 1 KiB: get -r (lftp mirror);
#            listing-bound (one LIST per folder)
# filezilla (only when asked for in --tools): FileZilla 3.63 driven through its window under
# Xvfb (bench/filezilla.sh), small suite, upload only, "Number of Transfers" = --parallel,
# timed from the click that starts the upload until the server holds every file.
# Modes: plain FTP; tls = explicit FTPS (AUTH TLS, TLS 1.2/1.3 required for logins and data;
# vsftpd with require_ssl_reuse=YES), ferry-cli trusting the certificate by fingerprint, lftp
# and curl by CA file with verification on.
#
# The link: linkem in packet mode (the server listens on 127.0.0.2; every TCP packet to and
# from it is delayed by RTT/2 each way and, with --rate, shaped by a drop-tail bottleneck;
# MSS 1448), so the kernels on both ends see a real round trip. --relay uses linkem's relay
# mode instead (server on 127.0.0.1, announcing 127.0.0.2 in PASV; client SYNs held a round
# trip). RTT 0 without a cap runs on plain loopback, without linkem. The emulator checks
# itself first (linkem --self-check at the first RTT and 100 Mbit/s).
#
# Reported per run: wall time, round trips per file (wall / files / RTT: login and listing
# included), the tool's own CPU, the machine's busy core-seconds, linkem's CPU and the load
# average; per row the medians and the ratio to lftp (time: lower is better), printed by
# bench/wan-table.py from results.tsv (kept in --keep-logs DIR; tables of several runs can be
# merged: bench/wan-table.py [--markdown] DIR1/results.tsv DIR2/results.tsv). --profile
# instead runs ferry-cli -v and lftp's debug transcript at --parallel 1 on the small suite
# and prints where the time per file goes (bench/transcript-timing.py), in round trips.
#
# --directions: only these transfer directions (to split a long table across several wan.sh
# running at once; the listing suite is download only either way).
# --pasv-base PORT: vsftpd's passive range is PORT..PORT+39 (default: derived from its control
# port); give each of several wan.sh running at once its own range, so that their linkem
# rules never cover the same ports.
#
# Needs: root (vsftpd, iptables for linkem), vsftpd, lftp, curl, openssl, iptables, python3,
# release builds of ferry-cli and linkem (build/release; or $FERRY_CLI and $LINKEM).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

rtts="0 20 50 150"
rates="none 100M"
modes="plain tls"
suites="small bulk big listing"
parallels="1 8"
runs=1
tools="ferry lftp curl"
directions_asked="download upload"
server=vsftpd
files=2000
big_mib=1024
listing_folders=2000
pasv_base=
relay=0
profile=0
keep_logs=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --rtt) rtts=$2; shift 2 ;;
        --rate) rates=$2; shift 2 ;;
        --modes) modes=$2; shift 2 ;;
        --suites) suites=$2; shift 2 ;;
        --parallel) parallels=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --tools) tools=$2; shift 2 ;;
        --directions) directions_asked=$2; shift 2 ;;
        --server) server=$2; shift 2 ;;
        --files) files=$2; shift 2 ;;
        --big-mib) big_mib=$2; shift 2 ;;
        --listing-folders) listing_folders=$2; shift 2 ;;
        --pasv-base) pasv_base=$2; shift 2 ;;
        --relay) relay=1; shift ;;
        --profile) profile=1; shift ;;
        --keep-logs) keep_logs=$2; shift 2 ;;
        -h|--help) sed -n '2,50p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) bench_die "unknown argument: $1 (see --help)" ;;
    esac
done
((files % 20 == 0)) || bench_die "--files must be a multiple of 20"
((profile)) && suites=small
[[ $server == vsftpd || $server == pyftpdlib ]] || bench_die "--server must be vsftpd or pyftpdlib"

bench_need_root_and_user
bench_need_tool python3 openssl iptables chrt
[[ " $tools " == *" lftp "* ]] && bench_need_tool lftp
[[ " $tools " == *" curl "* ]] && bench_need_tool curl
[[ " $tools " == *" ferry "* ]] && bench_need_cli
[[ -x $bench_linkem ]] || bench_die "no linkem at $bench_linkem: cmake --build build/release --target linkem (or set LINKEM)"

if ((relay)); then
    bench_host=127.0.0.1
    link_args=(--hold-syn)
else
    bench_host=127.0.0.2
    link_args=(--packet)
fi
host=127.0.0.2 # what the clients connect to, either way

bench_workdir
work=$bench_work
mkdir -p "$work/root/up" "$work/local/down" "$work/logs" "$work/xdg"
export XDG_CONFIG_HOME=$work/xdg/config XDG_DATA_HOME=$work/xdg/data XDG_CACHE_HOME=$work/xdg/cache XDG_STATE_HOME=$work/xdg/state

if [[ " $tools " == *" filezilla "* ]]; then
    # shellcheck source=bench/filezilla.sh
    source "$bench_repo/bench/filezilla.sh"
    fz_setup "$work"
fi

declare -A suite_files
for suite in $suites; do
    bench_log "generating the $suite suite"
    case $suite in
        small) bench_make_tree "$work/local/small" 20 $((files / 20)) 4096; suite_files[small]=$files ;;
        bulk) bench_make_tree "$work/local/bulk" 1 200 1048576; suite_files[bulk]=200 ;;
        big) head -c $((big_mib * 1024 * 1024)) /dev/urandom >"$work/local/big.bin"; suite_files[big]=1 ;;
        listing) bench_make_tree "$work/local/listing" "$listing_folders" 5 1024; suite_files[listing]=$((listing_folders * 5)) ;;
        *) bench_die "unknown suite: $suite" ;;
    esac
    if [[ $suite == big ]]; then
        big_sum=$(bench_sha "$work/local/big.bin")
        cp "$work/local/big.bin" "$work/root/big.bin"
    else
        bench_manifest "$work/local/$suite" >"$work/$suite.manifest"
        cp -a "$work/local/$suite" "$work/root/$suite"
    fi
done
# FileZilla's local pane must show the tree alone (it right-clicks the first row after "..").
[[ -d $work/local/small ]] && mkdir -p "$work/fzsrc" && cp -al "$work/local/small" "$work/fzsrc/small"

# The commands, exactly as measured. $1: parallelism, $2: the run's own name.
ferry_v=()
url() { echo "$scheme://$bench_user:$bench_pass@$host:$bench_port$1"; }
ferry_get() { "$bench_cli" "${ferry_v[@]}" get -r --parallel "$1" "${ferry_opts[@]}" "$(url "/$suite/")" "$work/local/down/$2/"; }
ferry_put() { "$bench_cli" "${ferry_v[@]}" put -r --parallel "$1" "${ferry_opts[@]}" "$work/local/$suite" "$(url "/up/$2/")"; }
ferry_getbig() { "$bench_cli" get "${ferry_opts[@]}" "$(url /big.bin)" "$work/local/down/$2.bin"; }
ferry_putbig() { "$bench_cli" put "${ferry_opts[@]}" "$work/local/big.bin" "$(url "/up/$2.bin")"; }
lftp_debug=
lftp_run() {
    lftp --norc -c "$lftp_debug set cmd:fail-exit true; set net:max-retries 2; set net:timeout 30; \
set ftp:passive-mode true; $lftp_tls open -u $bench_user,$bench_pass ftp://$host:$bench_port; $1"
}
lftp_get() { lftp_run "mirror --parallel=$1 --no-perms /$suite $work/local/down/$2/$suite"; }
lftp_put() { lftp_run "mirror -R --parallel=$1 --no-perms $work/local/$suite /up/$2/$suite"; }
lftp_getbig() { lftp_run "get /big.bin -o $work/local/down/$2.bin"; }
lftp_putbig() { lftp_run "put $work/local/big.bin -o /up/$2.bin"; }
curl_base() { curl -sS "${curl_tls[@]}" -u "$bench_user:$bench_pass" "$@"; }
curl_par() { (($1 > 1)) && echo "-Z --parallel-max $1"; }
# shellcheck disable=SC2046 # curl_par's words are options
curl_get() {
    curl_base $(curl_par "$1") --create-dirs -o "$work/local/down/$2/$suite/file#1.bin" \
        "ftp://$host:$bench_port/$suite/file[00000-00199].bin"
}
# shellcheck disable=SC2046
curl_put() {
    curl_base $(curl_par "$1") --ftp-create-dirs -T "$work/local/$suite/file[00000-00199].bin" \
        "ftp://$host:$bench_port/up/$2/$suite/"
}
curl_getbig() { curl_base -o "$work/local/down/$2.bin" "ftp://$host:$bench_port/big.bin"; }
curl_putbig() { curl_base -T "$work/local/big.bin" "ftp://$host:$bench_port/up/$2.bin"; }

# verify DIRECTION NAME: the run's result is exactly the original.
verify() {
    if [[ $suite == big ]]; then
        local f=$work/local/down/$2.bin
        [[ $1 == upload ]] && f=$work/root/up/$2.bin
        bench_check_file "$f" "$big_sum"
        rm -f "$f" # a gigabyte per run adds up
    elif [[ $1 == download ]]; then
        bench_check_tree "$work/local/down/$2/$suite" "$work/$suite.manifest"
    else
        bench_check_tree "$work/root/up/$2/$suite" "$work/$suite.manifest"
    fi
}

start_server() {
    bench_stop_linkem
    bench_stop_vsftpd
    if [[ $server == vsftpd ]]; then
        bench_server_extra=()
        ((relay)) && bench_server_extra+=(--pasv-address 127.0.0.2)
        [[ -n $pasv_base ]] && bench_server_extra+=(--pasv-range "$pasv_base-$((pasv_base + 39))")
        bench_start_vsftpd "$work/root" "$1"
    else
        ((relay)) && bench_server_extra=(--masquerade-address 127.0.0.2)
        bench_start_pyftpd "$work/root" "$1"
    fi
    if [[ $1 == tls ]]; then
        scheme=ftpes
        ferry_opts=(--trust-fingerprint "SHA256:$bench_fp")
        lftp_tls="set ftp:ssl-force true; set ftp:ssl-protect-data true; set ftp:ssl-protect-list true; \
set ssl:verify-certificate true; set ssl:check-hostname true; set ssl:ca-file $bench_cert;"
        curl_tls=(--ssl-reqd --cacert "$bench_cert")
    else
        scheme=ftp
        ferry_opts=(--tls=none)
        lftp_tls="set ftp:ssl-allow false;"
        curl_tls=()
    fi
    bench_log "$server on $bench_host:$bench_port (passive $bench_pasv), $1"
}

# link RTT RATE: linkem in front of the server, or nothing for RTT 0 without a cap.
link() {
    bench_stop_linkem
    local args=(--rtt "$1" "${link_args[@]}")
    [[ $2 != none ]] && args+=(--rate "$2")
    if [[ $1 == 0 && $2 == none && $relay == 0 ]]; then
        bench_log "RTT 0, no cap: plain loopback, no linkem"
        return 0
    fi
    bench_start_linkem "${args[@]}"
}

if ((profile)); then
    ferry_v=(-v) lftp_debug="debug 9;"
    suite=small
    for mode in $modes; do
        start_server "$mode"
        for rtt in $rtts; do
            link "$rtt" none
            for direction in download upload; do
                for tool in $tools; do
                    [[ $tool == curl ]] && continue
                    name=profile-$tool-$mode-$rtt-$direction
                    verb="get"
                    if [[ $direction == upload ]]; then
                        verb=put
                        mkdir -p "$work/root/up/$name" && chown "$bench_user": "$work/root/up/$name"
                    fi
                    echo
                    echo "== $tool $direction --parallel 1, $mode, RTT $rtt ms, $files files: time between transcript lines"
                    python3 "$bench_repo/bench/transcript-timing.py" --top 20 --save "$work/logs/$name.transcript" -- \
                        bash -c "$(declare -f url "${tool}_$verb" lftp_run); $(declare -p bench_cli bench_user bench_pass \
                            scheme host bench_port work suite ferry_opts ferry_v lftp_tls lftp_debug); ${tool}_$verb 1 $name" |
                        tee "$work/logs/$name.table"
                    verify "$direction" "$name"
                    awk -v rtt="$rtt" -v n="$files" '/^wall / && rtt > 0 {
                        printf "round trips per file: %.2f (wall / files / RTT)\n", $2 * 1000 / n / rtt }' "$work/logs/$name.table"
                done
            done
        done
    done
    [[ -n $keep_logs ]] && { mkdir -p "$keep_logs"; cp -a "$work/logs/." "$keep_logs/"; }
    exit 0
fi

echo "linkem self-check:"
chrt -f 5 "$bench_linkem" --self-check --rtt "${rtts##* }" --rate 100M "${link_args[@]}" | sed 's/^/  /'

# One TSV line per run, written as it ends (so that an interrupted run keeps what it had):
# suite mode direction parallel rtt rate tool wall cpu busy linkem load files.
results=$work/results.tsv
[[ -n $keep_logs ]] && mkdir -p "$keep_logs" && results=$keep_logs/results.tsv
: >"$results"
run_one() {
    local direction=$1 p=$2 tool=$3 rtt=$4 rate=$5 run=$6 verb name t c0 load cpu busy
    name=$suite-$mode-$direction-$p-$rtt-$rate-$tool-$run
    verb="get"
    [[ $direction == upload ]] && verb=put
    [[ $suite == big ]] && verb+=big
    if [[ $direction == upload ]]; then
        mkdir -p "$work/root/up/$name" && chown "$bench_user": "$work/root/up/$name"
    fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    c0=0
    [[ -n $bench_linkem_pid ]] && c0=$(bench_proc_cpu "$bench_linkem_pid")
    if [[ $tool == filezilla ]]; then
        local b0
        b0=$(bench_busy)
        t=$(fz_put "$p" "$work/fzsrc" "$suite" "$(url "/up/$name/")" "$work/root/up/$name/$suite" "${suite_files[$suite]}" 4096)
        cpu=$(cat "$fz_cpu_file")
        busy=$(awk -v a="$(bench_busy)" -v b="$b0" 'BEGIN { printf "%.2f", (a - b) / 100 }')
    else
        bench_cpu_file=$work/cpu.now
        : >"$bench_cpu_file"
        if ! t=$(bench_time "$work/logs/$name.log" "${tool}_$verb" "$p" "$name"); then
            # Another tool that cannot do this (curl -Z over FTPS to vsftpd: its parallel
            # transfers do not resume their own control connection's TLS session) is a row of
            # its own; ferry-cli failing stops the bench.
            [[ $tool == ferry ]] && bench_die "ferry-cli failed: $work/logs/$name.log"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\tfailed\t\t\t\t%s\t%s\n' "$suite" "$mode" "$direction" "$p" "$rtt" \
                "$rate" "$tool" "$load" "${suite_files[$suite]}" >>"$results"
            bench_log "$suite $mode $direction p$p RTT $rtt rate $rate $tool run $run: FAILED (see above)"
            return 0
        fi
        read -r cpu busy <"$bench_cpu_file"
    fi
    local lc=0
    [[ -n $bench_linkem_pid ]] && lc=$(awk -v a="$(bench_proc_cpu "$bench_linkem_pid")" -v b="$c0" 'BEGIN { printf "%.2f", a - b }')
    verify "$direction" "$name"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$mode" "$direction" "$p" "$rtt" \
        "$rate" "$tool" "$t" "$cpu" "$busy" "$lc" "$load" "${suite_files[$suite]}" >>"$results"
    bench_log "$suite $mode $direction p$p RTT $rtt rate $rate $tool run $run: $t s (cpu $cpu, busy $busy, linkem $lc, load $load; verified)"
}

for mode in $modes; do
    start_server "$mode"
    for rtt in $rtts; do
        for rate in $rates; do
            link "$rtt" "$rate"
            for suite in $suites; do
                # 4 KiB files and listings are round-trip bound, not bandwidth bound: no capped
                # runs (2,000 × 4 KiB is 0.7 s at 100 Mbit/s); the big file only capped (and at
                # RTT 0 for reference).
                [[ $rate != none && ($suite == small || $suite == listing) ]] && continue
                [[ $rate == none && $suite == big && $rtt != 0 ]] && continue
                ps=$parallels
                [[ $suite == big ]] && ps=1
                [[ $suite == listing ]] && ps=${parallels##* }
                directions=$directions_asked
                [[ $suite == listing ]] && directions=download
                for direction in $directions; do
                    for p in $ps; do
                        for run in $(seq "$runs"); do
                            for tool in $tools; do
                                [[ $tool == curl && ($suite == small || $suite == listing) ]] && continue
                                [[ $tool == filezilla && ($suite != small || $direction != upload) ]] && continue
                                run_one "$direction" "$p" "$tool" "$rtt" "$rate" "$run"
                            done
                        done
                    done
                done
            done
        done
    done
done
bench_stop_linkem
[[ -n $keep_logs ]] && cp -a "$work/logs/." "$keep_logs/"

echo
echo "WAN benchmark, $server, linkem $( ((relay)) && echo relay || echo packet) mode; median of $runs run(s)"
bench_machine
echo "rtt/file: wall / files / RTT; cpu: the tool's own; busy: the machine's core-seconds; linkem: its CPU"
python3 "$bench_repo/bench/wan-table.py" "$results"
