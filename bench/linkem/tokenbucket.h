// A token bucket: `rate` bytes per second, at most `burst` bytes at once. Rate 0 means
// unlimited. Time is passed in, so that one clock reading serves a whole event-loop turn.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace linkem {

using Clock = std::chrono::steady_clock;
using Time = Clock::time_point;
using Duration = std::chrono::nanoseconds;

class TokenBucket {
public:
    TokenBucket() = default;
    TokenBucket(double rate, Time now)
        : m_rate(rate)
        // Ten milliseconds of burst: a relay descheduled for a few milliseconds on a busy
        // machine catches up instead of losing that time, and the rate still holds within a
        // few percent over any tenth of a second.
        , m_burst(std::max(16384.0, rate * 0.010))
        , m_tokens(m_burst)
        , m_last(now)
    {
    }

    bool limited() const { return m_rate > 0; }
    double rate() const { return m_rate; }
    // The most a reader should take in one go: about a millisecond's worth.
    size_t quantum() const
    {
        return limited() ? std::clamp(static_cast<size_t>(m_rate * 0.001), size_t(1448), size_t(65536))
                         : size_t(256 * 1024);
    }

    double available(Time now)
    {
        refill(now);
        return limited() ? m_tokens : 1e18;
    }
    void take(size_t bytes)
    {
        if (limited())
            m_tokens -= static_cast<double>(bytes);
    }
    // When `bytes` will be available (now if they are).
    Time whenAvailable(size_t bytes, Time now)
    {
        const double missing = static_cast<double>(bytes) - available(now);
        if (missing <= 0)
            return now;
        return now + std::chrono::duration_cast<Duration>(std::chrono::duration<double>(missing / m_rate));
    }

private:
    void refill(Time now)
    {
        if (!limited() || now <= m_last)
            return;
        m_tokens = std::min(m_burst, m_tokens + std::chrono::duration<double>(now - m_last).count() * m_rate);
        m_last = now;
    }

    double m_rate = 0;
    double m_burst = 0;
    double m_tokens = 0;
    Time m_last{};
};

} // namespace linkem
