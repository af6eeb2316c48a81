#include "ratelimiter.h"

#include <algorithm>

namespace ferry {

namespace {
constexpr qint64 MinimumBurst = 4096;
constexpr int TickMs = 20;
} // namespace

RateLimiter::RateLimiter(QObject *parent)
    : QObject(parent)
{
    m_timer.setInterval(TickMs);
    connect(&m_timer, &QTimer::timeout, this, &RateLimiter::onTick);
    m_clock.start();
}

void RateLimiter::setRate(qint64 bytesPerSecond)
{
    refill();
    m_rate = std::max<qint64>(0, bytesPerSecond);
    m_tokens = std::min<double>(m_tokens, double(burst()));
    if (m_rate == 0 && m_timer.isActive()) {
        m_timer.stop();
        Q_EMIT available(); // waiters may go at full speed now
    }
}

qint64 RateLimiter::burst() const
{
    return m_rate == 0 ? 0 : std::max(MinimumBurst, m_rate / 5);
}

void RateLimiter::refill()
{
    const qint64 elapsedNs = m_clock.nsecsElapsed();
    m_clock.restart();
    if (m_rate == 0)
        return;
    m_tokens = std::min(double(burst()), m_tokens + double(m_rate) * double(elapsedNs) / 1e9);
}

qint64 RateLimiter::take(qint64 wanted)
{
    if (m_rate == 0 || wanted <= 0)
        return std::max<qint64>(0, wanted);
    refill();
    const qint64 granted = std::min(wanted, qint64(m_tokens));
    // Small grants make many tiny writes: wait for a useful amount unless little is wanted.
    const qint64 useful = std::min(wanted, std::min<qint64>(burst(), 16 * 1024));
    if (granted < useful) {
        if (!m_timer.isActive())
            m_timer.start();
        return 0;
    }
    m_tokens -= double(granted);
    return granted;
}

void RateLimiter::onTick()
{
    refill();
    if (m_rate == 0 || m_tokens >= double(std::min<qint64>(burst(), 16 * 1024))) {
        m_timer.stop();
        Q_EMIT available();
    }
}

} // namespace ferry
