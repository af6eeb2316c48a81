#include "chaincall.h"

namespace ferry {

ChainCall::ChainCall(QObject *parent)
    : RemoteCall(parent)
{
}

void ChainCall::then(RemoteCall *step, std::function<void(RemoteCall *)> handler)
{
    m_step = step;
    connect(step, &RemoteCall::finished, this, [this, step, handler = std::move(handler)] {
        m_step = nullptr;
        if (!isFinished())
            handler(step);
    });
}

void ChainCall::cancelRequested()
{
    if (m_step)
        m_step->cancel(); // its handler sees the cancellation and completes the chain
    else
        finish(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

} // namespace ferry
