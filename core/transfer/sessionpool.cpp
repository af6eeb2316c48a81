#include "sessionpool.h"

#include "remote/question.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "remote/trustdecisions.h"

#include <algorithm>

namespace ferry {

SessionPool::SessionPool(QObject *parent)
    : QObject(parent)
    , m_trust(new TrustDecisions(this))
{
}

SessionPool::~SessionPool()
{
    for (Site &site : m_sites) {
        qDeleteAll(site.idle);
        qDeleteAll(site.busy);
    }
}

void SessionPool::setSite(const SiteKey &key, const SessionConfig &config, int limit)
{
    Site &site = m_sites[key];
    site.config = config;
    // Queue sessions move file after file: each opens the next data connection while the
    // last transfer is being finished (see RemoteSession::operationFinishing).
    site.config.prefetchDataConnection = true;
    if (!site.config.trust)
        site.config.trust = m_trust;
    site.limit = std::clamp(limit, 1, MaxLimit);
    site.effectiveLimit = site.limit;
    // New settings (a new password, say): sessions made with the old ones go.
    for (RemoteSession *session : std::as_const(site.idle))
        discard(session);
    site.idle.clear();
    site.loggedInOnce = false;
    Q_EMIT capacityAvailable();
}

int SessionPool::openSessions(const SiteKey &key) const
{
    const auto it = m_sites.constFind(key);
    return it == m_sites.cend() ? 0 : int(it->idle.size() + it->busy.size());
}

int SessionPool::totalOpen() const
{
    int n = 0;
    for (const Site &site : m_sites)
        n += int(site.idle.size() + site.busy.size());
    return n;
}

RemoteSession *SessionPool::acquire(const SiteKey &key)
{
    const auto it = m_sites.find(key);
    if (it == m_sites.end())
        return nullptr;
    Site &site = *it;
    while (!site.idle.isEmpty()) {
        RemoteSession *session = site.idle.takeLast();
        if (session->isLoggedIn()) {
            site.busy.append(session);
            return session;
        }
        discard(session); // dropped while idle (server timeout)
    }
    const int open = int(site.busy.size());
    if (open >= site.effectiveLimit || totalOpen() >= m_globalLimit)
        return nullptr;
    if (open > 0 && !site.loggedInOnce)
        return nullptr; // the first connection logs in alone
    RemoteSession *session = createSession(key, site);
    if (session)
        site.busy.append(session);
    return session;
}

RemoteSession *SessionPool::createSession(const SiteKey &key, Site &site)
{
    QString error;
    RemoteSession *session = createRemoteSession(site.config, this, &error);
    if (!session)
        return nullptr;
    m_siteOf.insert(session, key);
    connect(session, &RemoteSession::stateChanged, this, [this, session, key](RemoteSession::State state) {
        if (state != RemoteSession::State::Ready && state != RemoteSession::State::Busy)
            return;
        auto it = m_sites.find(key);
        if (it != m_sites.end() && !it->loggedInOnce && m_siteOf.contains(session)) {
            it->loggedInOnce = true;
            Q_EMIT capacityAvailable(); // the others may connect now
        }
    });
    connect(session, &RemoteSession::transcript, this,
            [this, key](const TranscriptLine &line) { Q_EMIT transcript(key, line); });
    connect(session, &RemoteSession::questionAsked, this, &SessionPool::questionAsked);
    return session;
}

void SessionPool::release(RemoteSession *session, bool reusable)
{
    const SiteKey key = siteOf(session);
    auto it = m_sites.find(key);
    if (it == m_sites.end())
        return;
    it->busy.removeOne(session);
    // Still "busy" while the last operation's finished() runs: logged in is what counts.
    if (reusable && session->isLoggedIn())
        it->idle.append(session);
    else
        discard(session);
    Q_EMIT capacityAvailable();
}

void SessionPool::giveBack(RemoteSession *session)
{
    auto it = m_sites.find(siteOf(session));
    if (it == m_sites.end())
        return;
    it->busy.removeOne(session);
    if (session->isLoggedIn())
        it->idle.append(session);
    else
        discard(session);
}

void SessionPool::tooManyConnections(RemoteSession *session)
{
    const SiteKey key = siteOf(session);
    auto it = m_sites.find(key);
    if (it == m_sites.end())
        return;
    it->busy.removeOne(session);
    discard(session);
    const int others = int(it->idle.size() + it->busy.size());
    const int lowered = std::max(1, others);
    if (lowered < it->effectiveLimit) {
        it->effectiveLimit = lowered;
        Q_EMIT limitLowered(key, lowered);
    }
    Q_EMIT capacityAvailable();
}

void SessionPool::discard(RemoteSession *session)
{
    m_siteOf.remove(session);
    session->disconnect(this);
    if (session->isLoggedIn()) {
        // Say goodbye; the session deletes itself once QUIT is answered (or times out).
        RemoteCall *quit = session->close();
        connect(quit, &RemoteCall::finished, session, &QObject::deleteLater);
        return;
    }
    session->abortConnection();
    session->deleteLater();
}

void SessionPool::closeIdle()
{
    for (Site &site : m_sites) {
        for (RemoteSession *session : std::as_const(site.idle))
            discard(session);
        site.idle.clear();
    }
}

} // namespace ferry
