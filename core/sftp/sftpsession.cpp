#include "sftpsession.h"

#include "remote/trustdecisions.h"

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

SftpSession::SftpSession(const SessionConfig &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    qRegisterMetaType<HostKey>();
    qRegisterMetaType<KnownHosts::Result>();
    qRegisterMetaType<SecretRequest::Details>();
    qRegisterMetaType<SftpRequest>();
    qRegisterMetaType<SftpResult>();
    qRegisterMetaType<RemoteError>();
    qRegisterMetaType<TranscriptLine>();
    qRegisterMetaType<QList<DirEntry>>();

    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("sftp %1").arg(config.host));
    m_worker = new SftpWorker(config);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &SftpWorker::transcript, this, &SftpSession::transcript);
    connect(m_worker, &SftpWorker::hostKeyQuestion, this, &SftpSession::onHostKeyQuestion);
    connect(m_worker, &SftpWorker::secretQuestion, this, &SftpSession::onSecretQuestion);
    connect(m_worker, &SftpWorker::authenticating, this, [this] {
        if (m_state == State::Connecting)
            setState(State::Authenticating);
    });
    connect(m_worker, &SftpWorker::loggedIn, this, &SftpSession::onLoggedIn);
    connect(m_worker, &SftpWorker::disconnected, this, &SftpSession::onDisconnected);
    connect(m_worker, &SftpWorker::finished, this, &SftpSession::onWorkerFinished);
    connect(m_worker, &SftpWorker::entries, this, [this](quint64 id, const QList<DirEntry> &batch) {
        if (SftpCall *call = m_calls.value(id))
            call->workerEntries(batch);
    });
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
    ++m_attempt;
    toWorker([guard = m_guard, attempt = m_attempt](SftpWorker *worker) {
        worker->connectToHost(guard, attempt);
    });
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
    toWorker([id = call->id(), request = call->request(), attempt = m_attempt](SftpWorker *worker) {
        worker->submit(id, request, attempt);
    });
    return call;
}

SftpCall *SftpSession::list(const QString &path, bool followLinks, bool keepUnsafeNames)
{
    return newCall({.kind = SftpRequest::Kind::List,
                    .path = path,
                    .followLinks = followLinks,
                    .keepUnsafeNames = keepUnsafeNames});
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
                                    QIODevice *device, qint64 offset, QPointer<RateLimiter> limiter)
{
    const auto kind = direction == SftpTransfer::Direction::Download ? SftpRequest::Kind::Download
                                                                     : SftpRequest::Kind::Upload;
    auto *call = new SftpTransfer(this, m_nextId++, {.kind = kind, .path = remotePath, .offset = offset},
                                  direction, device, std::move(limiter));
    submit(call);
    if (direction == SftpTransfer::Direction::Download)
        call->grantAllowed(); // room for the first READs, ready when the file is open
    return call;
}

SftpTransfer *SftpSession::download(const QString &remotePath, QIODevice *target, qint64 offset,
                                    QPointer<RateLimiter> limiter)
{
    return transfer(SftpTransfer::Direction::Download, remotePath, target, offset, std::move(limiter));
}

SftpTransfer *SftpSession::upload(QIODevice *source, const QString &remotePath, qint64 offset,
                                  QPointer<RateLimiter> limiter)
{
    return transfer(SftpTransfer::Direction::Upload, remotePath, source, offset, std::move(limiter));
}

SftpCall *SftpSession::close()
{
    auto *call = new SftpCall(this, m_nextId++, {});
    m_closeCalls.append(call);
    QMetaObject::invokeMethod(this, &SftpSession::closeIfIdle, Qt::QueuedConnection);
    return call;
}

void SftpSession::forget(quint64 id)
{
    m_calls.remove(id);
    closeIfIdle();
}

void SftpSession::closeIfIdle()
{
    if (!m_calls.isEmpty() || m_closeCalls.isEmpty())
        return;
    if (m_state == State::Disconnected) {
        const auto calls = std::exchange(m_closeCalls, {});
        for (const QPointer<SftpCall> &call : calls) {
            if (call)
                call->complete({});
        }
        return;
    }
    disconnectFromHost(); // onDisconnected() completes the close calls
}

void SftpSession::disconnectFromHost()
{
    if (m_state == State::Disconnected)
        return;
    if (m_guard)
        m_guard->abort();
    toWorker([](SftpWorker *worker) { worker->disconnectFromHost(); });
}

void SftpSession::abortAll()
{
    const auto calls = m_calls;
    for (const QPointer<SftpCall> &call : calls) {
        if (call)
            call->cancel();
    }
}

TrustDecisions *SftpSession::trust()
{
    if (m_config.trust)
        return m_config.trust;
    if (!m_ownTrust)
        m_ownTrust = new TrustDecisions(this);
    return m_ownTrust;
}

void SftpSession::ask(Question *question)
{
    m_question = question;
    if (!isSignalConnected(QMetaMethod::fromSignal(&SftpSession::questionAsked))) {
        question->decline();
        return;
    }
    Q_EMIT questionAsked(question);
}

void SftpSession::onHostKeyQuestion(const HostKey &key, const KnownHosts::Result &known)
{
    const QString endpoint = TrustDecisions::endpoint(QStringLiteral("ssh"), m_config.host, m_config.port);
    const QByteArray fingerprint = key.fingerprint();
    const auto forward = [this](HostKeyRequest::Answer answer) {
        toWorker([answer](SftpWorker *worker) { worker->answerHostKey(answer); });
    };
    if (trust()->isAcceptedOnce(endpoint, fingerprint)) {
        Q_EMIT transcript(
            {TranscriptLine::Kind::Status, tr("This host key was accepted earlier in this run")});
        forward(HostKeyRequest::Answer::AcceptOnce);
        return;
    }
    if (auto *open = qobject_cast<HostKeyRequest *>(trust()->openQuestion(endpoint, fingerprint))) {
        // Another session asks about this very key: its answer is ours (a question that
        // goes away unanswered is a rejection).
        Q_EMIT transcript({TranscriptLine::Kind::Status,
                           tr("Waiting for your answer about this host key (asked for another connection)")});
        connect(open, &HostKeyRequest::answered, this, forward);
        connect(open, &QObject::destroyed, this, [forward] { forward(HostKeyRequest::Answer::Reject); });
        return;
    }
    auto *request = new HostKeyRequest(m_config.host, m_config.port, key, known, this);
    connect(request, &HostKeyRequest::answered, this,
            [this, request, endpoint, fingerprint, forward](auto answer) {
                if (answer == HostKeyRequest::Answer::AcceptOnce)
                    trust()->acceptOnce(endpoint, fingerprint);
                forward(answer);
                request->deleteLater();
            });
    trust()->addOpenQuestion(endpoint, fingerprint, request);
    if (!isSignalConnected(QMetaMethod::fromSignal(&SftpSession::questionAsked)))
        Q_EMIT transcript({TranscriptLine::Kind::Error,
                           tr("The host key is not trusted and nobody can be asked: rejected")});
    ask(request);
}

void SftpSession::onSecretQuestion(const SecretRequest::Details &details)
{
    auto *request = new SecretRequest(details, this);
    connect(request, &SecretRequest::answered, this, [this, request](bool accepted) {
        toWorker([accepted, responses = request->takeResponses()](SftpWorker *worker) {
            worker->answerSecret(accepted, responses);
        });
        request->deleteLater();
    });
    ask(request);
}

void SftpSession::onLoggedIn(const QString &home, const QString &security)
{
    m_home = home;
    m_security = security;
    m_lastError = {};
    setState(State::Ready);
    const auto calls = std::exchange(m_connectCalls, {});
    for (const QPointer<SftpCall> &call : calls) {
        if (call)
            call->complete({});
    }
}

void SftpSession::onDisconnected(const RemoteError &error)
{
    // An unanswered question is moot now.
    delete m_question;
    m_security.clear();
    setState(State::Disconnected);
    const RemoteError reported =
        error ? error : RemoteError(RemoteError::Kind::Cancelled, tr("Disconnected"));
    if (error) {
        m_lastError = error;
        Q_EMIT errorOccurred(error);
    }
    const auto calls = std::exchange(m_connectCalls, {});
    for (const QPointer<SftpCall> &call : calls) {
        if (call)
            call->complete(reported);
    }
    const auto closing = std::exchange(m_closeCalls, {});
    for (const QPointer<SftpCall> &call : closing) {
        if (call)
            call->complete({});
    }
}

void SftpSession::onWorkerFinished(quint64 id, const RemoteError &error, const SftpResult &result)
{
    if (SftpCall *call = m_calls.value(id))
        call->workerFinished(error, result);
}

} // namespace ferry
