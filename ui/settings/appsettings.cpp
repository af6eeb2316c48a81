#include "appsettings.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSettings>
#include <algorithm>
#include <utility>

namespace ferry {

const QString AppSettings::kShowHiddenKey = QStringLiteral("view/showHidden");
const QString AppSettings::kDoubleClickOpensKey = QStringLiteral("behaviour/enterOpens");
const QString AppSettings::kDownloadLimitKey = QStringLiteral("transfers/downloadLimit");
const QString AppSettings::kUploadLimitKey = QStringLiteral("transfers/uploadLimit");
const QString AppSettings::kLanguageKey = QStringLiteral("interface/language");

namespace {

const QString kPerSite = QStringLiteral("transfers/connectionsPerSite");
const QString kTotal = QStringLiteral("transfers/connectionsTotal");
const QString kRetries = QStringLiteral("transfers/retries");
const QString kRetryDelay = QStringLiteral("transfers/retryDelayMs");
const QString kOverwrite = QStringLiteral("transfers/overwrite");
const QString kType = QStringLiteral("transfers/type");
const QString kAscii = QStringLiteral("transfers/asciiExtensions");
const QString kPreserve = QStringLiteral("transfers/preserveTimes");
const QString kTimeout = QStringLiteral("connection/timeoutSeconds");
const QString kKeepAlive = QStringLiteral("connection/keepAliveSeconds");
const QString kDataMode = QStringLiteral("connection/dataMode");
const QString kNewSite = QStringLiteral("connection/newSiteSecurity");
const QString kConfirmDeletes = QStringLiteral("interface/confirmDeletes");

// The words in window.conf for the enumerations (never their numbers).
template<typename E>
using Names = std::initializer_list<std::pair<E, const char *>>;
const Names<TransferJob::Mode> kTypeNames = {{TransferJob::Mode::Binary, "binary"},
                                             {TransferJob::Mode::Ascii, "ascii"},
                                             {TransferJob::Mode::Auto, "auto"}};
const Names<DataMode> kModeNames = {{DataMode::Passive, "passive"}, {DataMode::Active, "active"}};
using Security = AppSettings::NewSiteSecurity;
const Names<Security> kSecurityNames = {{Security::RequireExplicitTls, "ftpes"},
                                        {Security::TlsIfAvailable, "ftp-tls-if-available"},
                                        {Security::ImplicitTls, "ftps"},
                                        {Security::Plain, "ftp-plain"}};

template<typename E>
QString nameOf(Names<E> names, E value)
{
    for (const auto &[v, name] : names)
        if (v == value)
            return QString::fromLatin1(name);
    return {};
}

template<typename E>
E valueOf(Names<E> names, const QVariant &stored, E fallback)
{
    for (const auto &[v, name] : names)
        if (stored.toString() == QLatin1String(name))
            return v;
    return fallback;
}

int bounded(const QSettings *s, const QString &key, int fallback, int low, int high)
{
    bool ok = false;
    const int value = s->value(key, fallback).toInt(&ok);
    return ok ? std::clamp(value, low, high) : fallback;
}

} // namespace

AppSettings AppSettings::load(const QSettings *s)
{
    AppSettings a;
    if (!s)
        return a;
    a.connectionsPerSite = bounded(s, kPerSite, a.connectionsPerSite, 1, kMaxConnections);
    a.connectionsTotal = bounded(s, kTotal, a.connectionsTotal, 1, kMaxConnections * 4);
    a.retries = bounded(s, kRetries, a.retries, 0, 99);
    a.retryDelayMs = bounded(s, kRetryDelay, a.retryDelayMs, 0, 3600 * 1000);
    TransferJob::parseOverwrite(s->value(kOverwrite).toString(), &a.overwrite);
    a.transferType = valueOf(kTypeNames, s->value(kType), a.transferType);
    if (s->contains(kAscii))
        a.asciiExtensions = parseExtensions(s->value(kAscii).toString());
    a.preserveTimes = s->value(kPreserve, a.preserveTimes).toBool();
    a.downloadLimit = qMax<qint64>(0, s->value(kDownloadLimitKey, 0).toLongLong());
    a.uploadLimit = qMax<qint64>(0, s->value(kUploadLimitKey, 0).toLongLong());
    a.timeoutSeconds = bounded(s, kTimeout, a.timeoutSeconds, 5, 3600);
    a.keepAliveSeconds = bounded(s, kKeepAlive, a.keepAliveSeconds, 0, 3600);
    a.dataMode = valueOf(kModeNames, s->value(kDataMode), a.dataMode);
    a.newSiteSecurity = valueOf(kSecurityNames, s->value(kNewSite), a.newSiteSecurity);
    a.doubleClickOpens = s->value(kDoubleClickOpensKey, a.doubleClickOpens).toBool();
    a.showHidden = s->value(kShowHiddenKey, a.showHidden).toBool();
    a.confirmDeletes = s->value(kConfirmDeletes, a.confirmDeletes).toBool();
    const QString language = s->value(kLanguageKey).toString();
    if (languages().contains(language))
        a.language = language;
    return a;
}

void AppSettings::save(QSettings *s) const
{
    if (!s)
        return;
    s->setValue(kPerSite, connectionsPerSite);
    s->setValue(kTotal, connectionsTotal);
    s->setValue(kRetries, retries);
    s->setValue(kRetryDelay, retryDelayMs);
    s->setValue(kOverwrite, TransferJob::overwriteName(overwrite));
    s->setValue(kType, nameOf(kTypeNames, transferType));
    s->setValue(kAscii, asciiExtensions.join(QLatin1Char(' ')));
    s->setValue(kPreserve, preserveTimes);
    s->setValue(kDownloadLimitKey, downloadLimit);
    s->setValue(kUploadLimitKey, uploadLimit);
    s->setValue(kTimeout, timeoutSeconds);
    s->setValue(kKeepAlive, keepAliveSeconds);
    s->setValue(kDataMode, nameOf(kModeNames, dataMode));
    s->setValue(kNewSite, nameOf(kSecurityNames, newSiteSecurity));
    s->setValue(kDoubleClickOpensKey, doubleClickOpens);
    s->setValue(kShowHiddenKey, showHidden);
    s->setValue(kConfirmDeletes, confirmDeletes);
    s->setValue(kLanguageKey, language);
    s->sync();
}

QString AppSettings::problemWithConnections() const
{
    if (connectionsPerSite > connectionsTotal)
        return QCoreApplication::translate("AppSettings",
                                           "A site cannot have more connections than all sites together.");
    return {};
}

QString AppSettings::problemWithExtensions() const
{
    static const QRegularExpression word(QStringLiteral("^[\\w+~-]+$"));
    for (const QString &e : asciiExtensions)
        if (!word.match(e).hasMatch())
            return QCoreApplication::translate(
                       "AppSettings", "“%1” is not a file name extension (letters, digits, - and _).")
                .arg(e);
    if (transferType == TransferJob::Mode::Auto && asciiExtensions.isEmpty())
        return QCoreApplication::translate("AppSettings",
                                           "Automatic transfer type needs at least one ASCII extension.");
    return {};
}

QStringList AppSettings::parseExtensions(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList extensions;
    for (QString e : text.split(separators, Qt::SkipEmptyParts)) {
        if (e.startsWith(QLatin1Char('.')))
            e.remove(0, 1);
        e = e.toLower();
        if (!e.isEmpty() && !extensions.contains(e))
            extensions.append(e);
    }
    return extensions;
}

QStringList AppSettings::languages()
{
    return {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("fr")};
}

void AppSettings::applyTo(SessionConfig &config, SiteProfile::TransferMode siteMode) const
{
    config.timeoutMs = timeoutSeconds * 1000;
    config.keepAliveMs = keepAliveSeconds * 1000;
    if (siteMode == SiteProfile::TransferMode::Default)
        config.dataMode = dataMode; // the other one when the server refuses (allowModeFallback)
}

void AppSettings::applyTo(SiteProfile &site) const
{
    switch (newSiteSecurity) {
    case NewSiteSecurity::RequireExplicitTls:
        site.protocol = Protocol::FtpsExplicit;
        site.tlsPolicy = TlsPolicy::Require;
        break;
    case NewSiteSecurity::TlsIfAvailable:
        site.protocol = Protocol::Ftp;
        site.tlsPolicy = TlsPolicy::IfAvailable;
        break;
    case NewSiteSecurity::ImplicitTls:
        site.protocol = Protocol::FtpsImplicit;
        site.tlsPolicy = TlsPolicy::Require;
        break;
    case NewSiteSecurity::Plain:
        site.protocol = Protocol::Ftp;
        site.tlsPolicy = TlsPolicy::Never;
        break;
    }
    site.port = defaultPort(site.protocol);
}

TransferQueue::JobOptions AppSettings::jobOptions() const
{
    TransferQueue::JobOptions options;
    options.overwrite = overwrite;
    options.mode = transferType;
    options.preserveTime = preserveTimes;
    return options;
}

void AppSettings::applyTo(TransferQueue &queue) const
{
    queue.setGlobalConnectionLimit(connectionsTotal);
    queue.setMaxRetries(retries);
    queue.setRetryDelay(retryDelayMs);
    queue.setAsciiExtensions(asciiExtensions);
}

} // namespace ferry
