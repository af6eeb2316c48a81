#include "sessionfactory.h"

#include "ftp/ftpremotesession.h"

#include <QCoreApplication>

namespace ferry {

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
