#include "sessionfactory.h"

#include "ftp/ftpremotesession.h"

#include <QCoreApplication>

namespace ferry {

bool isProtocolSupported(Protocol protocol, QString *error)
{
    if (protocol != Protocol::Sftp)
        return true;
    if (error)
        *error = QCoreApplication::translate("ferry::RemoteSession", "SFTP is not supported yet.");
    return false;
}

RemoteSession *createRemoteSession(const SessionConfig &config, QObject *parent, QString *error)
{
    switch (config.protocol) {
    case Protocol::Ftp:
    case Protocol::FtpsExplicit:
    case Protocol::FtpsImplicit:
        return new FtpRemoteSession(config, parent);
    case Protocol::Sftp:
        break;
    }
    if (error)
        *error = QCoreApplication::translate("ferry::RemoteSession", "SFTP is not supported yet.");
    return nullptr;
}

} // namespace ferry
