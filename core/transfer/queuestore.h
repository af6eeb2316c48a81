#pragma once

#include "transferjob.h"

#include <QList>
#include <QSqlQuery>
#include <QString>
#include <memory>
#include <optional>

class QSqlDatabase;

namespace ferry {

// The queue on disk: one SQLite row per job (Qt SQL, QSQLITE), in WAL mode so that a
// state change is one small append. A job's row is written whenever its state changes, so
// after `kill -9` the queue is as it was at the last change; jobs that were running come
// back queued with `resume` set (recoverInterrupted()). Path ":memory:" keeps the queue in
// memory only (ferry-cli without --queue-db).
//
// Rows are read in windows (nextRunnable, list), never all at once: a million queued
// files cost disk, not memory.
class QueueStore final {
public:
    explicit QueueStore(QString path);
    ~QueueStore();
    QueueStore(const QueueStore &) = delete;
    QueueStore &operator=(const QueueStore &) = delete;

    bool open();
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }

    // Inserts the jobs (one transaction) and sets their ids.
    bool insert(QList<TransferJob> &jobs);
    bool update(const TransferJob &job);
    std::optional<TransferJob> job(qint64 id);

    // Up to `limit` queued jobs whose backoff is over, highest priority first, then oldest.
    QList<TransferJob> nextRunnable(int limit, qint64 nowMs);
    // The earliest backoff end among queued jobs, or 0 when none waits.
    qint64 nextRetryMs(qint64 nowMs);
    // Jobs in queue order, for views and `ferry-cli queue list`.
    QList<TransferJob> list(qint64 offset, int limit);
    // Jobs in one of `states` with an id above `afterId`, in queue order (keyset paging: a
    // view's next page costs the same at row 10 and at row 1,000,000).
    QList<TransferJob> listIn(const QList<TransferJob::State> &states, qint64 afterId, int limit);
    // A folder job's children in queue order, a window at a time; their number.
    QList<TransferJob> children(qint64 parentId, qint64 offset, int limit);
    qint64 childCount(qint64 parentId);

    struct Count {
        qint64 jobs = 0;
        qint64 bytes = 0; // sum of known sizes
        qint64 bytesDone = 0;
    };
    // File jobs (downloads and uploads) by state, and every skipped row (a folder skipped
    // unsent, e.g. a loop, counts as a skipped entry); index = int(TransferJob::State).
    QList<Count> countFiles();
    QStringList pendingSites(); // sites of unfinished jobs

    // Running rows of a process that died: queued again, to be resumed.
    int recoverInterrupted();
    // Moves jobs in one of `from` to `to` (retry failed, pause all, ...); 0 = every job,
    // else that job and everything below it. Failed jobs moved to Queued get a fresh
    // attempt count and `resume`.
    int moveStates(qint64 rootId, const QList<TransferJob::State> &from, TransferJob::State to);
    int removeFinished(); // done, skipped and cancelled jobs
    int removeStates(const QList<TransferJob::State> &states);
    qint64 countStates(const QList<TransferJob::State> &states);                      // every kind of job
    qint64 countStates(const QList<TransferJob::State> &states, const QString &site); // one site's
    // Settings kept with the queue (key/value, e.g. a speed limit).
    bool setSetting(const QString &key, const QString &value);
    std::optional<QString> setting(const QString &key);
    // DeleteFolder bookkeeping: adds `delta` to the parent's pending children, returns the result.
    int adjustPending(qint64 parentId, int delta);
    // Children of a folder job still to finish (queued, running, paused, waiting); -1 on error.
    qint64 unfinishedChildren(qint64 parentId);
    QList<qint64> waitingMoveFolders(); // folder jobs of a move waiting for their children

private:
    bool exec(QSqlQuery &query);
    bool exec(const QString &sql);
    bool addMissingColumn(const QString &name, const QString &definition);
    TransferJob fromQuery(const QSqlQuery &query) const;
    QList<TransferJob> page(const QString &where, const QVariantList &values, qint64 offset, int limit);
    QList<TransferJob> readJobs(QSqlQuery &query); // runs it, every row as a job
    void bindJob(QSqlQuery &query, const TransferJob &job) const;

    QString m_path;
    QString m_connection;
    QString m_error;
    std::unique_ptr<QSqlQuery> m_insert;
    std::unique_ptr<QSqlQuery> m_update;
};

} // namespace ferry
