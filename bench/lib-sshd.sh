# shellcheck shell=bash disable=SC2034  # variables set here are used by the scripts that source this file
# OpenSSH's sshd for the SFTP benches (sourced after lib.sh): started on $bench_host and a
# free port with its own config, host key and a client key authorized for the ferrytest
# system user; never a system sshd. Like tests/common/sshtestserver.cpp: internal-sftp,
# no PAM, logins by key only.
#
#   bench_start_sshd    sets bench_port, bench_sshd_pid, bench_ssh_key (client key, no
#                       passphrase), bench_known_hosts (a known_hosts file for the server)
#                       and bench_ssh_fp (the host key's "SHA256:..." fingerprint)
#   bench_ssh_opts      the ssh/sftp/scp options that use exactly those (an array)
#   bench_sshd_prepare RTT TOOLS   before bench_workdir: root, the ferrytest user, the tools a
#                       run needs (ferry-cli, lftp), and for RTT != 0 linkem and the address
#                       127.0.0.2 (bench_host) the link emulator serves
#   bench_sshd_link RTT after bench_start_sshd: linkem in front of sshd (RTT != 0); sets
#                       bench_link (a few words on the link, for the report)
#   bench_lftp_open     after bench_start_sshd: lftp's commands to log in with the same key

bench_sshd_pid=
bench_ssh_key=
bench_known_hosts=
bench_ssh_fp=
bench_ssh_opts=()

bench_link=loopback
bench_sshd_prepare() {
    [[ $(id -u) -eq 0 ]] || bench_die "needs root (sshd)"
    bash "$bench_repo/tests/servers/setup-test-user.sh" >/dev/null
    [[ " $2 " == *" ferry "* ]] && bench_need_cli
    [[ " $2 " == *" lftp "* ]] && bench_need_tool lftp
    if [[ $1 != 0 ]]; then
        [[ -x $bench_linkem ]] || bench_die "no linkem at $bench_linkem: cmake --build build/release --target linkem (or set LINKEM)"
        bench_host=127.0.0.2
    fi
}

bench_sshd_link() {
    [[ $1 != 0 ]] || return 0
    bench_pasv=
    bench_start_linkem --rtt "$1" --packet
    bench_link="linkem packet mode, RTT $1 ms"
}

bench_start_sshd() {
    local dir=$bench_work/sshd
    bench_need_tool ssh-keygen sftp scp
    [[ -x /usr/sbin/sshd ]] || bench_die "sshd is not installed (apt-get install openssh-server)"
    mkdir -p "$dir" /run/sshd
    chmod 755 "$dir"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$dir/client_key"
    install -m 644 "$dir/client_key.pub" "$dir/authorized_keys"
    bench_port=$(/usr/bin/python3 -c 'import socket, sys; s = socket.socket(); s.bind((sys.argv[1], 0)); print(s.getsockname()[1])' "$bench_host")
    cat >"$dir/sshd_config" <<EOF
Port $bench_port
ListenAddress $bench_host
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
AllowUsers $bench_user
UseDNS no
PrintMotd no
MaxStartups 100
MaxSessions 100
Subsystem sftp internal-sftp
EOF
    /usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/log" 2>&1 &
    bench_sshd_pid=$!
    bench_cleanup_hooks+=(bench_stop_sshd)
    bench_ssh_key=$dir/client_key
    bench_known_hosts=$dir/known_hosts
    echo "[$bench_host]:$bench_port $(cut -d' ' -f1-2 "$dir/host_key.pub")" >"$bench_known_hosts"
    bench_ssh_fp=$(ssh-keygen -lf "$dir/host_key.pub" -E sha256 | cut -d' ' -f2)
    bench_ssh_opts=(-o BatchMode=yes -o IdentitiesOnly=yes -o "IdentityFile=$bench_ssh_key"
                    -o "UserKnownHostsFile=$bench_known_hosts" -o StrictHostKeyChecking=yes
                    -o GlobalKnownHostsFile=/dev/null -o "Port=$bench_port" -F /dev/null)
    bench_wait_listening sshd "$bench_port" "$bench_sshd_pid" "$dir/log"
    # "user," is an empty password, so that lftp never prompts (the key logs in).
    bench_lftp_open="set cmd:fail-exit true; set net:max-retries 1; set net:timeout 30; set sftp:connect-program 'ssh -a -x ${bench_ssh_opts[*]}'; open -u $bench_user, -p $bench_port sftp://$bench_host"
}

bench_stop_sshd() {
    bench_stop_listener "$bench_sshd_pid"
    bench_sshd_pid=
}
