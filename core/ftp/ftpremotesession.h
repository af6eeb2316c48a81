#pragma once

#include "remote/remotesession.h"
#include "remote/sessionconfig.h"

namespace ferry {

class FtpSession;

// FTP and FTPS behind the protocol-neutral RemoteSession: an FtpSession whose operations
// are the calls (an FtpOperation is a RemoteCall), plus stat() and checksum() made of
// several commands. ferry-cli reaches FTP-only commands (raw, SITE, NLST modes) through
// ftp().
class FtpRemoteSession final : public RemoteSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FtpRemoteSession)
public:
    explicit FtpRemoteSession(const SessionConfig &config, QObject *parent = nullptr);
    ~FtpRemoteSession() override;

    FtpSession *ftp() const { return m_ftp; }

    State state() const override;
    Features features() const override;
    RemoteError lastError() const override;
    bool isEncrypted() const override;
    QString securityDescription() const override;
    QList<QSslCertificate> peerCertificateChain() const override;

    RemoteCall *connectToHost() override;
    RemoteCall *list(const QString &path, const ListOptions &options = {}) override;
    RemoteCall *stat(const QString &path, StatDetail detail = StatDetail::SizeAndTime) override;
    RemoteCall *resolveFolder(const QString &path) override;
    RemoteCall *mkdir(const QString &path) override;
    RemoteCall *remove(const QString &path, EntryType type) override;
    RemoteCall *rename(const QString &from, const QString &to) override;
    RemoteCall *setTime(const QString &path, const QDateTime &utc) override;
    RemoteCall *chmod(const QString &path, int mode) override;
    RemoteCall *download(const QString &remotePath, QIODevice *target,
                         const TransferOptions &options) override;
    RemoteCall *upload(QIODevice *source, const QString &remotePath, const TransferOptions &options) override;
    RemoteCall *checksum(const QString &path) override;
    ServerCopyCall *copyToServer(const QString &sourcePath, RemoteSession *target, const QString &targetPath,
                                 qint64 offset, qint64 size) override;
    RemoteCall *close() override;
    void abortAll() override;
    void abortConnection() override;

private:
    FtpSession *m_ftp;
    QString m_hashSelected; // the algorithm OPTS HASH chose on this connection
};

} // namespace ferry
