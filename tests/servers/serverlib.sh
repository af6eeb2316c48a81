# shellcheck shell=bash disable=SC2154  # host, port, root, ...: the calling script's
# What vsftpd_server.sh and proftpd_server.sh share, sourced by both before they write their
# configuration: the options both take, the checks every run needs and the ports. They set
# the calling script's variables (host, port, root, workdir, banner, pasv_range, tls, cert, key).

# die MESSAGE: "script.sh: MESSAGE" on stderr, exit status 2.
die() { echo "${0##*/}: $*" >&2; exit 2; }

# read_options ARGS...: the options with a value both servers take (--host, --port, --root,
# --workdir, --banner, --pasv-range, --tls, --cert, --key) set their variable; any other goes
# to the script's own `server_option OPTION [VALUE]`, which sets its variable and `used=2`
# when it took the value too (or dies on an unknown option).
read_options() {
    local name used
    while [[ $# -gt 0 ]]; do
        case "$1" in
            --host|--port|--root|--workdir|--banner|--tls|--cert|--key|--pasv-range)
                [[ $# -ge 2 ]] || die "$1 needs a value"
                name=${1#--}
                printf -v "${name//-/_}" '%s' "$2"
                used=2
                ;;
            *)
                used=1
                server_option "$@"
                ;;
        esac
        shift "$used"
    done
}

# check_run SERVER: --root and --workdir name folders (made absolute, links resolved), the
# script runs as root (the server switches to the login user) and the `ferrytest` login of
# tests/servers/setup-test-user.sh exists.
check_run() {
    [[ -n $root && -d $root ]] || die "--root must name an existing directory"
    [[ -n $workdir && -d $workdir ]] || die "--workdir must name an existing directory"
    [[ $(id -u) -eq 0 ]] || die "$1 must be started as root"
    getent passwd ferrytest >/dev/null || die "user ferrytest missing: run tests/servers/setup-test-user.sh as root"
    root=$(cd "$root" && pwd -P)
    workdir=$(cd "$workdir" && pwd -P)
}

# choose_ports: --port 0 becomes a free port on $host; without --pasv-range, the passive
# range is 40 ports below the kernel's ephemeral range (32768+, so no client socket can hold
# them), derived from the control port so that servers running in parallel rarely share a
# range (1 in 300). The servers retry a busy port.
choose_ports() {
    if [[ $port == 0 ]]; then
        port=$(/usr/bin/python3 -c 'import socket,sys
s = socket.socket(socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET)
s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$host")
    fi
    if [[ -z $pasv_range ]]; then
        local base=$(( 20000 + (port * 7919 % 300) * 40 ))
        pasv_range="$base-$((base + 39))"
    fi
}
