#include "queuelogins.h"

#include "browser/sitetab.h"
#include "settings/appsettings.h"
#include "sites/connector.h"
#include "sites/ftpurl.h"
#include "sites/sitestore.h"
#include "transfer/transferqueue.h"

namespace ferry {

namespace {

bool sameLogin(const SessionConfig &a, const SessionConfig &b)
{
    return a.protocol == b.protocol && a.port == b.port && a.user == b.user &&
           a.host.compare(b.host, Qt::CaseInsensitive) == 0;
}

} // namespace

QueueLogins::QueueLogins(const AppContext &context, SiteTab *tab, Connector *connector, QObject *parent)
    : QObject(parent)
    , m_context(context)
    , m_tab(tab)
    , m_connector(connector)
{
    connect(tab, &SiteTab::connectionChanged, this, [this](bool connected) {
        if (connected)
            onTabConnected();
    });
}

void QueueLogins::loginPendingSites()
{
    if (!m_context.queue)
        return;
    for (const SiteKey &key : m_context.queue->pendingSites()) {
        if (!m_context.queue->hasSite(key) && !m_pending.contains(key))
            login(key);
    }
}

bool QueueLogins::describe(const SiteKey &key, Pending *pending)
{
    QString error;
    if (key.isSite()) {
        pending->site = m_context.sites ? m_context.sites->findById(key.siteId()) : std::nullopt;
        if (!pending->site) {
            Q_EMIT problem(
                tr("Transfers in the queue belong to a site that is no longer in the site manager: "
                   "they wait."));
            return false;
        }
        if (const auto config = m_connector->configFor(*pending->site, {}, &error))
            pending->config = *config;
        pending->connectionLimit = pending->site->connectionLimit;
    } else if (const auto url = FtpUrl::parse(key.url(), &error)) {
        pending->config = m_connector->configFor(*url, {});
        pending->connectionLimit = AppSettings::load(m_context.settings).connectionsPerSite;
    } else {
        error = key.url() + QStringLiteral(": ") + error;
    }
    if (!error.isEmpty())
        Q_EMIT problem(tr("Transfers in the queue wait: %1").arg(error));
    return error.isEmpty();
}

void QueueLogins::login(const SiteKey &key)
{
    Pending pending;
    if (!describe(key, &pending) || takeFromTab(key, pending))
        return;
    const auto given = [this, key](const QString &password) {
        const Pending asked = m_pending.take(key);
        delete asked.guard.data();
        if (!m_context.queue->hasSite(key)) // else given meanwhile by the window's own connection
            provide(key, asked, password);
    };
    const auto refused = [this, key, host = pending.config.host] {
        delete m_pending.take(key).guard.data();
        Q_EMIT problem(tr("The transfers to %1 wait: no password was given.").arg(host));
    };
    if (!pending.site && !Connector::asksPassword(pending.config)) {
        provide(key, pending, {});
        return;
    }
    pending.guard = new QObject(this);
    m_pending.insert(key, pending);
    if (pending.site)
        m_connector->passwordFor(*pending.site, pending.guard, given, refused);
    else
        m_connector->askAddressPassword(pending.config, pending.guard, given, refused);
}

bool QueueLogins::takeFromTab(const SiteKey &key, const Pending &pending)
{
    const SessionConfig &tab = m_tab->config();
    if (!m_tab->isConnected() || !sameLogin(tab, pending.config))
        return false;
    if (m_tab->siteKey() != key) { // else the tab gave the queue its login already
        const bool passphrase = pending.site && pending.site->logonType == SiteProfile::LogonType::KeyFile;
        provide(key, pending, passphrase ? QString::fromUtf8(tab.ssh.keyPassphrase) : tab.password);
    }
    return true;
}

// `secret`: the password, or a key file site's passphrase (what the keychain keeps for it).
void QueueLogins::provide(const SiteKey &key, const Pending &pending, const QString &secret)
{
    SessionConfig config = pending.config;
    if (pending.site) {
        if (const auto withSecret = m_connector->configFor(*pending.site, secret, nullptr))
            config = *withSecret;
    } else if (!secret.isEmpty()) {
        config.password = secret;
    }
    if (!config.trust)
        config.trust = m_context.trust;
    if (!config.certificateStore)
        config.certificateStore = m_context.certificates;
    m_context.queue->setSite(key, config, pending.connectionLimit);
}

void QueueLogins::onTabConnected()
{
    for (auto it = m_pending.begin(); it != m_pending.end();) {
        if (takeFromTab(it.key(), it.value())) {
            delete it->guard.data(); // its question, not shown yet, is not asked
            it = m_pending.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace ferry
