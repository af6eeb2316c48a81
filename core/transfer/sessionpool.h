#pragma once

#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "sitekey.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace ferry {

class Question;
class RemoteSession;
class TrustDecisions;

// Logged-in sessions for the transfer queue, per site, reused job after job: no reconnect
// and no new login per file. Browsing has its own session, never one of these. Sessions are
// RemoteSessions from createRemoteSession(): the pool does not know their protocol.
//
// Limits: a site's own limit (default 4, 1..32) and a global one. The first session of a
// site connects alone; more open only once it has logged in, so a certificate question
// or a wrong password comes once, not once per connection. When the server refuses
// another connection ("421", or "530 too many users"), tooManyConnections() lowers that
// site's limit for this run instead of failing jobs. "Accept once" answers and open trust
// questions are shared by every session through one TrustDecisions (the config's, else the
// pool's own).
class SessionPool final : public QObject {
    Q_OBJECT
public:
    explicit SessionPool(QObject *parent = nullptr);
    ~SessionPool() override;

    static constexpr int DefaultLimit = 4;
    static constexpr int MaxLimit = 32;

    void setSite(const SiteKey &key, const SessionConfig &config, int limit = DefaultLimit);
    bool hasSite(const SiteKey &key) const { return m_sites.contains(key); }
    void setGlobalLimit(int limit) { m_globalLimit = qMax(1, limit); }
    int globalLimit() const { return m_globalLimit; }
    // The site's limit for this run (lowered after refusals).
    int limit(const SiteKey &key) const { return m_sites.value(key).effectiveLimit; }
    int openSessions(const SiteKey &key) const;

    // An idle logged-in session, or a new one when the limits allow; nullptr: wait for
    // capacityAvailable().
    RemoteSession *acquire(const SiteKey &key);
    // A job is done with the session: it goes back to the idle list when still usable.
    void release(RemoteSession *session, bool reusable);
    // A session acquired but not used (a copy's other site had no session free): back to
    // the idle list, or closed when new; no capacityAvailable(), nothing changed.
    void giveBack(RemoteSession *session);
    // The server refused a connection of `session`'s site: drop it and lower the limit.
    void tooManyConnections(RemoteSession *session);
    // Closes every idle session (QUIT); busy ones close when released.
    void closeIdle();

Q_SIGNALS:
    void capacityAvailable();
    void limitLowered(const ferry::SiteKey &site, int limit);
    void questionAsked(ferry::Question *question);
    void transcript(const ferry::SiteKey &site, const ferry::TranscriptLine &line);

private:
    struct Site {
        SessionConfig config;
        int limit = DefaultLimit;
        int effectiveLimit = DefaultLimit;
        bool loggedInOnce = false;
        QList<RemoteSession *> idle;
        QList<RemoteSession *> busy;
    };
    RemoteSession *createSession(const SiteKey &key, Site &site);
    void discard(RemoteSession *session);
    SiteKey siteOf(const RemoteSession *session) const { return m_siteOf.value(session); }
    int totalOpen() const;

    QHash<SiteKey, Site> m_sites;
    QHash<const RemoteSession *, SiteKey> m_siteOf;
    TrustDecisions *m_trust; // for sites whose config shares none
    int m_globalLimit = 64;
};

} // namespace ferry
