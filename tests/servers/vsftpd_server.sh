#!/bin/bash
# Writes a vsftpd configuration for a temporary root and runs vsftpd in the
# foreground (exec, so the PID you started is vsftpd's own).
#
#   tests/servers/vsftpd_server.sh --host 127.0.0.1|127.x.y.z|::1 --port N --root DIR --workdir DIR
#                                  [--deny-active] [--no-utf8] [--pasv-range LOW-HIGH]
#                                  [--pasv-address 127.x.y.z] [--fxp] [--max-rate BYTES]
#                                  [--banner TEXT] [--write-config-only]
#                                  [--max-clients N] [--max-per-ip N]
#                                  [--tls explicit|implicit --cert PEM --key KEY
#                                   [--tls12-only] [--require-tls]]
#
# --fxp: pasv_promiscuous=YES and port_promiscuous=YES, so that a data connection may come
# from, or PORT may name, another address than the client's: server-to-server copies (FXP).
# Without it vsftpd refuses them, as by default.
# --max-rate: local_max_rate, the bytes/s of each session's data transfers (0: unlimited).
# --pasv-address: the IPv4 loopback address announced in PASV replies instead of the
# server's own (bench/linkem relays 127.0.0.2 to 127.0.0.1); EPSV carries no address.
# Must run as root (vsftpd switches to the login user). The `ferrytest` user
# (password `ferry-test-pw`) comes from tests/servers/setup-test-user.sh;
# anonymous logins are read-only on the same root. --port 0 picks a free port.
# Prints `PORT <n>` on stdout before starting vsftpd. vsftpd's own log goes to
# WORKDIR/vsftpd.log, the config to WORKDIR/vsftpd.conf.
#
# FTPS: --tls explicit (AUTH TLS on the normal port) or implicit (TLS from the first
# byte). TLS 1.2 and 1.3 are allowed; --tls12-only caps at 1.2 through an OpenSSL
# config file (WORKDIR/openssl.cnf via OPENSSL_CONF: vsftpd 3.0.3 has no option for
# it). --require-tls refuses USER/PASS and data transfers without TLS (local and
# anonymous). Data connections must resume the control connection's TLS session
# (require_ssl_reuse=YES, vsftpd's default) or get "522 SSL connection failed:
# session reuse required". Without --tls, vsftpd answers AUTH with
# "530 Please login with USER and PASS." (before login) / "500 Unknown command." (after).
#
# --max-clients / --max-per-ip (vsftpd's max_clients / max_per_ip, 0 = no limit): the
# connection over the limit gets "421 There are too many connected users, please try
# later." / "421 There are too many connections from your internet address." instead
# of the banner, and is closed.
set -euo pipefail

host=127.0.0.1
port=0
root=
workdir=
allow_active=YES
fxp=NO
max_rate=0
utf8=YES
pasv_range=
pasv_address=
config_only=0
banner="Ferry test server (vsftpd) ready."
tls=none
cert=
key=
tls12_only=0
require_tls=NO
max_clients=0
max_per_ip=0

# shellcheck source-path=SCRIPTDIR source=serverlib.sh
source "$(dirname "$0")/serverlib.sh"

# shellcheck disable=SC2034  # used: read by read_options (serverlib.sh)
server_option() {
    case "$1" in
        --allow-active) allow_active=YES ;;
        --deny-active) allow_active=NO ;;
        --no-utf8) utf8=NO ;;
        --pasv-address) pasv_address=$2; used=2 ;;
        --fxp) fxp=YES ;;
        --max-rate) max_rate=$2; used=2 ;;
        --write-config-only) config_only=1 ;;
        --tls12-only) tls12_only=1 ;;
        --require-tls) require_tls=YES ;;
        --max-clients) max_clients=$2; used=2 ;;
        --max-per-ip) max_per_ip=$2; used=2 ;;
        -h|--help) sed -n '2,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument: $1" ;;
    esac
}
read_options "$@"

[[ $host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ || $host == ::1 ]] || die "--host must be a loopback address (127.x.y.z or ::1)"
[[ -z $pasv_address || $pasv_address =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--pasv-address must be an IPv4 loopback address"
check_run vsftpd
[[ $max_clients =~ ^[0-9]+$ && $max_per_ip =~ ^[0-9]+$ && $max_rate =~ ^[0-9]+$ ]] || die "--max-clients/--max-per-ip/--max-rate need a number"
vsftpd_bin=$(command -v vsftpd || true)
[[ -z $vsftpd_bin && -x /usr/sbin/vsftpd ]] && vsftpd_bin=/usr/sbin/vsftpd
[[ -n $vsftpd_bin ]] || die "vsftpd is not installed (apt-get install vsftpd)"
case $tls in
    none) ;;
    explicit|implicit)
        [[ -n $cert && -r $cert ]] || die "--tls needs --cert naming a readable PEM certificate"
        [[ -n $key && -r $key ]] || die "--tls needs --key naming a readable PEM private key"
        cert=$(cd "$(dirname "$cert")" && pwd -P)/$(basename "$cert")
        key=$(cd "$(dirname "$key")" && pwd -P)/$(basename "$key")
        ;;
    *) die "--tls must be explicit or implicit" ;;
esac

choose_ports # vsftpd retries a busy passive port 10 times
pasv_min=${pasv_range%-*}
pasv_max=${pasv_range#*-}

# vsftpd refuses to start without an existing, empty, root-owned secure_chroot_dir.
empty=/var/run/vsftpd/empty
if [[ ! -d $empty ]]; then
    mkdir -p "$empty"
    chown root:root "$empty"
    chmod 0755 "$empty"
fi

if [[ $host == *:* ]]; then
    listen_lines=$'listen=NO\nlisten_ipv6=YES\nlisten_address6='"$host"
else
    listen_lines=$'listen=YES\nlisten_ipv6=NO\nlisten_address='"$host"
fi

# PAM: Debian's /etc/pam.d/vsftpd (pam_listfile on /etc/ftpusers + pam_shells +
# common-auth); fall back to the generic "other" service if it is missing.
pam_service=vsftpd
[[ -f /etc/pam.d/vsftpd ]] || pam_service=other

conf=$workdir/vsftpd.conf
cat >"$conf" <<EOF
# Generated by tests/servers/vsftpd_server.sh — Ferry integration tests.
$listen_lines
listen_port=$port
background=NO
seccomp_sandbox=NO
secure_chroot_dir=$empty
ftpd_banner=$banner

anonymous_enable=YES
anon_root=$root
no_anon_password=YES
anon_upload_enable=NO
anon_mkdir_write_enable=NO
anon_other_write_enable=NO

local_enable=YES
write_enable=YES
local_root=$root
local_umask=022
chroot_local_user=YES
allow_writeable_chroot=YES
userlist_enable=NO
pam_service_name=$pam_service
delay_failed_login=0
chmod_enable=YES
mdtm_write=YES

pasv_enable=YES
pasv_min_port=$pasv_min
pasv_max_port=$pasv_max
$([[ -n $pasv_address ]] && printf 'pasv_address=%s\npasv_addr_resolve=NO' "$pasv_address")
port_enable=$allow_active
pasv_promiscuous=$fxp
port_promiscuous=$fxp
local_max_rate=$max_rate
connect_from_port_20=NO

utf8_filesystem=$utf8
max_clients=$max_clients
max_per_ip=$max_per_ip
use_localtime=NO
dirmessage_enable=NO
hide_ids=NO

# debug_ssl (FTPS) writes to vsftpd_log_file only when transfer logging is on.
xferlog_enable=$([[ $tls != none ]] && echo YES || echo NO)
xferlog_std_format=NO
dual_log_enable=NO
log_ftp_protocol=NO
vsftpd_log_file=$workdir/vsftpd.log
EOF

if [[ $tls != none ]]; then
    implicit=NO
    [[ $tls == implicit ]] && implicit=YES
    cat >>"$conf" <<EOF

# FTPS ($tls)
ssl_enable=YES
implicit_ssl=$implicit
rsa_cert_file=$cert
rsa_private_key_file=$key
ssl_request_cert=NO
require_ssl_reuse=YES
ssl_sslv2=NO
ssl_sslv3=NO
ssl_tlsv1=YES
allow_anon_ssl=YES
force_local_logins_ssl=$require_tls
force_local_data_ssl=$require_tls
force_anon_logins_ssl=$require_tls
force_anon_data_ssl=$require_tls
debug_ssl=YES
EOF
    # vsftpd 3.0.3 knows ssl_tlsv1 (TLS 1.0) but has no switch for 1.1/1.2/1.3: the
    # protocol range comes from OpenSSL's configuration, read at SSL_CTX_new.
    max_protocol=TLSv1.3
    [[ $tls12_only == 1 ]] && max_protocol=TLSv1.2
    cat >"$workdir/openssl.cnf" <<EOF
# Generated by tests/servers/vsftpd_server.sh (OPENSSL_CONF for vsftpd)
openssl_conf = ferry_openssl_init
[ ferry_openssl_init ]
ssl_conf = ferry_ssl_conf
[ ferry_ssl_conf ]
system_default = ferry_tls_defaults
[ ferry_tls_defaults ]
MinProtocol = TLSv1.2
MaxProtocol = $max_protocol
EOF
    export OPENSSL_CONF=$workdir/openssl.cnf
fi
chmod 0600 "$conf"

echo "PORT $port"
[[ $config_only == 1 ]] && exit 0
# vsftpd reports fatal start-up errors ("500 OOPS: could not bind listening IPv4
# socket") on fd 0, its would-be control connection: point fd 0 at stdout so they
# are seen (TestServer retries on a new port when the port was taken).
exec "$vsftpd_bin" "$conf" 0>&1
