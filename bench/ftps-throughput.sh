#!/bin/bash
# FTPS throughput: ferry-cli against curl on the same vsftpd (explicit FTPS, TLS 1.3,
# require_ssl_reuse=YES, loopback), one large file down and up, in the same run.
#
#   bench/ftps-throughput.sh [SIZE_MIB] [RUNS]      (defaults: 1024 MiB, 3 runs)
#
# Needs: root (vsftpd), vsftpd, curl, openssl, tests/servers/setup-test-user.sh done,
# and a release build of ferry-cli (build/release/app/ferry-cli, or $FERRY_CLI).
# Prints median seconds and MiB/s per tool and the ratio ferry/curl (throughput).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
size_mib=${1:-1024}
runs=${2:-3}
cli=${FERRY_CLI:-$repo/build/release/app/ferry-cli}
[[ -x $cli ]] || { echo "build ferry-cli first: cmake --preset release && cmake --build --preset release" >&2; exit 2; }
getent passwd ferrytest >/dev/null || { echo "run tests/servers/setup-test-user.sh first" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/ferry-bench.XXXXXX")
chmod 755 "$work"
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/root" "$work/local"
chmod 777 "$work/root"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 \
    -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$port
background=NO
seccomp_sandbox=NO
secure_chroot_dir=/var/run/vsftpd/empty
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
local_root=$work/root
chroot_local_user=YES
allow_writeable_chroot=YES
pasv_enable=YES
pasv_min_port=$((port % 20000 + 40000))
pasv_max_port=$((port % 20000 + 40040))
connect_from_port_20=NO
ssl_enable=YES
require_ssl_reuse=YES
force_local_logins_ssl=YES
force_local_data_ssl=YES
rsa_cert_file=$work/cert.pem
rsa_private_key_file=$work/key.pem
pam_service_name=vsftpd
xferlog_enable=NO
CONF
mkdir -p /var/run/vsftpd/empty
vsftpd "$work/vsftpd.conf" >"$work/vsftpd.log" 2>&1 &
pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done

echo "generating a $size_mib MiB file…" >&2
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/root/big.bin"
chown ferrytest "$work/root/big.bin"
cp "$work/root/big.bin" "$work/local/big.bin"
sum=$(sha256sum < "$work/local/big.bin" | cut -d' ' -f1)

user=ferrytest; pass=ferry-test-pw
url="ftp://127.0.0.1:$port"
fp=$(openssl x509 -in "$work/cert.pem" -noout -fingerprint -sha256 | cut -d= -f2)
export FERRY_PASSWORD=$pass XDG_CONFIG_HOME=$work/config

seconds() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }; e=$(date +%s.%N); echo "$e - $s" | bc -l; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
check() { [[ $(sha256sum < "$1" | cut -d' ' -f1) == "$sum" ]] || { echo "CORRUPT: $1" >&2; exit 1; }; }

declare -A results
for direction in download upload; do
    for tool in curl ferry; do
        times=()
        for _ in $(seq "$runs"); do
            rm -f "$work/local/got.bin" "$work/root/up.bin"
            if [[ $direction == download ]]; then
                if [[ $tool == curl ]]; then
                    t=$(seconds curl -sS --ssl-reqd -k -u "$user:$pass" -o "$work/local/got.bin" "$url/big.bin")
                else
                    t=$(seconds "$cli" get "ftpes://$user@127.0.0.1:$port/big.bin" "$work/local/got.bin" --trust-fingerprint "SHA256:$fp")
                fi
                check "$work/local/got.bin"
            else
                if [[ $tool == curl ]]; then
                    t=$(seconds curl -sS --ssl-reqd -k -u "$user:$pass" -T "$work/local/big.bin" "$url/up.bin")
                else
                    t=$(seconds "$cli" put "$work/local/big.bin" "ftpes://$user@127.0.0.1:$port/up.bin" --trust-fingerprint "SHA256:$fp")
                fi
                check "$work/root/up.bin"
            fi
            times+=("$t")
        done
        results[$direction-$tool]=$(printf '%s\n' "${times[@]}" | median)
    done
done

printf '\nFTPS (explicit, TLS 1.3, require_ssl_reuse=YES) %s MiB, median of %s runs, vsftpd on loopback\n' "$size_mib" "$runs"
printf '%-9s %-6s %9s %10s\n' direction tool seconds MiB/s
for direction in download upload; do
    for tool in curl ferry; do
        t=${results[$direction-$tool]}
        printf '%-9s %-6s %9.2f %10.1f\n' "$direction" "$tool" "$t" "$(echo "$size_mib / $t" | bc -l)"
    done
    printf '%-9s ratio ferry/curl throughput: %.2f\n' "$direction" "$(echo "${results[$direction-curl]} / ${results[$direction-ferry]}" | bc -l)"
done
