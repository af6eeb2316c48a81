#pragma once

#include "siteprofile.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QStringList>
#include <QUuid>
#include <optional>

namespace ferry {

// FileZilla 3's Site Manager (sitemanager.xml, or an export of it) turned into profiles.
// Passwords stored there (base64, or plain text in old versions) come out separately, so
// that the caller puts them into the keychain and never into sites.json. Passwords
// encrypted with a FileZilla master password ("crypt") cannot be read: a warning says so.
//
// Mapping (FileZilla's ServerProtocol in src/include/server.h): 0 FTP "TLS if available"
// -> Ftp + IfAvailable; 1 SFTP -> Sftp (kept, refused on use); 3 implicit FTPS;
// 4 explicit FTPS (FTPES); 6 insecure FTP -> Ftp + plain; anything else (HTTP, S3, ...)
// is skipped with a warning. Logontype 0 anonymous, 1 normal, 2 ask and 3 interactive
// -> ask, 4 account, 5 key and 6 profile -> ask (with a warning).
struct FileZillaImport {
    QList<SiteProfile> sites;
    QHash<QUuid, QString> passwords; // by SiteProfile::id; only for sites that had one
    QStringList warnings;            // per-site things that did not carry over

    // Parses the whole document. nullopt and *error when it is not well-formed XML or not
    // a FileZilla file; hostile input (huge, deep, broken) is refused, never a crash.
    static std::optional<FileZillaImport> parse(const QByteArray &xml, QString *error);
    // FileZilla's serialised remote path: "<type> <prefix length> [<prefix>] (<length>
    // <segment>)*", e.g. "1 0 4 home 4 user" -> "/home/user". DOS types (3, 8) give
    // "C:\dir". Empty for malformed input. Lengths count UTF-16 code units (what
    // FileZilla writes on Windows; on Linux it counts code points, which differs only
    // for characters outside the BMP).
    static QString decodeRemotePath(const QString &encoded);
};

} // namespace ferry
