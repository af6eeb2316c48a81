# What the xvfb-*.sh scripts share; sourced after they set `name` (for messages) and `repo`.

# Fails the script unless Xvfb, xdotool and ImageMagick's import are installed.
xvfb_need_tools() {
    local tool
    for tool in xvfb-run xdotool import; do
        command -v "$tool" >/dev/null || { echo "$name: $tool is missing (tools/install-deps test)" >&2; exit 1; }
    done
}

# Starts pyftpdlib (user demo, password demo) on a free loopback port serving ROOT, its
# output and log in WORK; sets `server` (the pid, for the caller's cleanup) and `port`.
# Further arguments go to the server (e.g. --data-rate 40000 --log-transfers).
# Fails the script if the server does not say its port within 10 s.
xvfb_start_pyftpd() {
    local root=$1 work=$2 i
    shift 2
    /usr/bin/python3 "$repo/tests/servers/pyftpd_server.py" --host 127.0.0.1 --port 0 --root "$root" \
        --user demo --password demo --ignore-stdin "$@" >"$work/port" </dev/null 2>"$work/server.log" &
    server=$!
    for ((i = 0; i < 200; i++)); do
        grep -q '^PORT [0-9]' "$work/port" 2>/dev/null && break
        sleep 0.05
    done
    port=$(sed -n 's/^PORT \([0-9]*\).*/\1/p' "$work/port" | head -n 1)
    [[ -n $port ]] || { echo "$name: the server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
}
