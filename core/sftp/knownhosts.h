#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ferry {

// A server's SSH host key as a value: its type name ("ssh-ed25519") and the public key
// blob (RFC 4253 §6.6), from which the fingerprint is computed the way OpenSSH prints it.
struct HostKey {
    QByteArray type;
    QByteArray blob;

    bool isNull() const { return blob.isEmpty(); }
    // "SHA256:" + unpadded base64 of the SHA-256 of the blob, exactly as `ssh` shows it.
    QByteArray fingerprint() const;
    // "ED25519", "ECDSA", "RSA", ... as `ssh` names the key in its prompts.
    QString displayType() const;
    // One known_hosts line for host:port ("[host]:port type base64", or "host type
    // base64" for port 22).
    QByteArray knownHostsLine(const QString &host, quint16 port) const;
    bool operator==(const HostKey &other) const = default;
};

// "SHA256:abc..." (as ssh prints it, or as typed with a trailing '=') -> "SHA256:abc..."
// without padding; empty when it is not a SHA-256 fingerprint.
QByteArray normalizeSshFingerprint(const QString &text);

// Host keys the user trusts, in OpenSSH's known_hosts format: the user's own files
// (~/.ssh/known_hosts, read only; hashed names, patterns and [host]:port as ssh writes
// them, parsed by libssh) and Ferry's store (<config>/ferry/known_hosts, where "trust
// always" writes). A key found in any of them is trusted; a different key recorded for
// the host is a change; a key marked @revoked is refused.
class KnownHosts final {
public:
    enum class Verdict { Unknown, Trusted, Changed, Revoked };
    struct Result {
        Verdict verdict = Verdict::Unknown;
        QString file; // where the match or the conflicting entry is
        int line = 0;
        HostKey previous; // Changed: the key recorded before
    };

    // Files that do not exist are skipped; lines over 8 KiB and at most 100,000 lines
    // per file are read.
    static Result check(const QStringList &files, const QString &host, quint16 port, const HostKey &key);
    // Key types recorded for host:port in the files, the first found first (to put them
    // first in the host key algorithms, so that a known key is what the server shows).
    static QList<QByteArray> knownTypes(const QStringList &files, const QString &host, quint16 port);
    // Records the key in `file` (Ferry's store), replacing earlier keys recorded there
    // for host:port. Atomic, private (0600). False with *error when it cannot be written.
    static bool trust(const QString &file, const QString &host, quint16 port, const HostKey &key,
                      QString *error = nullptr);

    static QString defaultStorePath(); // <config>/ferry/known_hosts
    static QString userFile();         // ~/.ssh/known_hosts
    static QString hostPattern(const QString &host, quint16 port);
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::HostKey)
Q_DECLARE_METATYPE(ferry::KnownHosts::Result)
