#include "remotesession.h"

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

} // namespace ferry
