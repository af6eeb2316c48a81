#include "ftpremotesession.h"

#include "commandoperation.h"
#include "ftpsession.h"
#include "fxpcopy.h"
#include "listoperation.h"
#include "logonoperation.h"
#include "remote/certificaterequest.h"
#include "remote/chaincall.h"
#include "transfer/checksum.h"
#include "transferoperation.h"

#include <QMetaMethod>
#include <QRegularExpression>

namespace ferry {

FtpRemoteSession::FtpRemoteSession(const SessionConfig &config, QObject *parent)
    : RemoteSession(parent)
    , m_ftp(new FtpSession(config, this))
{
    // The states are the same list in the same order.
    static_assert(int(State::Closing) == int(FtpSession::State::Closing));
    connect(m_ftp, &FtpSession::stateChanged, this, [this](FtpSession::State state) {
        if (state == FtpSession::State::Disconnected)
            m_hashSelected.clear();
        Q_EMIT stateChanged(State(int(state)));
    });
    connect(m_ftp, &FtpSession::errorOccurred, this, &RemoteSession::errorOccurred);
    connect(m_ftp, &FtpSession::transcript, this, &RemoteSession::transcript);
    connect(m_ftp, &FtpSession::certificateCheckRequired, this, [this](CertificateRequest *request) {
        if (isSignalConnected(QMetaMethod::fromSignal(&RemoteSession::questionAsked)))
            Q_EMIT questionAsked(request);
        else
            request->decline();
    });
}

FtpRemoteSession::~FtpRemoteSession() = default;

RemoteSession::State FtpRemoteSession::state() const
{
    return State(int(m_ftp->state()));
}

RemoteSession::Features FtpRemoteSession::features() const
{
    // SITE CHMOD and setting times (MFMT, or vsftpd's MDTM with a time) are tried on every
    // server; a refusal is that call's error. REST is tried for resuming likewise.
    Features features = Feature::SetTime | Feature::Chmod | Feature::Resume;
    if (ChecksumMethod::choose(m_ftp->capabilities()))
        features |= Feature::Checksums;
    if (m_ftp->capabilities().has(QStringLiteral("MDTM")))
        features |= Feature::FileTimes;
    // FXP: plain data connections, or TLS ones where the server can take the TLS client's
    // part (SSCN, or CPSV). Whether the server lets another server connect only a try tells.
    if (!m_ftp->isDataProtected() || m_ftp->capabilities().has(QStringLiteral("SSCN")) ||
        m_ftp->capabilities().has(QStringLiteral("CPSV")))
        features |= Feature::ServerToServer;
    return features;
}

ServerCopyCall *FtpRemoteSession::copyToServer(const QString &sourcePath, RemoteSession *target,
                                               const QString &targetPath, qint64 offset, qint64 size)
{
    using TlsRole = FxpSideOperation::TlsRole;
    auto *other = qobject_cast<FtpRemoteSession *>(target);
    if (!other || !isLoggedIn() || !other->isLoggedIn())
        return ServerCopyCall::failed(
            RemoteError(RemoteError::Kind::InvalidArgument,
                        tr("A server-to-server copy needs two logged-in FTP connections.")),
            true, this);
    const Capabilities &sourceCaps = m_ftp->capabilities();
    const Capabilities &targetCaps = other->ftp()->capabilities();
    const bool sourceTls = m_ftp->isDataProtected();
    const bool targetTls = other->ftp()->isDataProtected();
    auto refuse = [this](const QString &why) {
        return ServerCopyCall::failed(RemoteError(RemoteError::Kind::Server, why), true, this);
    };
    if (sourceTls != targetTls)
        return refuse(tr("One server protects data connections with TLS and the other does not."));
    FxpCopy::Side source{m_ftp, sourcePath, TlsRole::None};
    FxpCopy::Side destination{other->ftp(), targetPath, TlsRole::None};
    if (sourceTls) {
        // Both servers are TLS servers by default: one must play the client (draft-fordh:
        // CPSV on the listening side, or SSCN ON on either); else no FXP over TLS.
        if (sourceCaps.has(QStringLiteral("CPSV")))
            source.tls = TlsRole::Cpsv;
        else if (targetCaps.has(QStringLiteral("SSCN")))
            destination.tls = TlsRole::SscnClient;
        else if (sourceCaps.has(QStringLiteral("SSCN")))
            source.tls = TlsRole::SscnClient;
        else
            return refuse(
                tr("A server-to-server copy over TLS needs SSCN or CPSV, which neither server offers."));
    }
    return new FxpCopy(source, destination, offset, size, this);
}

RemoteError FtpRemoteSession::lastError() const
{
    return m_ftp->lastError();
}

bool FtpRemoteSession::isEncrypted() const
{
    return m_ftp->isEncrypted();
}

QString FtpRemoteSession::securityDescription() const
{
    return m_ftp->tlsDescription();
}

QList<QSslCertificate> FtpRemoteSession::peerCertificateChain() const
{
    return m_ftp->peerCertificateChain();
}

RemoteCall *FtpRemoteSession::connectToHost()
{
    return m_ftp->connectToHost();
}

RemoteCall *FtpRemoteSession::list(const QString &path, const ListOptions &options)
{
    ListOperation *op = m_ftp->list(path, options.mode);
    op->setKeepUnsafeNames(options.keepUnsafeNames);
    op->setBatchesOnly(options.batchesOnly);
    return op;
}

// SIZE and/or MDTM: the two commands every server answers for a file. With SizeAndTime a
// failed MDTM leaves the time unknown; a failed SIZE (or MDTM alone) fails the call.
RemoteCall *FtpRemoteSession::stat(const QString &path, StatDetail detail)
{
    auto *chain = new ChainCall(this);
    chain->resultEntry().name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    const auto askTime = [this, chain, path](bool optional) {
        chain->then(m_ftp->modificationTime(path), [chain, optional](RemoteCall *mdtm) {
            if (!mdtm->succeeded() && (!optional || mdtm->error().kind() == RemoteError::Kind::Cancelled)) {
                chain->complete(mdtm->error());
                return;
            }
            const QDateTime time =
                mdtm->succeeded() ? static_cast<CommandOperation *>(mdtm)->timeResult() : QDateTime();
            if (time.isValid()) {
                DirEntry &entry = chain->resultEntry();
                entry.date = time.date();
                entry.time = time.time();
                entry.timePrecision = DirEntry::TimePrecision::Second;
                entry.timeIsUtc = true;
            }
            chain->complete();
        });
    };
    if (detail == StatDetail::Time) {
        askTime(false);
        return chain;
    }
    chain->then(m_ftp->size(path), [chain, detail, askTime](RemoteCall *step) {
        if (!step->succeeded()) {
            chain->complete(step->error());
            return;
        }
        chain->resultEntry().size = static_cast<CommandOperation *>(step)->sizeResult();
        if (detail == StatDetail::Size)
            chain->complete();
        else
            askTime(true);
    });
    return chain;
}

// CWD (a folder, or a link to one, can be entered), PWD (its real path: servers resolve
// links there), and MLST for its unique fact where the server offers MLST.
RemoteCall *FtpRemoteSession::resolveFolder(const QString &path)
{
    auto *chain = new ChainCall(this);
    DirEntry &entry = chain->resultEntry();
    entry.name = path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
    entry.isDir = true;
    chain->then(m_ftp->changeDirectory(path), [this, chain, path](RemoteCall *cwd) {
        if (!cwd->succeeded()) {
            chain->complete(cwd->error());
            return;
        }
        chain->then(m_ftp->printWorkingDirectory(), [this, chain, path](RemoteCall *pwd) {
            if (pwd->error().kind() == RemoteError::Kind::Cancelled || pwd->error().isTransient()) {
                chain->complete(pwd->error());
                return;
            }
            // A server that says nothing useful: the path as asked.
            const QString real = pwd->succeeded() ? static_cast<CommandOperation *>(pwd)->path() : QString();
            chain->setResultText(real.isEmpty() ? path : real);
            if (!m_ftp->capabilities().hasMlsd()) {
                chain->complete();
                return;
            }
            chain->then(m_ftp->raw(QStringLiteral("MLST ") + path), [chain](RemoteCall *mlst) {
                static const QRegularExpression unique(QStringLiteral("(?:^|[ ;])unique=([^;\\s]+);"),
                                                       QRegularExpression::CaseInsensitiveOption);
                const QRegularExpressionMatch match = unique.match(mlst->text());
                if (mlst->succeeded() && match.hasMatch())
                    chain->resultEntry().unique = match.captured(1).toUtf8();
                if (mlst->error().kind() == RemoteError::Kind::Cancelled || mlst->error().isTransient())
                    chain->complete(mlst->error());
                else
                    chain->complete();
            });
        });
    });
    return chain;
}

RemoteCall *FtpRemoteSession::mkdir(const QString &path)
{
    return m_ftp->makeDirectory(path);
}

RemoteCall *FtpRemoteSession::remove(const QString &path, EntryType type)
{
    return type == EntryType::Folder ? m_ftp->removeDirectory(path) : m_ftp->removeFile(path);
}

RemoteCall *FtpRemoteSession::rename(const QString &from, const QString &to)
{
    return m_ftp->rename(from, to);
}

RemoteCall *FtpRemoteSession::setTime(const QString &path, const QDateTime &utc)
{
    return m_ftp->setModificationTime(path, utc);
}

RemoteCall *FtpRemoteSession::chmod(const QString &path, int mode)
{
    return m_ftp->chmod(QString::number(mode & 07777, 8), path);
}

RemoteCall *FtpRemoteSession::download(const QString &remotePath, QIODevice *target,
                                       const TransferOptions &options)
{
    return m_ftp->download(remotePath, target, options);
}

RemoteCall *FtpRemoteSession::upload(QIODevice *source, const QString &remotePath,
                                     const TransferOptions &options)
{
    return m_ftp->upload(source, remotePath, options);
}

// HASH (after OPTS HASH picks the algorithm, once per connection) or XSHA256/XSHA1/XMD5/
// XCRC: the strongest the server offers.
RemoteCall *FtpRemoteSession::checksum(const QString &path)
{
    auto *chain = new ChainCall(this);
    const std::optional<ChecksumMethod> method = ChecksumMethod::choose(m_ftp->capabilities());
    if (!method) {
        QMetaObject::invokeMethod(
            chain,
            [chain] {
                chain->complete(
                    RemoteError(RemoteError::Kind::Server, tr("The server offers no checksum command.")));
            },
            Qt::QueuedConnection);
        return chain;
    }
    const auto ask = [this, chain, method, path] {
        chain->then(m_ftp->raw(method->command + QLatin1Char(' ') + path), [chain, method](RemoteCall *op) {
            if (!op->succeeded()) {
                chain->complete(op->error());
                return;
            }
            const QByteArray digest =
                ChecksumMethod::digestFromReply(method->command, method->algorithm, op->text());
            if (digest.isEmpty()) {
                chain->complete(
                    RemoteError(RemoteError::Kind::Protocol,
                                tr("The server's reply to %1 holds no checksum.").arg(method->command)));
                return;
            }
            chain->setResultText(ChecksumMethod::algorithmName(method->algorithm) + QLatin1Char(':') +
                                 QString::fromLatin1(digest));
            chain->complete();
        });
    };
    if (method->optsName.isEmpty() || m_hashSelected == method->optsName) {
        ask();
        return chain;
    }
    chain->then(m_ftp->raw(QStringLiteral("OPTS HASH ") + method->optsName),
                [this, chain, method, ask](RemoteCall *op) {
                    if (op->error().kind() == RemoteError::Kind::Cancelled) {
                        chain->complete(op->error());
                        return;
                    }
                    if (op->succeeded())
                        m_hashSelected = method->optsName;
                    ask();
                });
    return chain;
}

RemoteCall *FtpRemoteSession::close()
{
    return m_ftp->quit();
}

void FtpRemoteSession::abortAll()
{
    m_ftp->abortAll();
}

void FtpRemoteSession::abortConnection()
{
    m_ftp->abortConnection();
}

} // namespace ferry
