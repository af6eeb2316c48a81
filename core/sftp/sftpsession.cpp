#include "sftpsession.h"

#include "sftpworker.h"
#include "socketguard.h"
#include "sshlogon.h"

#include <QMetaMethod>
#include <QThread>

namespace ferry {

namespace {

// How long destroying a session waits for its thread. The socket is shut down first, so
// libssh returns at once; only a name lookup in progress can take longer.
constexpr int ThreadStopWaitMs = 3000;

} // namespace

SftpSession::SftpSession(const SftpConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    qRegisterMetaType<HostKey>();
    qRegisterMetaType<KnownHosts::Result>();
    qRegisterMetaType<SecretRequest::Details>();
    qRegisterMetaType<SftpRequest>();
    qRegisterMetaType<SftpResult>();
    qRegisterMetaType<FtpError>();
    qRegisterMetaType<TranscriptLine>();

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("sftp %1").arg(config.host));
    m_worker = new SftpWorker(config);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SftpWorker::transcript, this, &SftpSession::transcript);
    connect(m_worker, &SftpWorker::hostKeyQuestion, this, &SftpSession::onHostKeyQuestion);
    connect(m_worker, &SftpWorker::hostKeyAcceptedOnce, this,
            [this](const QByteArray &fingerprint) { m_acceptedOnce = fingerprint; });
    connect(m_worker, &SftpWorker::secretQuestion, this, &SftpSession::onSecretQuestion);
    connect(m_worker, &SftpWorker::authenticating, this, [this] {
        if (m_state == State::Connecting)
            setState(State::Authenticating);
    });
    connect(m_worker, &SftpWorker::loggedIn, this, &SftpSession::onLoggedIn);
    connect(m_worker, &SftpWorker::disconnected, this, &SftpSession::onDisconnected);
    connect(m_worker, &SftpWorker::finished, this, &SftpSession::onWorkerFinished);
    connect(m_worker, &SftpWorker::opened, this, [this](quint64 id, qint64 size) {
        if (SftpCall *call = m_calls.value(id))
            call->workerOpened(size);
    });
    connect(m_worker, &SftpWorker::data, this, [this](quint64 id, const QByteArray &bytes) {
        if (SftpCall *call = m_calls.value(id))
            call->workerData(bytes);
    });
    connect(m_worker, &SftpWorker::acknowledged, this, [this](quint64 id, qint64 bytes) {
        if (SftpCall *call = m_calls.value(id))
            call->workerAcknowledged(bytes);
    });
    m_thread->start();
}

SftpSession::~SftpSession()
{
    m_worker->disconnect(this);
    m_calls.clear();
    if (m_guard)
        m_guard->abort();
    m_thread->quit();
    if (m_thread->wait(ThreadStopWaitMs)) {
        delete m_thread;
    } else {
        // A name lookup that will not end: the thread cleans up after itself.
        connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    }
}

void SftpSession::toWorker(std::function<void(SftpWorker *)> fn)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, fn = std::move(fn)] { fn(worker); }, Qt::QueuedConnection);
}

void SftpSession::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

QString SftpSession::resolvePath(const QString &path) const
{
    return resolveHomePath(path, m_home);
}

void SftpSession::ensureConnected()
{
    if (m_state != State::Disconnected)
        return;
    m_guard = std::make_shared<SocketGuard>();
    setState(State::Connecting);
    toWorker(
        [guard = m_guard, once = m_acceptedOnce](SftpWorker *worker) { worker->connectToHost(guard, once); });
}

SftpCall *SftpSession::connectToHost()
{
    auto *call = new SftpCall(this, m_nextId++, {});
    if (m_state == State::Ready) {
        QMetaObject::invokeMethod(
            call, [call] { call->complete({}); }, Qt::QueuedConnection);
        return call;
    }
    m_connectCalls.append(call);
    ensureConnected();
    return call;
}

SftpCall *SftpSession::newCall(SftpRequest request)
{
    return submit(new SftpCall(this, m_nextId++, std::move(request)));
}

SftpCall *SftpSession::submit(SftpCall *call)
{
    m_calls.insert(call->id(), call);
    ensureConnected();
    toWorker(
        [id = call->id(), request = call->request()](SftpWorker *worker) { worker->submit(id, request); });
    return call;
}

SftpCall *SftpSession::list(const QString &path, bool followLinks)
{
    return newCall({.kind = SftpRequest::Kind::List, .path = path, .followLinks = followLinks});
}

SftpCall *SftpSession::stat(const QString &path, bool followLinks)
{
    return newCall({.kind = SftpRequest::Kind::Stat, .path = path, .followLinks = followLinks});
}

SftpCall *SftpSession::makeDirectory(const QString &path, bool parents)
{
    return newCall({.kind = SftpRequest::Kind::MakeDirectory, .path = path, .parents = parents});
}

SftpCall *SftpSession::removeFile(const QString &path)
{
    return newCall({.kind = SftpRequest::Kind::RemoveFile, .path = path});
}

SftpCall *SftpSession::removeDirectory(const QString &path)
{
    return newCall({.kind = SftpRequest::Kind::RemoveDirectory, .path = path});
}

SftpCall *SftpSession::rename(const QString &from, const QString &to, bool overwrite)
{
    return newCall({.kind = SftpRequest::Kind::Rename, .path = from, .target = to, .overwrite = overwrite});
}

SftpCall *SftpSession::setModificationTime(const QString &path, const QDateTime &utc)
{
    return newCall({.kind = SftpRequest::Kind::SetTime, .path = path, .time = utc});
}

SftpCall *SftpSession::chmod(const QString &path, quint32 mode)
{
    return newCall({.kind = SftpRequest::Kind::Chmod, .path = path, .mode = mode});
}

SftpCall *SftpSession::readLink(const QString &path)
{
    return newCall({.kind = SftpRequest::Kind::ReadLink, .path = path});
}

SftpCall *SftpSession::createSymlink(const QString &linkPath, const QString &target)
{
    return newCall({.kind = SftpRequest::Kind::Symlink, .path = linkPath, .target = target});
}

SftpCall *SftpSession::realPath(const QString &path)
{
    return newCall({.kind = SftpRequest::Kind::RealPath, .path = path});
}

SftpTransfer *SftpSession::transfer(SftpTransfer::Direction direction, const QString &remotePath,
                                    QIODevice *device, const SftpTransferOptions &options)
{
    const auto kind = direction == SftpTransfer::Direction::Download ? SftpRequest::Kind::Download
                                                                     : SftpRequest::Kind::Upload;
    auto *call =
        new SftpTransfer(this, m_nextId++, {.kind = kind, .path = remotePath, .offset = options.offset},
                         direction, device, options);
    submit(call);
    if (direction == SftpTransfer::Direction::Download)
        call->grantAllowed(); // room for the first READs, ready when the file is open
    return call;
}

SftpTransfer *SftpSession::download(const QString &remotePath, QIODevice *target,
                                    const SftpTransferOptions &options)
{
    return transfer(SftpTransfer::Direction::Download, remotePath, target, options);
}

SftpTransfer *SftpSession::upload(QIODevice *source, const QString &remotePath,
                                  const SftpTransferOptions &options)
{
    return transfer(SftpTransfer::Direction::Upload, remotePath, source, options);
}

void SftpSession::disconnectFromHost()
{
    if (m_state == State::Disconnected)
        return;
    if (m_guard)
        m_guard->abort();
    toWorker([](SftpWorker *worker) { worker->disconnectFromHost(); });
}

void SftpSession::onHostKeyQuestion(const HostKey &key, const KnownHosts::Result &known)
{
    auto *request = new HostKeyRequest(m_config.host, m_config.port, key, known, this);
    m_hostKeyRequest = request;
    connect(request, &HostKeyRequest::answered, this, [this, request](HostKeyRequest::Answer answer) {
        toWorker([answer](SftpWorker *worker) { worker->answerHostKey(answer); });
        request->deleteLater();
    });
    if (!isSignalConnected(QMetaMethod::fromSignal(&SftpSession::hostKeyCheckRequired))) {
        Q_EMIT transcript({TranscriptLine::Kind::Error,
                           tr("The host key is not trusted and nobody can be asked: rejected")});
        request->answer(HostKeyRequest::Answer::Reject);
        return;
    }
    Q_EMIT hostKeyCheckRequired(request);
}

void SftpSession::onSecretQuestion(const SecretRequest::Details &details)
{
    auto *request = new SecretRequest(details, this);
    m_secretRequest = request;
    connect(request, &SecretRequest::answered, this, [this, request](bool accepted) {
        toWorker([accepted, responses = request->takeResponses()](SftpWorker *worker) {
            worker->answerSecret(accepted, responses);
        });
        request->deleteLater();
    });
    if (!isSignalConnected(QMetaMethod::fromSignal(&SftpSession::secretRequired))) {
        request->reject();
        return;
    }
    Q_EMIT secretRequired(request);
}

void SftpSession::onLoggedIn(const QString &home)
{
    m_home = home;
    m_lastError = {};
    setState(State::Ready);
    const auto calls = std::exchange(m_connectCalls, {});
    for (const QPointer<SftpCall> &call : calls) {
        if (call)
            call->complete({});
    }
}

void SftpSession::onDisconnected(const FtpError &error)
{
    // An unanswered question is moot now.
    delete m_hostKeyRequest;
    delete m_secretRequest;
    setState(State::Disconnected);
    const FtpError reported = error ? error : FtpError(FtpError::Kind::Cancelled, tr("Disconnected"));
    if (error) {
        m_lastError = error;
        Q_EMIT errorOccurred(error);
    }
    const auto calls = std::exchange(m_connectCalls, {});
    for (const QPointer<SftpCall> &call : calls) {
        if (call)
            call->complete(reported);
    }
}

void SftpSession::onWorkerFinished(quint64 id, const FtpError &error, const SftpResult &result)
{
    if (SftpCall *call = m_calls.value(id))
        call->workerFinished(error, result);
}

} // namespace ferry
