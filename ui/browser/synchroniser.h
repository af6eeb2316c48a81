#pragma once

#include "remote/question.h"
#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "transfer/syncexecution.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <memory>

namespace ferry {

class RemoteSession;

// Transfer > Synchronise… without widgets (issue #18 §3): the plan of `ferry-cli sync`
// (core's SyncPlanning: TreeComparison + SyncPlanner) for a local folder and a remote one,
// kept to be shown, then carried out by core's SyncExecutor: folders made first, then the
// transfers and remote deletions as jobs of the window's queue, which starts.
//
// Planning lists the remote tree on a connection of its own (the tab's config, so the
// browsing connection is never held up), folder by folder as events: the window never
// waits. plan() again (other settings) or cancel() stops the previous planning; nothing is
// queued before run().
class Synchroniser final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Synchroniser)
public:
    enum class State { Idle, Planning, Planned, Failed, Running, Done };
    using Kind = SyncAction::Kind;

    Synchroniser(TransferQueue *queue, const SessionConfig &config, const SiteKey &site,
                 const QString &localRoot, const QString &remoteRoot,
                 const TransferQueue::JobOptions &options, QObject *parent = nullptr);
    ~Synchroniser() override;

    const QString &localRoot() const { return m_localRoot; }
    const QString &remoteRoot() const { return m_remoteRoot; }
    State state() const { return m_state; }

    void plan(const SyncSettings &settings);
    void cancel();
    // The plan into the queue (only once planned). Conflicts stay as they are.
    void run();
    // The dialog is done with it: deleted now, or once a run has queued everything.
    void discard();

    const QList<SyncAction> &actions() const { return m_actions; }
    qint64 count(Kind kind) const { return m_counts[int(kind)]; }
    qint64 deletions() const { return count(Kind::DeleteLocal) + count(Kind::DeleteRemote); }
    qint64 comparedEntries() const;
    qint64 comparedFolders() const;
    const QStringList &problems() const { return m_problems; } // folders left out
    const RemoteError &error() const { return m_error; }       // Failed: why
    qint64 queuedJobs() const { return m_queuedJobs; }

Q_SIGNALS:
    void stateChanged(ferry::Synchroniser::State state);
    void progress(); // more compared (comparedEntries())
    void actionsAdded(const QList<ferry::SyncAction> &actions);
    void problem(const QString &text);
    void questionAsked(ferry::Question *question);
    void queued(qint64 jobs); // run(): the jobs are in the queue, which started

private:
    void setState(State state);
    void planFinished(const RemoteError &error);
    void runSettled();
    RemoteSession *session();

    TransferQueue *m_queue;
    SessionConfig m_config;
    SiteKey m_site;
    QString m_localRoot;
    QString m_remoteRoot;
    TransferQueue::JobOptions m_options;
    std::unique_ptr<RemoteSession> m_session;
    std::unique_ptr<SyncPlanning> m_planning;
    std::unique_ptr<SyncExecutor> m_executor;
    QList<SyncAction> m_actions;
    qint64 m_counts[7] = {};
    QStringList m_problems;
    RemoteError m_error;
    State m_state = State::Idle;
    qint64 m_queuedJobs = 0;
    bool m_discarded = false;
};

} // namespace ferry
