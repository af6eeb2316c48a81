#pragma once

#include "remote/sessionconfig.h"
#include "sites/ftpurl.h"

#include <QStringList>
#include <QUuid>
#include <optional>

namespace ferry::cli {

// `ferry-cli sites list|show|add|remove|import-filezilla|export|import ...`.
// `arguments` is the whole command line (arguments[0] the program, [1] "sites").
int runSites(const QStringList &arguments);

// What `--site NAME` contributes to a command: the connection (as an FtpUrl without a
// path, carrying the password) and the profile's session settings.
struct SiteTarget {
    QUuid id;
    FtpUrl url;                         // scheme, host, port, user; password in url.password
    std::optional<TlsPolicy> tlsPolicy; // for ftp:// sites
    SessionConfig config;               // data mode, fallback, charset, account
    QString remoteFolder;               // where relative paths start ("/" by default)
    int timeZoneOffsetMinutes = 0;      // the server's listed times minus UTC (sync)
};

// Looks the site up ("Name" or "Folder/Name") and gets its password: FERRY_PASSWORD when
// set, else the keychain (skipped when `passwordFromStdin`, which the caller applies).
// nullopt with *error and *exitCode when there is no such site or it cannot be used.
std::optional<SiteTarget> resolveSite(const QString &nameOrPath, bool passwordFromStdin, QString *error,
                                      int *exitCode);
// A plain remote path given with --site, as the URL the commands take. Relative paths
// start at the site's remote folder; "scheme://" URLs are refused (false).
bool siteUrl(const SiteTarget &site, const QString &path, FtpUrl *url, QString *error);

} // namespace ferry::cli
