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
    if (m_home.isEmpty())
        return path;
    if (path == QLatin1String("~"))
        return m_home;
    if (path.startsWith(QLatin1String("~/")))
        return (m_home == QLatin1String("/") ? QString() : m_home) + path.mid(1);
    return path;
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
    SftpRequest r;
    r.kind = SftpRequest::Kind::List;
    r.path = path;
    r.followLinks = followLinks;
    return newCall(r);
}

SftpCall *SftpSession::stat(const QString &path, bool followLinks)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::Stat;
    r.path = path;
    r.followLinks = followLinks;
    return newCall(r);
}

SftpCall *SftpSession::makeDirectory(const QString &path, bool parents)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::MakeDirectory;
    r.path = path;
    r.parents = parents;
    return newCall(r);
}

SftpCall *SftpSession::removeFile(const QString &path)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::RemoveFile;
    r.path = path;
    return newCall(r);
}

SftpCall *SftpSession::removeDirectory(const QString &path)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::RemoveDirectory;
    r.path = path;
    return newCall(r);
}

SftpCall *SftpSession::rename(const QString &from, const QString &to, bool overwrite)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::Rename;
    r.path = from;
    r.target = to;
    r.overwrite = overwrite;
    return newCall(r);
}

SftpCall *SftpSession::setModificationTime(const QString &path, const QDateTime &utc)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::SetTime;
    r.path = path;
    r.time = utc;
    return newCall(r);
}

SftpCall *SftpSession::chmod(const QString &path, quint32 mode)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::Chmod;
    r.path = path;
    r.mode = mode;
    return newCall(r);
}

SftpCall *SftpSession::readLink(const QString &path)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::ReadLink;
    r.path = path;
    return newCall(r);
}

SftpCall *SftpSession::createSymlink(const QString &linkPath, const QString &target)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::Symlink;
    r.path = linkPath;
    r.target = target;
    return newCall(r);
}

SftpCall *SftpSession::realPath(const QString &path)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::RealPath;
    r.path = path;
    return newCall(r);
}

SftpTransfer *SftpSession::download(const QString &remotePath, QIODevice *target,
                                    const SftpTransferOptions &options)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::Download;
    r.path = remotePath;
    r.offset = options.offset;
    auto *call = new SftpTransfer(this, m_nextId++, r, SftpTransfer::Direction::Download, target, options);
    submit(call);
    call->grantAllowed(); // room for the first READs, ready when the file is open
    return call;
}

SftpTransfer *SftpSession::upload(QIODevice *source, const QString &remotePath,
                                  const SftpTransferOptions &options)
{
    SftpRequest r;
    r.kind = SftpRequest::Kind::Upload;
    r.path = remotePath;
    r.offset = options.offset;
    auto *call = new SftpTransfer(this, m_nextId++, r, SftpTransfer::Direction::Upload, source, options);
    submit(call);
    return call;
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
