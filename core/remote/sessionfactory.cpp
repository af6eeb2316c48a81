#include "sessionfactory.h"

#include "ftp/ftpremotesession.h"
#include "sftp/sftpremotesession.h"

#include <QCoreApplication>

namespace ferry {

bool isProtocolSupported(Protocol, QString *)
{
    return true; // every Protocol has a back end (FTP/FTPS: FtpRemoteSession; SFTP: SftpRemoteSession)
}

RemoteSession *createRemoteSession(const SessionConfig &config, QObject *parent, QString *error)
{
    switch (config.protocol) {
    case Protocol::Ftp:
    case Protocol::FtpsExplicit:
    case Protocol::FtpsImplicit:
        return new FtpRemoteSession(config, parent);
    case Protocol::Sftp:
        return new SftpRemoteSession(config, parent);
    }
    if (error)
        *error = QCoreApplication::translate("ferry::RemoteSession", "Unknown protocol.");
    return nullptr;
}

} // namespace ferry
