#include "sessionpool.h"

#include "ftp/commandoperation.h"
#include "ftp/ftpreply.h"
#include "ftp/ftpsession.h"
#include "remote/certificaterequest.h"

#include <algorithm>

namespace ferry {

SessionPool::SessionPool(QObject *parent)
    : QObject(parent)
{
}

SessionPool::~SessionPool()
{
    for (Site &site : m_sites) {
        qDeleteAll(site.idle);
        qDeleteAll(site.busy);
    }
}

void SessionPool::setSite(const QString &key, const SessionConfig &config, int limit)
{
    Site &site = m_sites[key];
    site.config = config;
    // Queue sessions move file after file: each opens the next data connection while the
    // last transfer is being finished (see FtpSession::operationFinishing).
    site.config.prefetchDataConnection = true;
    site.limit = std::clamp(limit, 1, MaxLimit);
    site.effectiveLimit = site.limit;
    // New settings (a new password, say): sessions made with the old ones go.
    for (FtpSession *session : std::as_const(site.idle))
        discard(session);
    site.idle.clear();
    site.loggedInOnce = false;
    Q_EMIT capacityAvailable();
}

int SessionPool::openSessions(const QString &key) const
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

FtpSession *SessionPool::acquire(const QString &key)
{
    const auto it = m_sites.find(key);
    if (it == m_sites.end())
        return nullptr;
    Site &site = *it;
    while (!site.idle.isEmpty()) {
        FtpSession *session = site.idle.takeLast();
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
    FtpSession *session = createSession(key, site);
    site.busy.append(session);
    return session;
}

FtpSession *SessionPool::createSession(const QString &key, Site &site)
{
    auto *session = new FtpSession(site.config, this);
    m_siteOf.insert(session, key);
    connect(session, &FtpSession::stateChanged, this, [this, session, key](FtpSession::State state) {
        if (state != FtpSession::State::Ready && state != FtpSession::State::Busy)
            return;
        auto it = m_sites.find(key);
        if (it != m_sites.end() && !it->loggedInOnce && m_siteOf.contains(session)) {
            it->loggedInOnce = true;
            Q_EMIT capacityAvailable(); // the others may connect now
        }
    });
    connect(session, &FtpSession::transcript, this,
            [this, key](const TranscriptLine &line) { Q_EMIT transcript(key, line); });
    connect(session, &FtpSession::certificateCheckRequired, this, [this, key](CertificateRequest *request) {
        auto it = m_sites.find(key);
        if (it != m_sites.end() && !it->acceptedOnce.isEmpty() &&
            it->acceptedOnce == request->fingerprint()) {
            request->answer(CertificateRequest::Answer::AcceptOnce);
            return;
        }
        connect(request, &CertificateRequest::answered, this,
                [this, key, fingerprint = request->fingerprint()](CertificateRequest::Answer answer) {
                    auto found = m_sites.find(key);
                    if (found != m_sites.end() && answer == CertificateRequest::Answer::AcceptOnce)
                        found->acceptedOnce = fingerprint;
                });
        Q_EMIT certificateCheckRequired(request);
    });
    return session;
}

void SessionPool::release(FtpSession *session, bool reusable)
{
    const QString key = siteOf(session);
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

void SessionPool::tooManyConnections(FtpSession *session)
{
    const QString key = siteOf(session);
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

bool SessionPool::isTooManyConnections(const RemoteError &error)
{
    const int code = error.replyCode();
    if (code == 421)
        return true;
    if (code != 530)
        return false;
    const QString text = error.replyText().toLower();
    static const char *const phrases[] = {"too many",         "maximum number", "max number",
                                          "connection limit", "limit reached",  "try later",
                                          "try again later"};
    for (const char *phrase : phrases) {
        if (text.contains(QLatin1String(phrase)))
            return true;
    }
    return false;
}

void SessionPool::discard(FtpSession *session)
{
    m_siteOf.remove(session);
    session->disconnect(this);
    if (session->isLoggedIn()) {
        // Say goodbye; the session deletes itself once QUIT is answered (or times out).
        CommandOperation *quit = session->quit();
        connect(quit, &FtpOperation::finished, session, &QObject::deleteLater);
        return;
    }
    session->abortConnection();
    session->deleteLater();
}

void SessionPool::closeIdle()
{
    for (Site &site : m_sites) {
        for (FtpSession *session : std::as_const(site.idle))
            discard(session);
        site.idle.clear();
    }
}

} // namespace ferry
