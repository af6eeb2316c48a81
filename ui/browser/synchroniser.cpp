#include "synchroniser.h"

#include "remote/remotecall.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"

namespace ferry {

Synchroniser::Synchroniser(TransferQueue *queue, const SessionConfig &config, const SiteKey &site,
                           const QString &localRoot, const QString &remoteRoot,
                           const TransferQueue::JobOptions &options, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_config(config)
    , m_site(site)
    , m_localRoot(localRoot)
    , m_remoteRoot(remoteRoot)
    , m_options(options)
{
    // A sync replaces what differs and keeps the times: the next plan then finds them equal.
    m_options.overwrite = TransferJob::Overwrite::Overwrite;
    m_options.preserveTime = true;
}

Synchroniser::~Synchroniser()
{
    m_planning.reset();
    m_executor.reset();
    if (m_session) {
        // QUIT after whatever is queued, then the session goes (bounded by its timeout).
        RemoteSession *session = m_session.release();
        disconnect(session, nullptr, this, nullptr);
        RemoteCall *bye = session->close();
        connect(bye, &RemoteCall::finished, session, &QObject::deleteLater);
    }
}

RemoteSession *Synchroniser::session()
{
    if (!m_session) {
        QString error;
        m_session.reset(createRemoteSession(m_config, nullptr, &error));
        if (m_session)
            connect(m_session.get(), &RemoteSession::questionAsked, this, &Synchroniser::questionAsked);
        else
            m_error = RemoteError(RemoteError::Kind::InvalidArgument, error);
    }
    return m_session.get();
}

void Synchroniser::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

qint64 Synchroniser::comparedEntries() const
{
    return m_planning ? m_planning->comparedEntries() : 0;
}

qint64 Synchroniser::comparedFolders() const
{
    return m_planning ? m_planning->comparedFolders() : 0;
}

void Synchroniser::plan(const SyncSettings &settings)
{
    if (m_state == State::Running || m_state == State::Done)
        return;
    if (m_planning) {
        disconnect(m_planning.get(), nullptr, this, nullptr);
        m_planning->cancel();
        m_planning.release()->deleteLater(); // not from inside its own signal
    }
    m_actions.clear();
    std::fill(std::begin(m_counts), std::end(m_counts), 0);
    m_problems.clear();
    m_error = {};
    RemoteSession *remote = session();
    if (!remote) {
        setState(State::Failed);
        return;
    }
    // The window does not keep sync-state.json (ferry-cli does): "both ways" lets the newer side win.
    m_planning = std::make_unique<SyncPlanning>(remote, m_localRoot, m_remoteRoot, settings, -1);
    connect(m_planning.get(), &SyncPlanning::planned, this, [this](const QList<SyncAction> &actions) {
        for (const SyncAction &action : actions)
            ++m_counts[int(action.kind)];
        m_actions.append(actions);
        if (!actions.isEmpty())
            Q_EMIT actionsAdded(actions);
        Q_EMIT progress();
    });
    connect(m_planning.get(), &SyncPlanning::folderFailed, this,
            [this](const QString &path, const RemoteError &error) {
                const QString text = tr("%1: left out (%2)").arg(path, error.toString());
                m_problems.append(text);
                Q_EMIT problem(text);
            });
    connect(m_planning.get(), &SyncPlanning::finished, this, &Synchroniser::planFinished);
    setState(State::Planning);
    Q_EMIT progress();
    m_planning->start();
}

void Synchroniser::planFinished(const RemoteError &error)
{
    m_error = error;
    setState(error.isError() ? State::Failed : State::Planned);
}

void Synchroniser::cancel()
{
    if (m_state == State::Planning && m_planning)
        m_planning->cancel(); // finished(Cancelled): Failed, nothing queued
}

void Synchroniser::run()
{
    if (m_state != State::Planned || !m_queue)
        return;
    setState(State::Running);
    m_executor =
        std::make_unique<SyncExecutor>(m_queue, m_site, session(), m_localRoot, m_remoteRoot, m_options);
    connect(m_executor.get(), &SyncExecutor::failed, this, &Synchroniser::problem);
    connect(m_executor.get(), &SyncExecutor::settled, this, &Synchroniser::runSettled);
    for (const SyncAction &action : std::as_const(m_actions)) {
        if (action.kind != Kind::Conflict) // shown in the plan; nothing is done to them
            m_executor->execute(action);
    }
    if (m_executor->pending() == 0)
        runSettled();
}

void Synchroniser::runSettled()
{
    if (m_state != State::Running)
        return;
    // The folders exist: now the transfers, which the queue runs in parallel.
    m_queuedJobs = m_executor->flush();
    if (m_queuedJobs > 0)
        m_queue->start();
    setState(State::Done);
    Q_EMIT queued(m_queuedJobs);
    if (m_discarded)
        deleteLater();
}

void Synchroniser::discard()
{
    m_discarded = true;
    if (m_state != State::Running)
        deleteLater();
}

} // namespace ferry
