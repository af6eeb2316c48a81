#pragma once

#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

namespace ferry {

class CertificateRequest;
class FtpSession;

// Logged-in sessions for the transfer queue, per site, reused job after job: no reconnect
// and no new login per file. Browsing has its own session, never one of these.
//
// Limits: a site's own limit (default 4, 1..32) and a global one. The first session of a
// site connects alone; more open only once it has logged in, so a certificate question
// or a wrong password comes once, not once per connection. When the server refuses
// another connection ("421", or "530 too many users"), tooManyConnections() lowers that
// site's limit for this run instead of failing jobs.
class SessionPool final : public QObject {
    Q_OBJECT
public:
    explicit SessionPool(QObject *parent = nullptr);
    ~SessionPool() override;

    static constexpr int DefaultLimit = 4;
    static constexpr int MaxLimit = 32;

    void setSite(const QString &key, const SessionConfig &config, int limit = DefaultLimit);
    bool hasSite(const QString &key) const { return m_sites.contains(key); }
    void setGlobalLimit(int limit) { m_globalLimit = qMax(1, limit); }
    int globalLimit() const { return m_globalLimit; }
    // The site's limit for this run (lowered after refusals).
    int limit(const QString &key) const { return m_sites.value(key).effectiveLimit; }
    int openSessions(const QString &key) const;

    // An idle logged-in session, or a new one when the limits allow; nullptr: wait for
    // capacityAvailable().
    FtpSession *acquire(const QString &key);
    // A job is done with the session: it goes back to the idle list when still usable.
    void release(FtpSession *session, bool reusable);
    // The server refused a connection of `session`'s site: drop it and lower the limit.
    void tooManyConnections(FtpSession *session);
    // True when the error is the server saying it has too many connections or users.
    static bool isTooManyConnections(const RemoteError &error);
    // Closes every idle session (QUIT); busy ones close when released.
    void closeIdle();

Q_SIGNALS:
    void capacityAvailable();
    void limitLowered(const QString &site, int limit);
    void certificateCheckRequired(ferry::CertificateRequest *request);
    void transcript(const QString &site, const ferry::TranscriptLine &line);

private:
    struct Site {
        SessionConfig config;
        int limit = DefaultLimit;
        int effectiveLimit = DefaultLimit;
        bool loggedInOnce = false;
        QByteArray acceptedOnce; // a certificate the user accepted once, for this run
        QList<FtpSession *> idle;
        QList<FtpSession *> busy;
    };
    FtpSession *createSession(const QString &key, Site &site);
    void discard(FtpSession *session);
    QString siteOf(const FtpSession *session) const { return m_siteOf.value(session); }
    int totalOpen() const;

    QHash<QString, Site> m_sites;
    QHash<const FtpSession *, QString> m_siteOf;
    int m_globalLimit = 64;
};

} // namespace ferry
