#pragma once

#include "remote/remotesession.h"
#include "remote/sessionconfig.h"

namespace ferry {

class SftpSession;

// SFTP behind the protocol-neutral RemoteSession: an SftpSession whose calls are the
// RemoteCalls. Unlike FTP's, calls run side by side on one connection (SFTP matches
// replies by id). What only SFTP has (symlinks, mkdir -p, replacing renames, realpath)
// is on sftp().
class SftpRemoteSession final : public RemoteSession {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SftpRemoteSession)
public:
    explicit SftpRemoteSession(const SessionConfig &config, QObject *parent = nullptr);
    ~SftpRemoteSession() override;

    SftpSession *sftp() const { return m_sftp; }

    State state() const override;
    Features features() const override;
    RemoteError lastError() const override;
    bool isEncrypted() const override;
    QString securityDescription() const override;

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
    RemoteCall *close() override;
    void abortAll() override;
    void abortConnection() override;

private:
    SftpSession *m_sftp;
};

} // namespace ferry
