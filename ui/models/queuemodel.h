#pragma once

#include "transfer/transferjob.h"
#include "transfer/transferqueue.h"

#include <QAbstractTableModel>
#include <QCache>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <functional>

namespace ferry {

// One tab of the queue pane (Queued, Failed, Successful) over the queue's SQLite store
// (qBittorrent's transferlistmodel: a column enum, roles, display formatting here).
//
// Paged: rows are job ids read `pageSize()` at a time (`fetchMore`, keyset paging by id, so
// page 5,000 costs what page 1 does); the jobs' details are read when shown and kept in a
// bounded cache. A queue of a million jobs costs the ids scrolled past (8 bytes each) plus
// the cache, never a million TransferJobs.
//
// Live: `jobChanged` (states), `childrenAdded` (a folder expanded) and `progressChanged`
// (bytes of running jobs) are gathered and applied together at most ten times a second.
// The Queued tab shows running jobs first, then the rest in queue order.
class QueueModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueModel)
public:
    enum class View { Queued, Failed, Done };
    Q_ENUM(View)
    enum Column {
        LocalColumn,
        DirectionColumn,
        RemoteColumn,
        SizeColumn,
        ProgressColumn,
        SpeedColumn,
        EtaColumn,
        StatusColumn,
        HostColumn,
        ColumnCount
    };
    enum Role {
        JobIdRole = Qt::UserRole + 1,
        StateRole,   // TransferJob::State as int
        KindRole,    // TransferJob::Kind as int
        PercentRole, // 0..100 (double), -1 when the size is unknown
        ErrorRole,   // the last error, in words
        LocalPathRole,
        RemotePathRole,
    };
    static constexpr int kDefaultPageSize = 500;
    static constexpr int kUpdateIntervalMs = 100; // ≤ 10 updates a second

    QueueModel(TransferQueue *queue, View view, QObject *parent = nullptr);
    ~QueueModel() override;

    View view() const { return m_view; }
    static QList<TransferJob::State> statesOf(View view);
    // How a site key reads in the Host column (a site manager name); default: the URL's host.
    void setSiteNamer(std::function<QString(const QString &siteKey)> namer);
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    int pageSize() const { return m_pageSize; }

    // Every job of this tab (not only the rows loaded so far), counted at most once a second.
    qint64 totalCount() const { return m_count; }
    // Reads the tab again from the store (after a change made in bulk: retry all, remove).
    void reload();
    // Reads these jobs again (after a pause, resume, cancel or retry the store made alone).
    void refreshJobs(const QList<qint64> &ids);
    // Applies what arrived since the last update now (tests; otherwise a timer does it).
    void flush();
    qint64 jobId(int row) const;
    std::optional<TransferJob> jobAt(int row) const;
    int rowOf(qint64 id) const; // -1: not loaded

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // "Waiting", "Transferring", "Failed: 550 Permission denied", ...
    static QString statusText(const TransferJob &job);

Q_SIGNALS:
    void countChanged(qint64 count);
    // Jobs arrived beyond the rows loaded: a view scrolled to its end fetches them.
    void moreAvailable();

private:
    struct Live {
        qint64 bytesDone = 0;
        qint64 size = -1;
        double bytesPerSecond = 0;
        qint64 sampleMs = 0;
    };
    enum class Segment { None, Running, Rows };
    Segment segmentFor(TransferJob::State state) const;
    void onJobChanged(const TransferJob &job);
    void onProgress(const QueueProgress &progress);
    void schedule();
    void apply(const TransferJob &job);
    void insertSorted(QList<qint64> &list, int offset, qint64 id);
    void removeAt(QList<qint64> &list, int offset, int index);
    void recount(bool force);
    const TransferJob *cached(qint64 id) const;
    QString hostOf(const QString &siteKey) const;
    QVariant display(const TransferJob &job, int column) const;
    double percentOf(const TransferJob &job) const;

    QPointer<TransferQueue> m_queue;
    View m_view;
    QList<TransferJob::State> m_rowStates; // the states of m_rows (Running apart in Queued)
    QList<qint64> m_running;               // Queued tab: running jobs, by id
    QList<qint64> m_rows;                  // the rest, by id
    qint64 m_lastId = 0;                   // keyset: the last id read
    bool m_atEnd = false;
    int m_pageSize = kDefaultPageSize;
    mutable QCache<qint64, TransferJob> m_jobs;
    QHash<qint64, TransferJob> m_pending;
    QHash<qint64, Live> m_live;
    bool m_moreArrived = false;
    bool m_progressArrived = false;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_count = 0;
    qint64 m_countedAtMs = -1;
    bool m_countDirty = false;
    std::function<QString(const QString &)> m_siteNamer;
};

} // namespace ferry
