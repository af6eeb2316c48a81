#include "siteprofile.h"

#include <algorithm>

#include "listing/listingparser.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace ferry {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::SiteProfile)
};

QString str(const QJsonObject &o, const char *key, const QString &fallback = QString())
{
    const QJsonValue v = o.value(QLatin1String(key));
    return v.isString() ? v.toString() : fallback;
}

} // namespace

QString SiteProfile::path() const
{
    return folder.isEmpty() ? name : folder + QLatin1Char('/') + name;
}

QString SiteProfile::normalizeFolder(const QString &folder)
{
    const QStringList parts = folder.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QStringList trimmed;
    for (const QString &p : parts) {
        const QString t = p.trimmed();
        if (!t.isEmpty())
            trimmed << t;
    }
    return trimmed.join(QLatin1Char('/'));
}

QString SiteProfile::validate() const
{
    if (id.isNull())
        return Text::tr("The site has no id.");
    if (name.trimmed().isEmpty())
        return Text::tr("The site needs a name.");
    // '/' separates folders in "Folder/Name": a name containing it could not be looked up.
    if (name.contains(QLatin1Char('/')))
        return Text::tr("A site name cannot contain '/': %1").arg(name);
    if (host.trimmed().isEmpty())
        return Text::tr("The site \"%1\" needs a host.").arg(name);
    // A control character (NUL above all) is never part of a host name, and Qt's resolver
    // stops reading at NUL: "127.0.0.1\0.example" would connect to 127.0.0.1 (FtpUrl refuses
    // the same).
    const bool control = std::any_of(host.cbegin(), host.cend(),
                                     [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    if (control || host.contains(QLatin1Char('/')) || host.contains(QLatin1Char(' ')))
        return Text::tr("Invalid host name \"%1\".")
            .arg(QString(host).replace(QChar(0), QStringLiteral("\\0")));
    if (port == 0)
        return Text::tr("The port must be between 1 and 65535.");
    if (connectionLimit < kMinConnections || connectionLimit > kMaxConnections)
        return Text::tr("The connection limit must be between %1 and %2.")
            .arg(kMinConnections)
            .arg(kMaxConnections);
    if (charset.compare(QLatin1String("auto"), Qt::CaseInsensitive) != 0 && !Charset::isKnown(charset))
        return Text::tr("Unknown charset \"%1\".").arg(charset);
    ServerType type;
    if (!ListingParser::parseServerType(serverType, &type))
        return Text::tr("Unknown server type \"%1\".").arg(serverType);
    if (timeZoneOffsetMinutes < -24 * 60 || timeZoneOffsetMinutes > 24 * 60)
        return Text::tr("The server time-zone offset must be within ±24 hours.");
    if (logonType == LogonType::KeyFile && protocol != Protocol::Sftp)
        return Text::tr("The site \"%1\" logs in with a key file, which only SFTP does.").arg(name);
    if (logonType == LogonType::KeyFile && keyFile.trimmed().isEmpty())
        return Text::tr("The site \"%1\" logs in with a key file but names none.").arg(name);
    if (protocol == Protocol::Sftp && logonType == LogonType::Account)
        return Text::tr("SFTP has no account (ACCT) login: the site \"%1\" needs another logon type.")
            .arg(name);
    return {};
}

std::optional<SessionConfig> SiteProfile::toSessionConfig(const QString &password, QString *error) const
{
    auto failWith = [error](const QString &message) -> std::optional<SessionConfig> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (const QString problem = validate(); !problem.isEmpty())
        return failWith(problem);

    SessionConfig config;
    config.setProtocol(protocol, tlsPolicy);
    config.host = host;
    config.port = port;
    if (logonType != LogonType::Anonymous) {
        config.user = user;
        config.password = password;
    }
    if (logonType == LogonType::Account)
        config.account = account;
    if (protocol == Protocol::Sftp) {
        // A key file logon has no password: what the keychain keeps for it is the passphrase.
        if (logonType == LogonType::KeyFile) {
            config.password.clear();
            config.ssh.keyPassphrase = password.toUtf8();
        }
        if (!keyFile.isEmpty())
            config.ssh.identityFiles = {keyFile};
        config.ssh.useAgent = useAgent;
    }
    // Default is passive with the engine's fallback; an explicit choice sticks to its mode.
    ListingParser::parseServerType(serverType, &config.serverType); // validated above
    config.dataMode = transferMode == TransferMode::Active ? DataMode::Active : DataMode::Passive;
    config.allowModeFallback = transferMode == TransferMode::Default;
    if (charset.compare(QLatin1String("auto"), Qt::CaseInsensitive) != 0 && !config.charset.setName(charset))
        return failWith(Text::tr("Unknown charset \"%1\".").arg(charset));
    return config;
}

QString SiteProfile::logonTypeName(LogonType type)
{
    switch (type) {
    case LogonType::Anonymous:
        return QStringLiteral("anonymous");
    case LogonType::Normal:
        return QStringLiteral("normal");
    case LogonType::AskPassword:
        return QStringLiteral("ask");
    case LogonType::Account:
        return QStringLiteral("account");
    case LogonType::KeyFile:
        return QStringLiteral("keyfile");
    }
    return {};
}

std::optional<SiteProfile::LogonType> SiteProfile::parseLogonType(const QString &name)
{
    for (LogonType t : {LogonType::Anonymous, LogonType::Normal, LogonType::AskPassword, LogonType::Account,
                        LogonType::KeyFile}) {
        if (name.compare(logonTypeName(t), Qt::CaseInsensitive) == 0)
            return t;
    }
    return std::nullopt;
}

QString SiteProfile::transferModeName(TransferMode mode)
{
    switch (mode) {
    case TransferMode::Default:
        return QStringLiteral("default");
    case TransferMode::Passive:
        return QStringLiteral("passive");
    case TransferMode::Active:
        return QStringLiteral("active");
    }
    return {};
}

std::optional<SiteProfile::TransferMode> SiteProfile::parseTransferMode(const QString &name)
{
    for (TransferMode m : {TransferMode::Default, TransferMode::Passive, TransferMode::Active}) {
        if (name.compare(transferModeName(m), Qt::CaseInsensitive) == 0)
            return m;
    }
    return std::nullopt;
}

QJsonObject SiteProfile::toJson() const
{
    QJsonObject o;
    o.insert(QLatin1String("id"), id.toString(QUuid::WithoutBraces));
    o.insert(QLatin1String("name"), name);
    o.insert(QLatin1String("folder"), folder);
    o.insert(QLatin1String("host"), host);
    o.insert(QLatin1String("port"), int(port));
    o.insert(QLatin1String("protocol"), protocolScheme(protocol));
    o.insert(QLatin1String("tlsPolicy"), tlsPolicyName(tlsPolicy));
    o.insert(QLatin1String("logonType"), logonTypeName(logonType));
    o.insert(QLatin1String("user"), user);
    o.insert(QLatin1String("account"), account);
    o.insert(QLatin1String("localFolder"), localFolder);
    o.insert(QLatin1String("remoteFolder"), remoteFolder);
    o.insert(QLatin1String("transferMode"), transferModeName(transferMode));
    o.insert(QLatin1String("charset"), charset);
    o.insert(QLatin1String("connectionLimit"), connectionLimit);
    o.insert(QLatin1String("serverType"), serverType);
    o.insert(QLatin1String("timeZoneOffsetMinutes"), timeZoneOffsetMinutes);
    o.insert(QLatin1String("comments"), comments);
    if (syncBrowsing) // absent means off: older versions read the file as before
        o.insert(QLatin1String("syncBrowsing"), true);
    if (protocol == Protocol::Sftp) {
        o.insert(QLatin1String("keyFile"), keyFile);
        o.insert(QLatin1String("agent"), useAgent);
    }
    QJsonArray marks;
    for (const SiteBookmark &b : bookmarks) {
        QJsonObject m;
        m.insert(QLatin1String("name"), b.name);
        m.insert(QLatin1String("localFolder"), b.localFolder);
        m.insert(QLatin1String("remoteFolder"), b.remoteFolder);
        marks.append(m);
    }
    o.insert(QLatin1String("bookmarks"), marks);
    return o;
}

std::optional<SiteProfile> SiteProfile::fromJson(const QJsonObject &o, QString *error)
{
    auto failWith = [error](const QString &message) -> std::optional<SiteProfile> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    SiteProfile s;
    s.id = QUuid::fromString(str(o, "id"));
    if (s.id.isNull())
        return failWith(Text::tr("A site has no valid id."));
    s.name = str(o, "name");
    s.folder = normalizeFolder(str(o, "folder"));
    s.host = str(o, "host");
    const auto protocol = parseProtocolScheme(str(o, "protocol", QStringLiteral("ftpes")));
    if (!protocol)
        return failWith(Text::tr("The site \"%1\" has an unknown protocol.").arg(s.name));
    s.protocol = *protocol;
    const int port = o.value(QLatin1String("port")).toInt(defaultPort(s.protocol));
    if (port < 1 || port > 65535)
        return failWith(Text::tr("The site \"%1\" has an invalid port.").arg(s.name));
    s.port = quint16(port);
    s.tlsPolicy = parseTlsPolicy(str(o, "tlsPolicy", QStringLiteral("require"))).value_or(TlsPolicy::Require);
    s.logonType = parseLogonType(str(o, "logonType", QStringLiteral("normal"))).value_or(LogonType::Normal);
    s.user = str(o, "user");
    s.account = str(o, "account");
    s.localFolder = str(o, "localFolder");
    s.remoteFolder = str(o, "remoteFolder");
    s.transferMode =
        parseTransferMode(str(o, "transferMode", QStringLiteral("default"))).value_or(TransferMode::Default);
    s.charset = str(o, "charset", QStringLiteral("auto"));
    s.connectionLimit = o.value(QLatin1String("connectionLimit")).toInt(4);
    s.serverType = str(o, "serverType", QStringLiteral("auto"));
    s.timeZoneOffsetMinutes = o.value(QLatin1String("timeZoneOffsetMinutes")).toInt(0);
    s.comments = str(o, "comments");
    s.syncBrowsing = o.value(QLatin1String("syncBrowsing")).toBool(false);
    s.keyFile = str(o, "keyFile");
    s.useAgent = o.value(QLatin1String("agent")).toBool(true);
    const QJsonArray marks = o.value(QLatin1String("bookmarks")).toArray();
    for (const QJsonValue &v : marks) {
        const QJsonObject m = v.toObject();
        s.bookmarks.append({str(m, "name"), str(m, "localFolder"), str(m, "remoteFolder")});
    }
    if (const QString problem = s.validate(); !problem.isEmpty())
        return failWith(problem);
    return s;
}

} // namespace ferry
