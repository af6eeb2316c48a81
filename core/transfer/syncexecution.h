#pragma once

#include "remote/remoteerror.h"
#include "syncplan.h"
#include "transferqueue.h"

#include <QCoreApplication>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <memory>

namespace ferry {

class RemoteSession;

// What a sync is asked to do (ferry-cli sync's options, Transfer > Synchronise…'s fields).
struct SyncSettings {
    SyncDirection direction = SyncDirection::Up;
    bool deleteExtra = false;
    CompareCriteria criteria;
    QStringList excludes;
};

// Plans a sync (issue #18 §1): a TreeComparison of the two roots on `session`, each compared
// entry turned into an action by a SyncPlanner, one batch per folder (planned()). Streams:
// nothing is kept here, so a caller that acts on each batch (ferry-cli) plans a tree of any
// size in bounded memory; one that shows the plan first (the window) keeps the actions.
class SyncPlanning final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncPlanning)
public:
    SyncPlanning(RemoteSession *session, const QString &localRoot, const QString &remoteRoot,
                 const SyncSettings &settings, qint64 lastSyncMs, QObject *parent = nullptr);
    ~SyncPlanning() override;

    void setRootsExist(bool local, bool remote);
    void start();
    void cancel(); // finished(Cancelled) follows

    qint64 comparedEntries() const { return m_entries; }
    qint64 comparedFolders() const { return m_folders; }

Q_SIGNALS:
    void planned(const QList<ferry::SyncAction> &actions); // may be empty (progress only)
    void folderFailed(const QString &path, const ferry::RemoteError &error);
    void finished(const ferry::RemoteError &error);

private:
    SyncPlanner m_planner;
    std::unique_ptr<TreeComparison> m_comparison;
    qint64 m_entries = 0;
    qint64 m_folders = 0;
};

// Carries out planned actions (the same for ferry-cli sync and the window): folders are
// made at once (remote ones on `session`, in order, so a folder exists before anything is
// uploaded into it; local ones with mkpath), local deletions run on a worker thread, and
// transfers and remote deletions are gathered and put in the queue by flush(), one
// transaction for all of them. Conflicts are only reported. settled() says that the
// folders and local deletions asked for so far are done.
class SyncExecutor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncExecutor)
public:
    SyncExecutor(TransferQueue *queue, const SiteKey &site, RemoteSession *session, const QString &localRoot,
                 const QString &remoteRoot, const TransferQueue::JobOptions &options,
                 QObject *parent = nullptr);
    ~SyncExecutor() override;

    void execute(const SyncAction &action);
    // Puts the gathered transfers and remote deletions in the queue; the number of jobs.
    int flush();

    int pending() const { return m_pending; }
    qint64 queued() const { return m_queued; }
    int failures() const { return m_failures; }
    const RemoteError &firstError() const { return m_firstError; }

    // Deletes a local file, or a folder with everything in it, never following a link.
    static bool removeLocal(const QString &path, QString *error);

Q_SIGNALS:
    void failed(const QString &text); // one action that could not be done
    void conflict(const QString &reason);
    void settled();

private:
    void fail(const RemoteError &error);
    void done();
    QString localPath(const QString &relative) const;
    QString remotePath(const QString &relative) const;

    QPointer<TransferQueue> m_queue;
    SiteKey m_site;
    QPointer<RemoteSession> m_session;
    QString m_localRoot;
    QString m_remoteRoot;
    TransferQueue::JobOptions m_options;
    QList<TransferQueue::Transfer> m_transfers;
    QList<SyncAction> m_deletes;
    int m_pending = 0;
    qint64 m_queued = 0;
    int m_failures = 0;
    RemoteError m_firstError;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::SyncAction)
