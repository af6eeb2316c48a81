#include "connector.h"

#include "browser/sitetab.h"
#include "browser/syncbrowsing.h"
#include "prompts/promptbroker.h"
#include "settings/appsettings.h"
#include "sites/connectionhistory.h"
#include "sites/credentialstore.h"
#include "sites/ftpurl.h"
#include "sites/sitestore.h"

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
    const AppSettings settings = AppSettings::load(m_context.settings); // Edit > Settings
    SessionConfig config;
    url->applyTo(config);
    settings.applyTo(config);
    if (!password.isEmpty())
        config.password = password;
    if (m_context.history) {
        m_context.history->addQuickConnect(url->toDisplayString());
        m_context.history->save();
    }
    QString path = url->path;
    if (!url->namesFolder() && path != QLatin1String("/"))
        path = url->folder(); // a file's address opens its folder
    // SFTP logs in with the agent and key files first: the engine asks for a password only
    // when they fail (a SecretRequest, answered in the secret dialog).
    if (!config.user.isEmpty() && config.password.isEmpty() && config.protocol != Protocol::Sftp) {
        askPassword(
            config.user, config.host, tr("Only sites from the site manager keep passwords"),
            [this, config, path, limit = settings.connectionsPerSite](const QString &given, bool) mutable {
                config.password = given;
                start(config, path, {}, limit);
            });
        return;
    }
    start(config, path, {}, settings.connectionsPerSite);
}

void Connector::connectSite(const QString &nameOrPath)
{
    if (!m_context.sites) {
        Q_EMIT failed(tr("The site manager is not available."));
        return;
    }
    QString error;
    const auto site = m_context.sites->find(nameOrPath, &error);
    if (!site) {
        Q_EMIT failed(error);
        return;
    }
    if (m_context.history) {
        m_context.history->addRecentSite(site->id, site->path());
        m_context.history->save();
    }
    if (!site->localFolder.isEmpty())
        Q_EMIT localFolderRequested(site->localFolder);
    if (site->logonType == SiteProfile::LogonType::Anonymous) {
        connectProfile(*site, {});
        return;
    }
    const SiteProfile profile = *site;
    // A key file's passphrase is asked by the login itself, only if the key has one.
    const bool keyFile = site->logonType == SiteProfile::LogonType::KeyFile;
    if (keyFile && !m_context.credentials) {
        connectProfile(profile, {});
        return;
    }
    if (site->logonType == SiteProfile::LogonType::AskPassword || !m_context.credentials) {
        askPassword(profile.user, profile.host, tr("This site asks for its password every time"),
                    [this, profile](const QString &given, bool) { connectProfile(profile, given); });
        return;
    }
    m_context.credentials->readPassword(
        site->id, this, [this, profile, keyFile](CredentialStore::Result result, const QString &text) {
            if (result == CredentialStore::Result::Ok || keyFile) {
                connectProfile(profile, result == CredentialStore::Result::Ok ? text : QString());
                return;
            }
            const QString hint =
                result == CredentialStore::Result::NotFound
                    ? QString()
                    : tr("No keychain is available: %1").arg(m_context.credentials->unavailableReason());
            askPassword(
                profile.user, profile.host, hint, [this, profile](const QString &given, bool remember) {
                    if (remember)
                        m_context.credentials->writePassword(
                            profile.id, given, this, [this](CredentialStore::Result r, const QString &why) {
                                if (r != CredentialStore::Result::Ok)
                                    Q_EMIT failed(tr("The password was not saved: %1").arg(why));
                            });
                    connectProfile(profile, given);
                });
        });
}

void Connector::connectProfile(const SiteProfile &site, const QString &password)
{
    QString error;
    auto config = site.toSessionConfig(password, &error);
    if (!config) {
        Q_EMIT failed(error);
        return;
    }
    AppSettings::load(m_context.settings).applyTo(*config, site.transferMode); // the site's mode wins
    OwnSecret secret;
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
                            const std::function<void(const QString &, bool)> &then)
{
    m_prompts->askPassword({user, host, rememberHint}, this,
                           [this, then, host](bool given, const QString &password, bool remember) {
                               if (given)
                                   then(password, remember);
                               else
                                   Q_EMIT failed(tr("Not connected to %1: no password was given.").arg(host));
                           });
}

void Connector::start(SessionConfig config, const QString &remotePath, const SiteKey &key,
                      int connectionLimit, const OwnSecret &secret)
{
    QString error;
    if (!m_tab->connectTo(config, remotePath, &error, key, connectionLimit, secret))
        Q_EMIT failed(error);
}

} // namespace ferry
