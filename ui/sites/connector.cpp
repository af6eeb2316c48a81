#include "connector.h"

#include "browser/sitetab.h"
#include "browser/syncbrowsing.h"
#include "prompts/promptbroker.h"
#include "settings/appsettings.h"
#include "sites/connectionhistory.h"
#include "sites/credentialstore.h"
#include "sites/ftpurl.h"
#include "sites/sitestore.h"
#include "transfer/transferqueue.h"

#include <QMessageBox>
#include <QPushButton>

namespace ferry {

Connector::Connector(const AppContext &context, SiteTab *tab, PromptBroker *prompts, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_tab(tab)
    , m_prompts(prompts)
{
}

void Connector::connectAddress(const QString &address, const QString &password)
{
    QString error;
    QString text = address.trimmed();
    if (!text.contains(QLatin1String("://")))
        text = QLatin1String("ftp://") + text;
    const auto url = FtpUrl::parse(text, &error);
    if (!url) {
        Q_EMIT failed(error);
        return;
    }
    const SiteKey key = SiteKey::forUrl(*url);
    whenReplaced(key, key.url(), [this, target = *url, password] { connectUrl(target, password); });
}

void Connector::connectUrl(const FtpUrl &url, const QString &password)
{
    SessionConfig config = configFor(url, password);
    const int limit = AppSettings::load(m_context.settings).connectionsPerSite; // Edit > Settings
    if (m_context.history) {
        m_context.history->addQuickConnect(url.toDisplayString());
        m_context.history->save();
    }
    QString path = url.path;
    if (!url.namesFolder() && path != QLatin1String("/"))
        path = url.folder(); // a file's address opens its folder
    if (!asksPassword(config)) {
        start(config, path, {}, limit);
        return;
    }
    askAddressPassword(
        config, this,
        [this, config, path, limit](const QString &given) mutable {
            config.password = given;
            start(config, path, {}, limit);
        },
        failedFor(config.host));
}

bool Connector::asksPassword(const SessionConfig &config)
{
    // SFTP logs in with the agent and key files first: the engine asks for a password only
    // when they fail (a SecretRequest, answered in the secret dialog).
    return !config.user.isEmpty() && config.password.isEmpty() && config.protocol != Protocol::Sftp;
}

SessionConfig Connector::configFor(const FtpUrl &url, const QString &password) const
{
    SessionConfig config;
    url.applyTo(config);
    AppSettings::load(m_context.settings).applyTo(config); // Edit > Settings
    if (!password.isEmpty())
        config.password = password;
    return config;
}

std::optional<SessionConfig> Connector::configFor(const SiteProfile &site, const QString &password,
                                                  QString *error) const
{
    auto config = site.toSessionConfig(password, error);
    if (config) // the site's transfer mode wins over Edit > Settings
        AppSettings::load(m_context.settings).applyTo(*config, site.transferMode);
    return config;
}

void Connector::connectSite(const QString &nameOrPath)
{
    if (!m_context.sites) {
        Q_EMIT failed(tr("The site manager is not available."));
        return;
    }
    QString error;
    const auto found = m_context.sites->find(nameOrPath, &error);
    if (!found) {
        Q_EMIT failed(error);
        return;
    }
    whenReplaced(SiteKey::forSite(found->id), found->name, [this, profile = *found] { openSite(profile); });
}

void Connector::openSite(const SiteProfile &site)
{
    if (m_context.history) {
        m_context.history->addRecentSite(site.id, site.path());
        m_context.history->save();
    }
    if (!site.localFolder.isEmpty())
        Q_EMIT localFolderRequested(site.localFolder);
    passwordFor(
        site, this, [this, site](const QString &password) { connectProfile(site, password); },
        failedFor(site.host));
}

void Connector::passwordFor(const SiteProfile &site, QObject *guard, const Given &given,
                            const Refused &refused)
{
    if (site.logonType == SiteProfile::LogonType::Anonymous) {
        given({});
        return;
    }
    const bool loginAsks = site.protocol == Protocol::Sftp;
    const auto asked = [given](const QString &password, bool) { given(password); };
    if (site.logonType == SiteProfile::LogonType::AskPassword || !m_context.credentials) {
        if (loginAsks)
            given({});
        else
            askPassword(site.user, site.host, tr("This site asks for its password every time"), guard, asked,
                        refused);
        return;
    }
    m_context.credentials->readPassword(
        site.id, guard,
        [this, site, loginAsks, guard, given, refused](CredentialStore::Result result, const QString &text) {
            if (result == CredentialStore::Result::Ok || loginAsks) {
                given(result == CredentialStore::Result::Ok ? text : QString());
                return;
            }
            const QString hint =
                result == CredentialStore::Result::NotFound
                    ? QString()
                    : tr("No keychain is available: %1").arg(m_context.credentials->unavailableReason());
            askPassword(
                site.user, site.host, hint, guard,
                [this, id = site.id, given](const QString &password, bool remember) {
                    if (remember)
                        m_context.credentials->writePassword(
                            id, password, this, [this](CredentialStore::Result r, const QString &why) {
                                if (r != CredentialStore::Result::Ok)
                                    Q_EMIT failed(tr("The password was not saved: %1").arg(why));
                            });
                    given(password);
                },
                refused);
        });
}

void Connector::askAddressPassword(const SessionConfig &config, QObject *guard, const Given &given,
                                   const Refused &refused)
{
    askPassword(
        config.user, config.host, tr("Only sites from the site manager keep passwords"), guard,
        [given](const QString &password, bool) { given(password); }, refused);
}

void Connector::whenReplaced(const SiteKey &next, const QString &nextName, const std::function<void()> &go)
{
    const TransferQueue::SiteActivity busy =
        m_tab->isConnected() && m_context.queue && m_tab->siteKey() != next
            ? m_context.queue->activity(m_tab->siteKey())
            : TransferQueue::SiteActivity{};
    if (busy.running == 0 && busy.queued == 0) {
        go();
        return;
    }
    const SiteKey &key = m_tab->siteKey();
    const auto site =
        key.isSite() && m_context.sites ? m_context.sites->findById(key.siteId()) : std::nullopt;
    const QString current = site ? site->name : key.isSite() ? m_tab->config().host : key.url();
    m_prompts->askWith(this, [this, busy, current, nextName, go]() -> QDialog * {
        const int queued = int(qMin<qint64>(busy.queued, 1 << 30));
        QString text =
            busy.running > 0
                ? tr("The connection to %1 has %n transfer(s) running.", nullptr, busy.running).arg(current)
                : tr("The connection to %1 has %n transfer(s) waiting in the queue.", nullptr, queued)
                      .arg(current);
        if (busy.running > 0 && queued > 0)
            text += QLatin1Char(' ') + tr("%n more in the queue.", nullptr, queued);
        auto *box = new QMessageBox(QMessageBox::Question, tr("Replace the Connection?"),
                                    text + QLatin1Char('\n') + tr("Connect to %1 instead?").arg(nextName),
                                    QMessageBox::NoButton, m_prompts->window());
        box->setObjectName(QLatin1String(kReplaceQuestion));
        box->setInformativeText(
            tr("The transfers are not stopped: the queue keeps its own connections to %1 for them. Only "
               "this window's browsing connection is replaced: the remote pane shows %2 instead.")
                .arg(current, nextName));
        QPushButton *replace = box->addButton(tr("&Replace"), QMessageBox::AcceptRole);
        replace->setObjectName(QStringLiteral("replace"));
        box->addButton(QMessageBox::Cancel)->setObjectName(QStringLiteral("cancel"));
        box->setDefaultButton(replace);
        connect(box, &QMessageBox::finished, this, [box, replace, go] {
            if (box->clickedButton() == replace)
                go();
        });
        return box;
    });
}

void Connector::connectProfile(const SiteProfile &site, const QString &password)
{
    QString error;
    auto config = configFor(site, password, &error);
    if (!config) {
        Q_EMIT failed(error);
        return;
    }
    OwnSecret secret;
    if (site.storesPassword()) // not "ask each time": that one is never kept
        secret.siteId = site.id;
    if (site.logonType == SiteProfile::LogonType::KeyFile) {
        secret.kind = SecretRequest::Kind::Passphrase;
        secret.keyFile = site.keyFile;
    }
    start(*config, site.remoteFolder.isEmpty() ? QStringLiteral("/") : site.remoteFolder,
          SiteKey::forSite(site.id), site.connectionLimit, secret);
    if (m_tab->isConnected())
        m_tab->setTimeOffsetMinutes(site.timeZoneOffsetMinutes); // the comparison's and a sync's
    if (site.syncBrowsing && m_tab->isConnected())
        m_tab->syncBrowsing()->start(); // rooted at the default folders just opened
}

void Connector::askPassword(const QString &user, const QString &host, const QString &rememberHint,
                            QObject *guard, const std::function<void(const QString &, bool)> &then,
                            const Refused &refused)
{
    m_prompts->askPassword({user, host, rememberHint}, guard,
                           [then, refused](bool given, const QString &password, bool remember) {
                               if (given)
                                   then(password, remember);
                               else if (refused)
                                   refused();
                           });
}

Connector::Refused Connector::failedFor(const QString &host)
{
    return [this, host] { Q_EMIT failed(tr("Not connected to %1: no password was given.").arg(host)); };
}

void Connector::start(SessionConfig config, const QString &remotePath, const SiteKey &key,
                      int connectionLimit, const OwnSecret &secret)
{
    QString error;
    if (!m_tab->connectTo(config, remotePath, &error, key, connectionLimit, secret))
        Q_EMIT failed(error);
}

} // namespace ferry
