#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace ferry {

// A token bucket shared by every transfer in one direction: on average at most rate()
// bytes a second, in bursts of at most a fifth of a second's worth. Rate 0 is unlimited.
// The rate can change at any time; transfers that wait pick it up at the next refill.
//
// A transfer asks take(n) before it moves n bytes; a zero answer means "wait for
// available()". TransferOperation does this when TransferOptions::limiter is set.
class RateLimiter final : public QObject {
    Q_OBJECT
public:
    explicit RateLimiter(QObject *parent = nullptr);

    void setRate(qint64 bytesPerSecond);
    qint64 rate() const { return m_rate; }
    bool isLimited() const { return m_rate > 0; }

    // How many of `wanted` bytes may move now (all of them when unlimited).
    qint64 take(qint64 wanted);

    // Bytes a transfer may hold at once (the burst): a bound for socket read buffers.
    qint64 burst() const;

Q_SIGNALS:
    // Tokens are back after a take() came up empty.
    void available();

private:
    void refill();
    void onTick();

    qint64 m_rate = 0;
    double m_tokens = 0;
    QElapsedTimer m_clock;
    QTimer m_timer;
};

} // namespace ferry
