#include "retrypolicy.h"

#include <QtGlobal>

namespace ferry {

int RetryPolicy::delayFor(int attempt) const
{
    const qint64 delay = qint64(baseDelayMs) << qBound(0, attempt - 1, 10);
    return int(qMin<qint64>(maxDelayMs, delay));
}

RetryPolicy::Decision RetryPolicy::decide(const RemoteError &error, int attempts, bool failedAtLogin,
                                          bool tooMany, int othersOpen) const
{
    // "Too many connections" with other connections open: it runs on one of those.
    if (tooMany && othersOpen > 0)
        return {Action::Requeue, 0};
    // A refused login or certificate: every job of the site would meet it again.
    if (failedAtLogin && (error.kind() == RemoteError::Kind::Auth || error.kind() == RemoteError::Kind::Tls))
        return {Action::FailSite, 0};
    // Drops, timeouts and 4xx replies are worth another try; 5xx replies are final.
    if ((error.isTransient() || tooMany) && attempts < maxRetries)
        return {Action::Retry, delayFor(attempts + 1)};
    return {Action::Fail, 0};
}

bool RetryPolicy::isTooManyConnections(const RemoteError &error)
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

} // namespace ferry
