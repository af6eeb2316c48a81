#pragma once

#include "remote/protocol.h"
#include "remote/sessionconfig.h"

#include <QString>
#include <optional>

namespace ferry {

// ftp://[user[:password]@]host[:port]/path (RFC 1738 §3.2, with RFC 3986 percent-encoding
// and IPv6 literals in brackets). ftpes:// is explicit FTPS (RFC 4217), ftps:// implicit
// FTPS (port 990), sftp:// SFTP (port 22). The path is percent-decoded and taken as
// absolute; a path ending in '/' names a folder. For sftp://, a path starting with /~ is
// the home folder: "~" or "~/docs" (the session resolves it).
struct FtpUrl {
    Protocol protocol = Protocol::Ftp; // the scheme
    QString user;                      // decoded; empty: anonymous
    QString password;                  // decoded; only meaningful when hasPassword
    bool hasPassword = false;
    QString host; // without brackets for IPv6
    quint16 port = 21;
    QString path = QStringLiteral("/"); // decoded, starts with '/' (or '~' for SFTP's home)

    static std::optional<FtpUrl> parse(const QString &text, QString *error);

    bool namesFolder() const { return path.endsWith(QLatin1Char('/')) || path == QLatin1String("~"); }
    // The last path component ("" for a folder URL).
    QString fileName() const;
    // The folder part, ending in '/'.
    QString folder() const;
    // For messages and logs: never contains the password.
    QString toDisplayString() const;
    // Fills in the server, the login (the password only when the URL has one) and the
    // protocol with its TLS rule; ftp:// follows `ftpPolicy` (TLS when offered by default).
    void applyTo(SessionConfig &config, TlsPolicy ftpPolicy = TlsPolicy::IfAvailable) const;
};

} // namespace ferry
