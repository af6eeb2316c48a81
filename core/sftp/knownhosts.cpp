#include "knownhosts.h"

#include "sshkeys.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

#include <libssh/libssh.h>

namespace ferry {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::KnownHosts)
};
} // namespace

namespace {

constexpr qsizetype MaxLine = 8 * 1024;
constexpr int MaxLines = 100000;

// Calls visit(line, revoked) for each host line of a known_hosts file; comments, blank
// lines and @cert-authority lines are skipped. Stops when visit returns false.
template<typename Visit>
void forEachLine(const QString &path, Visit &&visit)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    for (int number = 1; number <= MaxLines && !file.atEnd(); ++number) {
        QByteArray line = file.readLine(MaxLine + 1);
        if (line.size() > MaxLine) {
            // Skip the rest of an overlong line.
            while (!line.endsWith('\n') && !file.atEnd())
                line = file.readLine(MaxLine + 1);
            continue;
        }
        line = line.trimmed().replace('\t', ' ');
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        bool revoked = false;
        if (line.startsWith('@')) {
            if (!line.startsWith("@revoked "))
                continue; // @cert-authority: certificates are not supported
            revoked = true;
            line = line.mid(9).trimmed();
        }
        if (!visit(line, revoked, number))
            return;
    }
}

// The key of a line when its host field matches `pattern` (libssh matches hashed names,
// wildcards and [host]:port the way ssh does).
std::optional<HostKey> matchingKey(const QByteArray &line, const QByteArray &pattern)
{
    ssh_knownhosts_entry *entry = nullptr;
    if (ssh_known_hosts_parse_line(pattern.constData(), line.constData(), &entry) != SSH_OK || !entry)
        return std::nullopt;
    HostKey key = hostKeyOf(entry->publickey);
    ssh_knownhosts_entry_free(entry);
    if (key.isNull())
        return std::nullopt;
    return key;
}

} // namespace

QByteArray HostKey::fingerprint() const
{
    QByteArray base64 = QCryptographicHash::hash(blob, QCryptographicHash::Sha256).toBase64();
    while (base64.endsWith('='))
        base64.chop(1);
    return "SHA256:" + base64;
}

QString HostKey::displayType() const
{
    if (type.startsWith("ssh-ed25519"))
        return QStringLiteral("ED25519");
    if (type.startsWith("ecdsa-"))
        return QStringLiteral("ECDSA");
    if (type.startsWith("ssh-rsa") || type.startsWith("rsa-"))
        return QStringLiteral("RSA");
    if (type.startsWith("ssh-dss"))
        return QStringLiteral("DSA");
    return QString::fromLatin1(type).toUpper();
}

QByteArray HostKey::knownHostsLine(const QString &host, quint16 port) const
{
    return KnownHosts::hostPattern(host, port).toUtf8() + ' ' + type + ' ' + blob.toBase64();
}

QByteArray normalizeSshFingerprint(const QString &text)
{
    QByteArray t = text.trimmed().toLatin1();
    if (!t.startsWith("SHA256:"))
        return {};
    t = t.mid(7);
    while (t.endsWith('='))
        t.chop(1);
    // 32 bytes are 43 base64 characters without padding.
    const auto decoded = QByteArray::fromBase64Encoding(t + '=', QByteArray::AbortOnBase64DecodingErrors);
    if (t.size() != 43 || !decoded || decoded.decoded.size() != 32)
        return {};
    return "SHA256:" + t;
}

QString KnownHosts::hostPattern(const QString &host, quint16 port)
{
    const QString lower = host.toLower();
    if (port == 22)
        return lower;
    return QLatin1Char('[') + lower + QLatin1String("]:") + QString::number(port);
}

KnownHosts::Result KnownHosts::check(const QStringList &files, const QString &host, quint16 port,
                                     const HostKey &key)
{
    const QByteArray pattern = hostPattern(host, port).toUtf8();
    Result result;
    Result conflict;
    for (const QString &path : files) {
        forEachLine(path, [&](const QByteArray &line, bool revoked, int number) {
            const std::optional<HostKey> known = matchingKey(line, pattern);
            if (!known)
                return true;
            if (*known == key) {
                result = {revoked ? Verdict::Revoked : Verdict::Trusted, path, number, {}};
                return !revoked;
            }
            if (!revoked && conflict.verdict == Verdict::Unknown)
                conflict = {Verdict::Changed, path, number, *known};
            return true;
        });
        if (result.verdict == Verdict::Revoked)
            return result;
    }
    // A revoked mark anywhere wins; then any file that has this very key; then a
    // different key recorded for the host.
    if (result.verdict == Verdict::Trusted)
        return result;
    return conflict;
}

QList<QByteArray> KnownHosts::knownTypes(const QStringList &files, const QString &host, quint16 port)
{
    const QByteArray pattern = hostPattern(host, port).toUtf8();
    QList<QByteArray> types;
    for (const QString &path : files) {
        forEachLine(path, [&](const QByteArray &line, bool revoked, int) {
            const std::optional<HostKey> known = matchingKey(line, pattern);
            if (known && !revoked && !types.contains(known->type))
                types.append(known->type);
            return true;
        });
    }
    return types;
}

bool KnownHosts::trust(const QString &file, const QString &host, quint16 port, const HostKey &key,
                       QString *error)
{
    const QByteArray pattern = hostPattern(host, port).toUtf8();
    QByteArray kept;
    {
        QFile existing(file);
        if (existing.open(QIODevice::ReadOnly)) {
            for (int n = 0; n < MaxLines && !existing.atEnd(); ++n) {
                const QByteArray line = existing.readLine(MaxLine + 1);
                // Only lines Ferry wrote for exactly this host:port are replaced.
                if (line.startsWith(QByteArray(pattern + ' ')))
                    continue;
                kept += line;
                if (!kept.endsWith('\n'))
                    kept += '\n';
            }
        }
    }
    const QString dir = QFileInfo(file).absolutePath();
    if (!QDir().mkpath(dir)) {
        if (error)
            *error = Text::tr("Cannot create the folder %1").arg(dir);
        return false;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly)) {
        if (error)
            *error = out.errorString();
        return false;
    }
    out.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    out.write(kept);
    out.write(key.knownHostsLine(host, port) + '\n');
    if (!out.commit()) {
        if (error)
            *error = out.errorString();
        return false;
    }
    return true;
}

QString KnownHosts::defaultStorePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QLatin1String("/ferry/known_hosts");
}

QString KnownHosts::userFile()
{
    return QDir::homePath() + QLatin1String("/.ssh/known_hosts");
}

} // namespace ferry
