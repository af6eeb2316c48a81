#pragma once

#include "transfer/transferqueue.h"

#include <QEventLoop>
#include <QTimer>

namespace ferry::test {

// Starts `queue` and runs the event loop until it drains (bounded by `timeoutMs`); false
// when it did not drain in time.
inline bool runUntilDrained(TransferQueue &queue, int timeoutMs = 60000)
{
    QEventLoop loop;
    bool drained = false;
    const auto c = QObject::connect(&queue, &TransferQueue::drained, &loop, [&] {
        drained = true;
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    queue.start();
    if (!drained)
        loop.exec();
    QObject::disconnect(c);
    return drained;
}

} // namespace ferry::test
