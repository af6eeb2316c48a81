#include "remotecall.h"

namespace ferry {

RemoteCall::RemoteCall(QObject *parent)
    : QObject(parent)
{
}

RemoteCall::~RemoteCall() = default;

void RemoteCall::cancel()
{
    if (!m_finished)
        cancelRequested();
}

void RemoteCall::finish(const RemoteError &error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    aboutToFinish();
    Q_EMIT finished();
    didFinish();
}

} // namespace ferry
