#!/bin/bash
# Idempotent, run as root: prepares this machine for the vsftpd integration tests.
#  * system user `ferrytest` with password `ferry-test-pw` and a login shell that
#    is listed in /etc/shells (vsftpd's PAM stack runs pam_shells);
#  * `ferrytest` is not listed in /etc/ftpusers (pam_listfile would deny it);
#  * the `ftp` user that vsftpd uses for anonymous sessions exists;
#  * vsftpd's secure_chroot_dir /var/run/vsftpd/empty exists (empty, root-owned).
# It does not install packages; the tests also need vsftpd and python3-pyftpdlib.
set -euo pipefail

user=ferrytest
password=ferry-test-pw

if [[ $(id -u) -ne 0 ]]; then
    echo "setup-test-user.sh: must be run as root" >&2
    exit 1
fi

# A shell that pam_shells accepts.
shell=
for candidate in /bin/bash /usr/bin/bash /bin/sh /usr/bin/sh; do
    if [[ -x $candidate ]] && grep -qxF "$candidate" /etc/shells 2>/dev/null; then
        shell=$candidate
        break
    fi
done
if [[ -z $shell ]]; then
    shell=/bin/sh
    echo "$shell" >>/etc/shells
fi

if ! getent passwd "$user" >/dev/null; then
    useradd --create-home --shell "$shell" --comment "Ferry FTP test user" "$user"
    echo "created user $user"
else
    current_shell=$(getent passwd "$user" | cut -d: -f7)
    if ! grep -qxF "$current_shell" /etc/shells; then
        usermod --shell "$shell" "$user"
        echo "set $user's shell to $shell"
    fi
fi
usermod --unlock "$user" >/dev/null 2>&1 || true
echo "$user:$password" | chpasswd

if [[ -f /etc/ftpusers ]] && grep -qxF "$user" /etc/ftpusers; then
    sed -i "/^${user}\$/d" /etc/ftpusers
    echo "removed $user from /etc/ftpusers"
fi

if ! getent passwd ftp >/dev/null; then
    mkdir -p /srv/ftp
    useradd --system --home-dir /srv/ftp --no-create-home --shell /usr/sbin/nologin \
        --comment "ftp daemon" ftp
    echo "created user ftp (vsftpd's anonymous user)"
fi

mkdir -p /var/run/vsftpd/empty
chown root:root /var/run/vsftpd/empty
chmod 0755 /var/run/vsftpd/empty

echo "test user $user ready (shell $shell)"
