#include "servercopycall.h"

namespace ferry {

ServerCopyCall::ServerCopyCall(QObject *parent)
    : RemoteCall(parent)
{
}

void ServerCopyCall::cancelRequested()
{
    finish(RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled.")));
}

ServerCopyCall *ServerCopyCall::failed(const RemoteError &error, bool refused, QObject *parent)
{
    auto *call = new ServerCopyCall(parent);
    call->m_refused = refused;
    QMetaObject::invokeMethod(
        call, [call, error] { call->finish(error); }, Qt::QueuedConnection);
    return call;
}

} // namespace ferry
