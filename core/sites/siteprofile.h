#pragma once

#include "remote/sessionconfig.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>
#include <optional>

namespace ferry {

// A named local + remote folder pair inside a site ("jump to the logs").
struct SiteBookmark {
    QString name;
    QString localFolder;
    QString remoteFolder;

    bool operator==(const SiteBookmark &) const = default;
};

// One bookmarked server as the site manager keeps it. A plain value: no password (that
// lives in the keychain, keyed by id), no I/O. SiteStore saves it as JSON.
struct SiteProfile {
    using Protocol = ferry::Protocol;
    // KeyFile (SFTP): the user's key file, its passphrase asked for when needed; no password.
    enum class LogonType { Anonymous, Normal, AskPassword, Account, KeyFile };
    enum class TransferMode { Default, Passive, Active };

    static constexpr int kMinConnections = 1;
    static constexpr int kMaxConnections = 32;

    QUuid id = QUuid::createUuid(); // stable: the keychain key and the history key
    QString name;
    QString folder; // "Work/Clients"; empty: top level
    QString host;
    quint16 port = 21;
    Protocol protocol = Protocol::FtpsExplicit;
    TlsPolicy tlsPolicy = TlsPolicy::Require; // Ftp only; FTPS protocols always require
    LogonType logonType = LogonType::Normal;
    QString user;
    QString account;
    QString localFolder;
    QString remoteFolder;
    TransferMode transferMode = TransferMode::Default;
    QString charset = QStringLiteral("auto"); // "auto", "UTF-8" or a name Charset knows
    int connectionLimit = 4;
    QString serverType = QStringLiteral("auto"); // ListingParser::parseServerType
    int timeZoneOffsetMinutes = 0;
    // Connect starts with synchronized browsing on, rooted at the two default folders.
    bool syncBrowsing = false;
    QString comments;
    QList<SiteBookmark> bookmarks;
    // SFTP: a key file offered after the agent (KeyFile logons need one; Normal and
    // AskPassword logons may have one, tried before the password), and whether the
    // ssh-agent is asked first.
    QString keyFile;
    bool useAgent = true;

    bool operator==(const SiteProfile &) const = default;

    // "Folder/Name", or "Name" at the top level: how the CLI names a site.
    QString path() const;
    // Whether a secret for this site belongs in the keychain: the password of a normal or
    // account logon, the key's passphrase (when the user keeps one) of a key file logon.
    bool storesPassword() const
    {
        return logonType == LogonType::Normal || logonType == LogonType::Account ||
               logonType == LogonType::KeyFile;
    }

    // Empty when the profile can be saved; else what is wrong, for the user.
    QString validate() const;
    // The engine's configuration for one connection. nullopt (and *error) for an invalid
    // profile. Timeouts and the certificate store keep their defaults: the caller sets them.
    std::optional<SessionConfig> toSessionConfig(const QString &password, QString *error) const;

    // The JSON shape inside sites.json (schema version 1). fromJson returns nullopt (and
    // *error) for an entry that cannot be a site; unknown keys are ignored.
    QJsonObject toJson() const;
    static std::optional<SiteProfile> fromJson(const QJsonObject &object, QString *error);

    static QString logonTypeName(LogonType type); // "anonymous", "normal", "ask", "account", "keyfile"
    static std::optional<LogonType> parseLogonType(const QString &name);
    static QString transferModeName(TransferMode mode); // "default", "passive", "active"
    static std::optional<TransferMode> parseTransferMode(const QString &name);
    // "Work//Clients/" -> "Work/Clients": no empty components, no leading/trailing '/'.
    static QString normalizeFolder(const QString &folder);
};

} // namespace ferry
