#pragma once

#include <QByteArray>
#include <QString>
#include <optional>

namespace ferry {

class Capabilities;

// Server-side checksums for verifying a transfer: HASH (draft-bryan-ftp-hash, with
// OPTS HASH to pick the algorithm) or the older XSHA256/XSHA1/XMD5/XCRC commands.
struct ChecksumMethod {
    enum class Algorithm { Sha256, Sha1, Md5, Crc32 };
    Algorithm algorithm = Algorithm::Sha256;
    QString command;  // "HASH", "XSHA256", ...
    QString optsName; // HASH only: the name for OPTS HASH ("SHA-256"); empty when current

    // The strongest method the server offers, if any.
    static std::optional<ChecksumMethod> choose(const Capabilities &caps);
    static QString algorithmName(Algorithm algorithm); // "SHA-256", "SHA-1", "MD5", "CRC32"
    static std::optional<Algorithm> parseAlgorithmName(const QString &name);
    // The lower-case hex digest in a reply to `command`, or empty when there is none.
    static QByteArray digestFromReply(const QString &command, Algorithm algorithm, const QString &text);
    // The digest of a local file, lower-case hex; empty (with *error) when unreadable.
    static QByteArray fileDigest(const QString &path, Algorithm algorithm, QString *error);
};

} // namespace ferry
