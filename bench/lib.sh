# shellcheck shell=bash disable=SC2034  # variables set here are used by the scripts that source this file
# Shared pieces of the bench scripts (sourced, not run). One function per piece of logic:
# the work folder and its clean-up, starting/stopping vsftpd (tests/servers/vsftpd_server.sh,
# plain or explicit FTPS) on a free port, timing a command, medians and ratios, checking a
# file or a whole tree by SHA-256, and sampling a process's peak memory.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sets: bench_repo (repository root), bench_cli (ferry-cli: $FERRY_CLI or the release build),
# bench_linkem (the link emulator: $LINKEM or the release build), bench_host (the address the
# server listens on: 127.0.0.1 unless a script sets it before starting the server).
# The scripts run as root (vsftpd) with set -euo pipefail.

bench_repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
bench_cli=${FERRY_CLI:-$bench_repo/build/release/app/ferry-cli}
# The tool "base": another ferry-cli (say, built at an older commit) measured beside the
# current one in the same run, for before/after comparisons: FERRY_BASE_CLI=/path/ferry-cli.
bench_base_cli=${FERRY_BASE_CLI:-}
bench_linkem=${LINKEM:-$bench_repo/build/release/bench/linkem/linkem}
bench_host=127.0.0.1
bench_user=ferrytest
bench_pass=ferry-test-pw

bench_die() { echo "$(basename "$0"): $*" >&2; exit 2; }
bench_log() { echo "== $*" >&2; }

# bench_need_root_and_user: vsftpd runs as root and logs in the ferrytest system user.
bench_need_root_and_user() {
    [[ $(id -u) -eq 0 ]] || bench_die "needs root (vsftpd)"
    command -v vsftpd >/dev/null || [[ -x /usr/sbin/vsftpd ]] || bench_die "vsftpd is not installed (apt-get install vsftpd)"
    bash "$bench_repo/tests/servers/setup-test-user.sh" >/dev/null
}

# bench_need_tool NAME...: each must be on PATH.
bench_need_tool() {
    local t
    for t in "$@"; do command -v "$t" >/dev/null || bench_die "$t is not installed (apt-get install $t)"; done
}

# bench_need_base_cli: FERRY_BASE_CLI names a ferry-cli.
bench_need_base_cli() {
    [[ -x $bench_base_cli ]] || bench_die "the tool 'base' needs FERRY_BASE_CLI=/path/to/an/older/ferry-cli"
}

# bench_need_cli: the release ferry-cli exists.
bench_need_cli() {
    [[ -x $bench_cli ]] || bench_die "no ferry-cli at $bench_cli: cmake --preset release && cmake --build build/release -j2 --target ferry-cli (or set FERRY_CLI)"
}

# bench_machine: one line on what the numbers were measured on.
bench_machine() {
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git -C "$bench_repo" rev-parse --short HEAD)$(git -C "$bench_repo" diff --quiet HEAD -- core app 2>/dev/null || echo '+changes')"
}

# bench_workdir [PARENT]: a fresh folder in $bench_work (mode 755: vsftpd sessions run as
# ferrytest), removed by bench_cleanup, which the EXIT trap runs (also stops the server).
bench_work=
bench_server_pid=
bench_cleanup_hooks=()
bench_workdir() {
    bench_work=$(mktemp -d "${1:-${TMPDIR:-/tmp}}/ferry-bench.XXXXXX")
    chmod 755 "$bench_work"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}
bench_cleanup() {
    local hook
    for hook in "${bench_cleanup_hooks[@]}"; do "$hook" || true; done
    bench_stop_linkem
    bench_stop_vsftpd
    [[ -n $bench_work ]] && rm -rf "$bench_work"
}

# bench_start_vsftpd ROOT [tls]: vsftpd on $bench_host, a free port, serving ROOT (made
# ferrytest's). With "tls": explicit FTPS, a self-signed certificate for 127.0.0.1
# (tests/servers/make_test_certs.sh), logins and data required to use TLS,
# require_ssl_reuse=YES, TLS 1.2 and 1.3. Sets bench_port, bench_pasv (its passive range,
# LOW-HIGH), bench_server_pid, and for TLS bench_cert (PEM) and bench_fp (SHA-256
# fingerprint, AA:BB:… form).
bench_port=
bench_pasv=
bench_server_extra=() # more arguments for the server script (e.g. --pasv-address)
bench_cert=
bench_fp=
bench_make_certs() {
    [[ -n $bench_cert ]] && return 0
    "$bench_repo/tests/servers/make_test_certs.sh" "$bench_work/certs"
    bench_cert=$bench_work/certs/selfsigned.pem
    bench_fp=$(openssl x509 -in "$bench_cert" -noout -fingerprint -sha256 | cut -d= -f2)
}
bench_start_vsftpd() {
    local root=$1 mode=${2:-plain} tls_args=()
    mkdir -p "$bench_work/server"
    chown -R "$bench_user": "$root"
    if [[ $mode == tls ]]; then
        bench_make_certs
        tls_args=(--tls explicit --cert "$bench_cert" --key "$bench_work/certs/selfsigned.key" --require-tls)
    fi
    "$bench_repo/tests/servers/vsftpd_server.sh" --host "$bench_host" --port 0 --root "$root" \
        --workdir "$bench_work/server" "${tls_args[@]}" "${bench_server_extra[@]}" >"$bench_work/server/out" 2>&1 &
    bench_server_pid=$!
    local _
    for _ in $(seq 100); do grep -q '^PORT ' "$bench_work/server/out" 2>/dev/null && break; sleep 0.1; done
    bench_port=$(sed -n 's/^PORT //p' "$bench_work/server/out")
    [[ -n $bench_port ]] || { cat "$bench_work/server/out" >&2; bench_die "vsftpd did not start"; }
    bench_pasv=$(sed -n 's/^pasv_min_port=//p' "$bench_work/server/vsftpd.conf")-$(sed -n 's/^pasv_max_port=//p' "$bench_work/server/vsftpd.conf")
    bench_wait_listening vsftpd "$bench_port" "$bench_server_pid" "$bench_work/server/out"
}

# bench_wait_listening NAME PORT PID LOG: waits (10 s at most) until $bench_host:PORT accepts
# connections; fails the bench with LOG when PID exits first or the time is up.
bench_wait_listening() {
    local _
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/$bench_host/$2") 2>/dev/null && return 0
        kill -0 "$3" 2>/dev/null || break
        sleep 0.1
    done
    cat "$4" >&2
    bench_die "$1 is not accepting connections on port $2"
}

# bench_stop_listener PID: a server's listener and its per-connection processes (vsftpd's
# and sshd's call setsid()), by PID.
bench_stop_listener() {
    [[ -n $1 ]] || return 0
    local child
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do kill "$child" 2>/dev/null || true; done
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

bench_stop_vsftpd() {
    bench_stop_listener "$bench_server_pid"
    bench_server_pid=
}

# bench_single_file_runs KEY DIRECTION RUNS SUM TOOL...: RUNS rounds of TOOL_get (download
# into $work/local/got.bin) or TOOL_put (upload to $work/root/up.bin) for each TOOL, the
# order reversed every other round, with the previous gigabyte's writeback finished first
# (sync, not timed) so that no tool pays for another's dirty pages. Each result is checked
# against SUM; each time is appended to results[KEY-DIRECTION-TOOL] (an associative array
# the caller declared).
bench_single_file_runs() {
    local key=$1 direction=$2 runs=$3 sum=$4 run tool order t
    shift 4
    for run in $(seq "$runs"); do
        order=$*
        ((run % 2 == 0)) && order=$(printf '%s\n' "$@" | tac | tr '\n' ' ')
        for tool in $order; do
            rm -f "$work/local/got.bin" "$work/root/up.bin"
            sync
            if [[ $direction == download ]]; then
                t=$(bench_time "$work/logs/$tool.log" "${tool}_get")
                bench_check_file "$work/local/got.bin" "$sum"
            else
                t=$(bench_time "$work/logs/$tool.log" "${tool}_put")
                bench_check_file "$work/root/up.bin" "$sum"
            fi
            bench_log "$key $direction $tool: $t s (verified)"
            results[$key-$direction-$tool]+="$t "
        done
    done
}

# bench_start_pyftpd ROOT [tls]: pyftpdlib (tests/servers/pyftpd_server.py) on $bench_host,
# a free port, user ferrytest, passive ports 24000-24039 (bench_pasv); "tls" as for vsftpd
# (pyftpdlib resumes TLS sessions when offered but does not require it). Same variables.
bench_start_pyftpd() {
    local root=$1 mode=${2:-plain} tls_args=() _
    mkdir -p "$bench_work/server"
    if [[ $mode == tls ]]; then
        bench_make_certs
        tls_args=(--tls explicit --certfile "$bench_cert" --keyfile "$bench_work/certs/selfsigned.key" --require-tls)
    fi
    bench_pasv=24000-24039
    /usr/bin/python3 "$bench_repo/tests/servers/pyftpd_server.py" --host "$bench_host" --port 0 --root "$root" \
        --user "$bench_user" --password "$bench_pass" --passive-ports "$bench_pasv" --ignore-stdin \
        "${tls_args[@]}" "${bench_server_extra[@]}" </dev/null >"$bench_work/server/out" 2>&1 &
    bench_server_pid=$!
    for _ in $(seq 100); do grep -q '^PORT ' "$bench_work/server/out" 2>/dev/null && break; sleep 0.1; done
    bench_port=$(sed -n 's/^PORT //p' "$bench_work/server/out")
    [[ -n $bench_port ]] || { cat "$bench_work/server/out" >&2; bench_die "pyftpdlib did not start"; }
}

# bench_start_linkem ARGS...: the link emulator (bench/linkem) in front of the running server
# (its control port and passive range), at real-time priority so that its delays hold on a
# busy machine (it uses ~12 % of a core at 1 Gbit/s). ARGS: --rtt MS, --rate R, --packet...
# Sets bench_linkem_pid; bench_stop_linkem (also run at exit) stops it and removes its
# iptables rules.
bench_linkem_pid=
bench_start_linkem() {
    local out=$bench_work/linkem.out _
    bench_stop_linkem
    chrt -f 5 "$bench_linkem" --ports "$bench_port,$bench_pasv" "$@" >"$out" 2>&1 &
    bench_linkem_pid=$!
    for _ in $(seq 100); do grep -q '^READY' "$out" 2>/dev/null && break; sleep 0.1; done
    grep -q '^READY' "$out" || { cat "$out" >&2; bench_die "linkem did not start"; }
    head -n 1 "$out" >&2
}
bench_stop_linkem() {
    [[ -n $bench_linkem_pid ]] || return 0
    kill -INT "$bench_linkem_pid" 2>/dev/null || true
    wait "$bench_linkem_pid" 2>/dev/null || true
    bench_linkem_pid=
}

# bench_proc_cpu PID: the CPU seconds (user + system) a running process has used so far.
bench_proc_cpu() {
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# bench_time LOG CMD...: runs CMD (stdin /dev/null, stdout+stderr to LOG) and prints its
# wall time in seconds. A failing command prints its log's tail and fails the bench.
bench_time() {
    local log=$1 s e b0
    shift
    b0=$(bench_busy)
    s=$(date +%s.%N)
    if ! "$@" </dev/null >"$log" 2>&1; then
        { echo "FAILED: $*"; tail -n 20 "$log"; } >&2
        return 1
    fi
    e=$(date +%s.%N)
    if [[ -n ${bench_cpu_file:-} ]]; then
        # bench_time runs in $(...): this subshell's children are the command's processes
        # (and a few date/awk), so `times` (second line: children's user and system time)
        # is their CPU. Into a file: in a pipe, `times` would run in a fork that has no children.
        times >"$bench_cpu_file.times"
        awk -v b0="$b0" -v b1="$(bench_busy)" 'NR == 2 {
            split($1, u, /[ms]/); split($2, y, /[ms]/)
            printf "%.2f %.2f\n", u[1] * 60 + u[2] + y[1] * 60 + y[2], (b1 - b0) / 100 }' "$bench_cpu_file.times" >>"$bench_cpu_file"
    fi
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.3f\n", e - s }'
}

# bench_tree_run DIRECTION P RUN TOOL: one timed, verified tree transfer of the tree
# benches (TOOL_get/TOOL_put P NAME; $work/local/tree and $work/tree.manifest, uploads to
# $work/root/up/NAME); its time goes to the caller's `times[DIRECTION-P-TOOL]`.
bench_tree_run() {
    local direction=$1 p=$2 run=$3 tool=$4 name=$4-$2-$3 t
    bench_cpu_file=$work/cpu-$direction-$p-$tool
    if [[ $direction == download ]]; then
        t=$(bench_time "$work/logs/$tool-get-$p-$run.log" "${tool}_get" "$p" "$name")
        bench_check_tree "$work/local/down/$name/tree" "$work/tree.manifest"
    else
        mkdir -p "$work/root/up/$name" && chown "$bench_user": "$work/root/up/$name"
        t=$(bench_time "$work/logs/$tool-put-$p-$run.log" "${tool}_put" "$p" "$name")
        bench_check_tree "$work/root/up/$name/tree" "$work/tree.manifest"
    fi
    bench_log "$direction --parallel $p run $run $tool: $t s (verified)"
    times[$direction-$p-$tool]+="$t "
}

# The machine's busy time so far (user, nice, system, irq, softirq), in 1/100 s.
bench_busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# median < numbers, one a line
bench_median() { sort -n | awk '{ a[NR] = $1 } END { if (NR) printf "%.3f\n", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# bench_div A B: A / B with two decimals ("-" when either is missing)
bench_div() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f\n", a / b }'; }

# bench_sha FILE: its SHA-256 (hex)
bench_sha() { sha256sum <"$1" | cut -d' ' -f1; }

# bench_small_files DIR N: N files of a few bytes in DIR ("f0000000.txt", ...), for the
# window's queue and drag benchmarks.
bench_small_files() {
    mkdir -p "$1"
    /usr/bin/python3 - "$1" "$2" <<'PY'
import os, sys
folder, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(folder, "f%07d.txt" % i), "wb") as f:
        f.write(b"%d\n" % i)
PY
}

# bench_make_tree DIR FOLDERS PER_FOLDER SIZE: random files DIR/dir0000/file00000.bin... (with
# one folder, the files straight in DIR).
bench_make_tree() {
    python3 - "$@" <<'PY'
import os, sys
top, folders, per, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
for d in range(folders):
    folder = os.path.join(top, f"dir{d:04d}") if folders > 1 else top
    os.makedirs(folder, exist_ok=True)
    for f in range(per):
        with open(os.path.join(folder, f"file{f:05d}.bin"), "wb") as out:
            out.write(os.urandom(size))
PY
}

# bench_check_file FILE SHA: fails the bench when FILE is missing or differs.
bench_check_file() {
    [[ -f $1 && $(bench_sha "$1") == "$2" ]] || { echo "WRONG RESULT: $1 is missing or differs from the original" >&2; exit 1; }
}

# bench_manifest DIR: "sha256  ./relative/path" for every file under DIR, sorted; folders
# and anything that is not a regular file are listed too, so extra entries show.
bench_manifest() {
    (cd "$1" && find . -mindepth 1 ! -type f ! -type d -printf 'OTHER  %p\n' &&
        find . -type f -print0 | sort -z | xargs -0 -r sha256sum)
}

# bench_check_tree DIR MANIFEST: fails the bench unless DIR holds exactly the files of
# MANIFEST (made by bench_manifest), byte for byte: a fast wrong result is no result.
bench_check_tree() {
    local got
    got=$(mktemp "$bench_work/manifest.XXXXXX")
    if [[ ! -d $1 ]]; then echo "WRONG RESULT: $1 does not exist" >&2; exit 1; fi
    bench_manifest "$1" >"$got"
    if ! cmp -s "$got" "$2"; then
        echo "WRONG RESULT: $1 differs from the original tree ($(wc -l <"$got") entries, expected $(wc -l <"$2")):" >&2
        diff "$2" "$got" | head -n 10 >&2
        exit 1
    fi
    rm -f "$got"
}

# bench_peak_kib PID: VmHWM (peak resident set, KiB) of a running process, or empty.
bench_peak_kib() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
bench_rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
