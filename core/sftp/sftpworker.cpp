#include "sftpworker.h"

#include "sftpchannel.h"
#include "socketguard.h"
#include "sshlogon.h"

#include <openssl/crypto.h>

namespace ferry {

namespace {

// OpenSSH's sftp-server takes messages up to 256 KiB; 1 KiB of that is headers.
constexpr quint64 MaxRequestSize = 255 * 1024;
// Without limits@openssh.com, what every server must take (draft-02 §6.4 asks 32768).
constexpr quint32 SafeRequestSize = 32 * 1024;

} // namespace

SftpWorker::SftpWorker(SessionConfig config)
    : m_config(std::move(config))
    , m_decoder(m_config.charset.fallbackName())
{
    m_context.decoder = &m_decoder;
    m_context.charset = m_config.charset;
    m_context.pipelineBytes = qMax(64 * 1024, m_config.ssh.pipelineBytes);
    m_context.log = [this](TranscriptLine::Kind kind, const QString &text) { log(kind, text); };
}

SftpWorker::~SftpWorker()
{
    tearDown();
    // Run on this worker's thread as it ends (SftpSession deletes the worker when the thread
    // finishes): OpenSSL's per-thread state (random generators, error queues) is freed now,
    // not by a thread-exit handler that may run after the process is gone.
    OPENSSL_thread_stop();
}

void SftpWorker::log(TranscriptLine::Kind kind, const QString &text)
{
    Q_EMIT transcript(TranscriptLine{kind, text});
}

void SftpWorker::connectToHost(std::shared_ptr<SocketGuard> guard, int attempt)
{
    if (m_logon || m_channel)
        return;
    m_attempt = attempt;
    m_lostWith = {};
    m_guard = std::move(guard);
    m_logon = new SshLogon(m_config, m_guard, this);
    connect(m_logon, &SshLogon::status, this,
            [this](const QString &text) { log(TranscriptLine::Kind::Status, text); });
    connect(m_logon, &SshLogon::hostKeyQuestion, this, &SftpWorker::hostKeyQuestion);
    connect(m_logon, &SshLogon::secretQuestion, this, &SftpWorker::secretQuestion);
    connect(m_logon, &SshLogon::authenticating, this, &SftpWorker::authenticating);
    connect(m_logon, &SshLogon::succeeded, this, &SftpWorker::onLogonSucceeded);
    connect(m_logon, &SshLogon::failed, this, &SftpWorker::onLogonFailed);
    // Queued: the calls submitted with the connect (already queued behind it) must be
    // waiting when the logon ends, even when it fails at once.
    QMetaObject::invokeMethod(m_logon, &SshLogon::start, Qt::QueuedConnection);
}

void SftpWorker::answerHostKey(HostKeyRequest::Answer answer)
{
    if (m_logon)
        m_logon->answerHostKey(answer);
}

void SftpWorker::answerSecret(bool accepted, QStringList responses)
{
    if (m_logon)
        m_logon->answerSecret(accepted, std::move(responses));
}

void SftpWorker::onLogonSucceeded()
{
    SshLogon *logon = std::exchange(m_logon, nullptr);
    m_security = logon->securityDescription();
    m_channel =
        new SftpChannel(logon->takeSession(), logon->takeChannel(), m_guard, m_config.timeoutMs, this);
    logon->deleteLater();
    m_context.channel = m_channel;
    connect(m_channel, &SftpChannel::ready, this, &SftpWorker::onChannelReady);
    connect(m_channel, &SftpChannel::failed, this, &SftpWorker::onChannelFailed);
    m_channel->start();
}

void SftpWorker::onLogonFailed(const RemoteError &error)
{
    if (m_logon) {
        m_logon->deleteLater();
        m_logon = nullptr;
    }
    // The session hears that it is disconnected before the calls fail: a call made from
    // a failure's handler then reconnects.
    m_lostWith = error;
    Q_EMIT disconnected(error);
    failWaiting(error);
}

void SftpWorker::onChannelReady()
{
    QStringList names;
    for (const sftp::Extension &extension : m_channel->extensions())
        names.append(QString::fromLatin1(extension.name));
    log(TranscriptLine::Kind::Status,
        tr("SFTP version %1; extensions: %2")
            .arg(m_channel->version())
            .arg(names.isEmpty() ? tr("none") : names.join(QLatin1String(", "))));
    m_context.posixRename = m_channel->hasExtension("posix-rename@openssh.com");
    m_context.readSize =
        m_config.ssh.readRequestSize > 0 ? quint32(m_config.ssh.readRequestSize) : SafeRequestSize;
    m_context.writeSize =
        m_config.ssh.writeRequestSize > 0 ? quint32(m_config.ssh.writeRequestSize) : SafeRequestSize;

    // The server's limits (when it states them) and the home folder, asked together.
    auto pending = std::make_shared<int>(1);
    auto home = std::make_shared<QString>();
    const auto oneDone = [this, pending, home] {
        if (--*pending == 0)
            becomeReady(*home);
    };
    if (m_channel->hasExtension("limits@openssh.com")) {
        ++*pending;
        SftpChannel::Request ask = m_channel->request(sftp::Extended);
        ask.writer.string("limits@openssh.com");
        m_channel->send(std::move(ask), [this, oneDone](const SftpChannel::Reply &reply) {
            sftp::Reader reader(reply.payload);
            sftp::Limits limits;
            if (!reply.error && reply.type == sftp::ExtendedReply && sftp::readLimits(reader, &limits)) {
                if (m_config.ssh.readRequestSize <= 0 && limits.maxRead > 0)
                    m_context.readSize = quint32(qMin(limits.maxRead, MaxRequestSize));
                if (m_config.ssh.writeRequestSize <= 0 && limits.maxWrite > 0)
                    m_context.writeSize = quint32(qMin(limits.maxWrite, MaxRequestSize));
            }
            oneDone();
        });
    }
    SftpChannel::Request realpath = m_channel->request(sftp::Realpath);
    realpath.writer.string(".");
    m_channel->send(std::move(realpath), [this, home, oneDone](const SftpChannel::Reply &reply) {
        QByteArray name;
        RemoteError ignored;
        if (sftpReadSingleName(reply, &name, &ignored, {}))
            *home = m_decoder.decode(name);
        oneDone();
    });
}

void SftpWorker::becomeReady(const QString &home)
{
    if (!m_channel || !m_channel->isOpen())
        return;
    m_ready = true;
    m_home = home;
    log(TranscriptLine::Kind::Status,
        tr("Logged in; home folder %1; requests of %2 KiB (read) and %3 KiB (write)")
            .arg(home.isEmpty() ? tr("unknown") : home)
            .arg(m_context.readSize / 1024)
            .arg(m_context.writeSize / 1024));
    Q_EMIT loggedIn(home, m_security);
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &[id, request] : waiting)
        startOp(id, request);
}

void SftpWorker::onChannelFailed(const RemoteError &error)
{
    m_ready = false;
    if (m_channel) {
        m_channel->deleteLater();
        m_channel = nullptr;
        m_context.channel = nullptr;
    }
    // Disconnected first (see onLogonFailed), then every operation still running fails.
    m_lostWith = error;
    Q_EMIT disconnected(error);
    const auto ops = std::exchange(m_ops, {});
    for (const QPointer<WorkerOp> &op : ops) {
        if (op && !op->isFinished())
            op->abort(error);
    }
    failWaiting(error);
}

void SftpWorker::failWaiting(const RemoteError &error)
{
    m_earlyGrants.clear();
    const auto waiting = std::exchange(m_waiting, {});
    for (const auto &entry : waiting)
        Q_EMIT finished(entry.first, error, {});
}

void SftpWorker::submit(quint64 id, const SftpRequest &request, int attempt)
{
    if (m_ready) {
        startOp(id, request);
        return;
    }
    if (m_logon || m_channel) {
        m_waiting.append({id, request});
        return;
    }
    // The connection it was made for already failed (the logon ran on this thread before
    // the call got here): that is its error.
    if (attempt == m_attempt && m_lostWith) {
        Q_EMIT finished(id, m_lostWith, {});
        return;
    }
    Q_EMIT finished(id, RemoteError(RemoteError::Kind::Network, tr("Not connected")), {});
}

void SftpWorker::startOp(quint64 id, const SftpRequest &request)
{
    SftpRequest resolved = request;
    resolved.path = resolveHomePath(request.path, m_home);
    if (request.kind != SftpRequest::Kind::Symlink) // a link's target is stored as given
        resolved.target = resolveHomePath(request.target, m_home);
    WorkerOp *op = WorkerOp::create(id, resolved, &m_context, this);
    m_ops.insert(id, op);
    connect(op, &WorkerOp::finished, this,
            [this](quint64 opId, const RemoteError &error, const SftpResult &result) {
                m_ops.remove(opId);
                Q_EMIT finished(opId, error, result);
            });
    connect(op, &WorkerOp::entries, this, &SftpWorker::entries);
    connect(op, &WorkerOp::opened, this, &SftpWorker::opened);
    connect(op, &WorkerOp::data, this, &SftpWorker::data);
    connect(op, &WorkerOp::acknowledged, this, &SftpWorker::acknowledged);
    op->start();
    if (const qint64 early = m_earlyGrants.take(id); early > 0 && !op->isFinished())
        op->grant(early);
}

void SftpWorker::cancel(quint64 id)
{
    for (qsizetype i = 0; i < m_waiting.size(); ++i) {
        if (m_waiting[i].first == id) {
            m_waiting.removeAt(i);
            m_earlyGrants.remove(id);
            Q_EMIT finished(id, RemoteError(RemoteError::Kind::Cancelled, tr("Cancelled")), {});
            return;
        }
    }
    if (const QPointer<WorkerOp> op = m_ops.value(id))
        op->cancel();
}

void SftpWorker::grant(quint64 id, qint64 bytes)
{
    if (const QPointer<WorkerOp> op = m_ops.value(id))
        op->grant(bytes);
    else
        m_earlyGrants[id] += bytes; // still waiting for the login
}

void SftpWorker::feed(quint64 id, const QByteArray &bytes, bool last)
{
    if (const QPointer<WorkerOp> op = m_ops.value(id))
        op->feed(bytes, last);
}

void SftpWorker::disconnectFromHost()
{
    if (!m_logon && !m_channel)
        return;
    const RemoteError cancelled(RemoteError::Kind::Cancelled, tr("Disconnected"));
    const auto ops = std::exchange(m_ops, {});
    for (const QPointer<WorkerOp> &op : ops) {
        if (op && !op->isFinished())
            op->abort(cancelled);
    }
    failWaiting(cancelled);
    tearDown();
    log(TranscriptLine::Kind::Status, tr("Disconnected"));
    Q_EMIT disconnected({});
}

void SftpWorker::tearDown()
{
    m_ready = false;
    if (m_channel) {
        m_channel->disconnect(this);
        m_channel->close({});
        delete m_channel;
        m_channel = nullptr;
        m_context.channel = nullptr;
    }
    if (m_logon) {
        m_logon->disconnect(this);
        delete m_logon;
        m_logon = nullptr;
    }
}

} // namespace ferry
