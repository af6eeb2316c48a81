#include "remotesession.h"

#include "servercopycall.h"

namespace ferry {

RemoteSession::RemoteSession(QObject *parent)
    : QObject(parent)
{
}

RemoteSession::~RemoteSession() = default;

QList<QSslCertificate> RemoteSession::peerCertificateChain() const
{
    return {};
}

ServerCopyCall *RemoteSession::copyToServer(const QString &, RemoteSession *, const QString &, qint64, qint64)
{
    return ServerCopyCall::failed(RemoteError(RemoteError::Kind::InvalidArgument,
                                              tr("This connection cannot copy straight to another server.")),
                                  true, this);
}

} // namespace ferry
