#include "sftpremotesession.h"

#include "remote/chaincall.h"
#include "sftpsession.h"

#include <QMetaMethod>

namespace ferry {

namespace {

// A call that fails at once (queued, like every call's end): what SFTP cannot do.
RemoteCall *refused(QObject *parent, const QString &why)
{
    auto *chain = new ChainCall(parent);
    QMetaObject::invokeMethod(
        chain, [chain, why] { chain->complete(RemoteError(RemoteError::Kind::Server, why)); },
        Qt::QueuedConnection);
    return chain;
}

} // namespace

SftpRemoteSession::SftpRemoteSession(const SessionConfig &config, QObject *parent)
    : RemoteSession(parent)
    , m_sftp(new SftpSession(config, this))
{
    connect(m_sftp, &SftpSession::stateChanged, this, [this] { Q_EMIT stateChanged(state()); });
    connect(m_sftp, &SftpSession::errorOccurred, this, &RemoteSession::errorOccurred);
    connect(m_sftp, &SftpSession::transcript, this, &RemoteSession::transcript);
    connect(m_sftp, &SftpSession::questionAsked, this, [this](Question *question) {
        if (isSignalConnected(QMetaMethod::fromSignal(&RemoteSession::questionAsked)))
            Q_EMIT questionAsked(question);
        else
            question->decline();
    });
}

SftpRemoteSession::~SftpRemoteSession() = default;

RemoteSession::State SftpRemoteSession::state() const
{
    switch (m_sftp->state()) {
    case SftpSession::State::Disconnected:
        return State::Disconnected;
    case SftpSession::State::Connecting:
        return State::Connecting;
    case SftpSession::State::Authenticating:
        return State::LoggingIn;
    case SftpSession::State::Ready:
        break;
    }
    return State::Ready;
}

RemoteSession::Features SftpRemoteSession::features() const
{
    // STAT tells times to the second and SETSTAT sets times and modes; READ and WRITE take
    // any offset. SFTP v3 has no hashes (OpenSSH offers none) and no server-to-server
    // transfers.
    return Feature::FileTimes | Feature::SetTime | Feature::Chmod | Feature::Resume;
}

RemoteError SftpRemoteSession::lastError() const
{
    return m_sftp->lastError();
}

bool SftpRemoteSession::isEncrypted() const
{
    return m_sftp->isLoggedIn();
}

QString SftpRemoteSession::securityDescription() const
{
    return m_sftp->securityDescription();
}

RemoteCall *SftpRemoteSession::connectToHost()
{
    return m_sftp->connectToHost();
}

RemoteCall *SftpRemoteSession::list(const QString &path, const ListOptions &options)
{
    // SFTP has one way to list (READDIR): ListOptions::mode does not apply.
    return m_sftp->list(path, true, options.keepUnsafeNames);
}

RemoteCall *SftpRemoteSession::stat(const QString &path, StatDetail)
{
    return m_sftp->stat(path); // size and time come together
}

// STAT (links followed: a link to a folder is a folder one can enter), then REALPATH for
// the folder's real path. SFTP v3 attributes carry no identity (no inode), so
// entry().unique stays empty and the real path alone names the folder.
RemoteCall *SftpRemoteSession::resolveFolder(const QString &path)
{
    auto *chain = new ChainCall(this);
    chain->then(m_sftp->stat(path), [this, chain, path](RemoteCall *stat) {
        if (!stat->succeeded()) {
            chain->complete(stat->error());
            return;
        }
        if (!stat->entry().isDir) {
            chain->complete(RemoteError(RemoteError::Kind::NotFound, tr("%1 is not a folder.").arg(path)));
            return;
        }
        chain->resultEntry() = stat->entry();
        chain->then(m_sftp->realPath(path), [chain, path](RemoteCall *real) {
            if (!real->succeeded()) {
                chain->complete(real->error());
                return;
            }
            const QString text = real->text().isEmpty() ? path : real->text();
            chain->setResultText(text);
            chain->resultEntry().name = text.mid(text.lastIndexOf(QLatin1Char('/')) + 1);
            chain->complete();
        });
    });
    return chain;
}

RemoteCall *SftpRemoteSession::mkdir(const QString &path)
{
    return m_sftp->makeDirectory(path);
}

RemoteCall *SftpRemoteSession::remove(const QString &path, EntryType type)
{
    return type == EntryType::Folder ? m_sftp->removeDirectory(path) : m_sftp->removeFile(path);
}

RemoteCall *SftpRemoteSession::rename(const QString &from, const QString &to)
{
    // As FTP's RNFR/RNTO does on Unix servers: an existing target is replaced
    // (posix-rename@openssh.com; plain RENAME, which refuses, when the server lacks it).
    return m_sftp->rename(from, to, true);
}

RemoteCall *SftpRemoteSession::setTime(const QString &path, const QDateTime &utc)
{
    return m_sftp->setModificationTime(path, utc);
}

RemoteCall *SftpRemoteSession::chmod(const QString &path, int mode)
{
    return m_sftp->chmod(path, quint32(mode));
}

RemoteCall *SftpRemoteSession::download(const QString &remotePath, QIODevice *target,
                                        const TransferOptions &options)
{
    // SFTP has no text mode: every file moves as it is (TransferType::Ascii is binary here).
    return m_sftp->download(remotePath, target, options.offset, options.limiter);
}

RemoteCall *SftpRemoteSession::upload(QIODevice *source, const QString &remotePath,
                                      const TransferOptions &options)
{
    switch (options.uploadMode) {
    case TransferOptions::UploadMode::Store:
        return m_sftp->upload(source, remotePath, options.offset, options.limiter);
    case TransferOptions::UploadMode::Append:
        return m_sftp->upload(source, remotePath, SftpSession::AppendOffset, options.limiter);
    case TransferOptions::UploadMode::Unique:
        break;
    }
    return refused(this, tr("SFTP cannot let the server choose a unique name."));
}

RemoteCall *SftpRemoteSession::checksum(const QString &)
{
    return refused(this, tr("SFTP servers offer no checksum."));
}

RemoteCall *SftpRemoteSession::close()
{
    return m_sftp->close();
}

void SftpRemoteSession::abortAll()
{
    m_sftp->abortAll();
}

void SftpRemoteSession::abortConnection()
{
    m_sftp->disconnectFromHost();
}

} // namespace ferry
