#include "queuemodel.h"

#include "formatting.h"
#include "transfer/sitekey.h"

#include <QUrl>
#include <algorithm>

namespace ferry {

namespace {

using State = TransferJob::State;
using Kind = TransferJob::Kind;

constexpr int kCacheJobs = 20000;
constexpr qint64 kCountIntervalMs = 1000;

bool isUpload(Kind kind)
{
    return kind == Kind::Upload || kind == Kind::UploadFolder || kind == Kind::MakeDirectory;
}

QString duration(qint64 seconds)
{
    if (seconds < 0)
        return {};
    if (seconds >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(seconds / 3600)
            .arg((seconds / 60) % 60, 2, 10, QLatin1Char('0'))
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

QueueModel::QueueModel(TransferQueue *queue, View view, QObject *parent)
    : QAbstractTableModel(parent)
    , m_queue(queue)
    , m_view(view)
    , m_jobs(kCacheJobs)
{
    m_rowStates = statesOf(view);
    if (view == View::Queued)
        m_rowStates.removeAll(State::Running);
    m_timer.setSingleShot(true);
    m_timer.setInterval(kUpdateIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &QueueModel::flush);
    m_clock.start();
    if (queue) {
        connect(queue, &TransferQueue::jobChanged, this, &QueueModel::onJobChanged);
        const auto more = [this] {
            m_moreArrived = true;
            m_countDirty = true;
            schedule();
        };
        connect(queue, &TransferQueue::childrenAdded, this, more);
        connect(queue, &TransferQueue::jobsAdded, this, more);
        connect(queue, &TransferQueue::progressChanged, this, &QueueModel::onProgress);
    }
    reload();
}

QueueModel::~QueueModel() = default;

QList<TransferJob::State> QueueModel::statesOf(View view)
{
    switch (view) {
    case View::Queued:
        return {State::Running, State::Queued, State::Paused, State::Waiting};
    case View::Failed:
        return {State::Failed, State::Skipped, State::Cancelled};
    case View::Done:
        return {State::Done};
    }
    return {};
}

void QueueModel::setSiteNamer(std::function<QString(const QString &)> namer)
{
    m_siteNamer = std::move(namer);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, HostColumn), index(rowCount() - 1, HostColumn));
}

void QueueModel::reload()
{
    // The first page is read inside the reset: one reset, no insertion right behind it.
    beginResetModel();
    m_running.clear();
    m_rows.clear();
    m_jobs.clear();
    m_pending.clear();
    m_lastId = 0;
    m_atEnd = !m_queue;
    m_moreArrived = false;
    if (m_queue) {
        if (m_view == View::Queued) {
            // Bounded by the connection limits: a handful of rows.
            for (const TransferJob &job : m_queue->jobsIn({State::Running}, 0, 4096)) {
                m_running.append(job.id);
                m_jobs.insert(job.id, new TransferJob(job));
            }
        }
        const QList<TransferJob> page = m_queue->jobsIn(m_rowStates, 0, m_pageSize);
        m_atEnd = page.size() < m_pageSize;
        for (const TransferJob &job : page) {
            m_rows.append(job.id);
            m_jobs.insert(job.id, new TransferJob(job));
        }
        if (!page.isEmpty())
            m_lastId = page.last().id;
    }
    endResetModel();
    recount(true);
}

void QueueModel::recount(bool force)
{
    if (!m_queue)
        return;
    const qint64 now = m_clock.elapsed();
    if (!force && m_countedAtMs >= 0 && now - m_countedAtMs < kCountIntervalMs) {
        m_countDirty = true;
        schedule();
        return;
    }
    m_countDirty = false;
    m_countedAtMs = now;
    const qint64 count = m_queue->countJobs(statesOf(m_view));
    if (count != m_count) {
        m_count = count;
        Q_EMIT countChanged(count);
    }
}

bool QueueModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && m_queue;
}

void QueueModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const QList<TransferJob> page = m_queue->jobsIn(m_rowStates, m_lastId, m_pageSize);
    m_atEnd = page.size() < m_pageSize;
    if (page.isEmpty())
        return;
    // A job already shown (moved in by a change) is not shown twice.
    QList<const TransferJob *> fresh;
    for (const TransferJob &job : page) {
        if (!std::binary_search(m_rows.cbegin(), m_rows.cend(), job.id))
            fresh.append(&job);
    }
    m_lastId = page.last().id;
    if (fresh.isEmpty())
        return;
    const int first = int(m_running.size() + m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const TransferJob *job : fresh) {
        m_rows.append(job->id);
        m_jobs.insert(job->id, new TransferJob(*job));
    }
    endInsertRows();
}

QueueModel::Segment QueueModel::segmentFor(State state) const
{
    if (m_view == View::Queued && state == State::Running)
        return Segment::Running;
    return m_rowStates.contains(state) ? Segment::Rows : Segment::None;
}

void QueueModel::onJobChanged(const TransferJob &job)
{
    m_pending.insert(job.id, job);
    schedule();
}

void QueueModel::refreshJobs(const QList<qint64> &ids)
{
    if (!m_queue)
        return;
    for (qint64 id : ids) {
        if (std::optional<TransferJob> job = m_queue->job(id))
            m_pending.insert(id, *job);
    }
    m_countDirty = true;
    schedule();
}

void QueueModel::onProgress(const QueueProgress &progress)
{
    if (m_view != View::Queued)
        return;
    const qint64 now = m_clock.elapsed();
    QHash<qint64, Live> live;
    for (const QueueProgress::Job &p : progress.jobs) {
        Live l = m_live.value(p.id);
        if (l.sampleMs > 0 && now > l.sampleMs && p.bytesDone >= l.bytesDone) {
            const double rate = double(p.bytesDone - l.bytesDone) * 1000.0 / double(now - l.sampleMs);
            // Smoothed, so that the column does not jump with every sample.
            l.bytesPerSecond = l.bytesPerSecond > 0 ? 0.7 * l.bytesPerSecond + 0.3 * rate : rate;
        }
        l.bytesDone = p.bytesDone;
        l.size = p.size;
        l.sampleMs = now;
        live.insert(p.id, l);
    }
    m_live = live;
    m_progressArrived = true;
    schedule();
}

void QueueModel::schedule()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void QueueModel::flush()
{
    m_timer.stop();
    if (m_moreArrived) {
        m_moreArrived = false;
        m_atEnd = false;
    }
    const bool changed = !m_pending.isEmpty();
    QList<TransferJob> pending = m_pending.values();
    m_pending.clear();
    std::sort(pending.begin(), pending.end(),
              [](const TransferJob &a, const TransferJob &b) { return a.id < b.id; });
    for (const TransferJob &job : std::as_const(pending))
        apply(job);
    if (m_progressArrived && !m_running.isEmpty()) {
        m_progressArrived = false;
        Q_EMIT dataChanged(index(0, SizeColumn), index(int(m_running.size()) - 1, EtaColumn));
    }
    if (!m_atEnd) {
        if (m_rows.size() < m_pageSize)
            fetchMore({});
        if (!m_atEnd)
            Q_EMIT moreAvailable();
    }
    if (changed || m_countDirty)
        recount(false);
}

int QueueModel::rowOf(qint64 id) const
{
    auto it = std::lower_bound(m_running.cbegin(), m_running.cend(), id);
    if (it != m_running.cend() && *it == id)
        return int(it - m_running.cbegin());
    it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id);
    if (it != m_rows.cend() && *it == id)
        return int(m_running.size() + (it - m_rows.cbegin()));
    return -1;
}

void QueueModel::apply(const TransferJob &job)
{
    const int row = rowOf(job.id);
    const Segment now = row < 0 ? Segment::None : row < m_running.size() ? Segment::Running : Segment::Rows;
    const Segment next = segmentFor(job.state);
    if (now != Segment::None && now == next) {
        m_jobs.insert(job.id, new TransferJob(job));
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    if (now == Segment::Running)
        removeAt(m_running, 0, row);
    else if (now == Segment::Rows)
        removeAt(m_rows, int(m_running.size()), row - int(m_running.size()));
    if (next == Segment::None) {
        m_jobs.remove(job.id);
        return;
    }
    m_jobs.insert(job.id, new TransferJob(job));
    if (next == Segment::Running)
        insertSorted(m_running, 0, job.id);
    else if (job.id <= m_lastId)
        insertSorted(m_rows, int(m_running.size()), job.id);
    else
        m_atEnd = false; // beyond what was read: the next page brings it
}

void QueueModel::insertSorted(QList<qint64> &list, int offset, qint64 id)
{
    const int at = int(std::lower_bound(list.cbegin(), list.cend(), id) - list.cbegin());
    beginInsertRows({}, offset + at, offset + at);
    list.insert(at, id);
    endInsertRows();
}

void QueueModel::removeAt(QList<qint64> &list, int offset, int index)
{
    beginRemoveRows({}, offset + index, offset + index);
    list.removeAt(index);
    endRemoveRows();
}

qint64 QueueModel::jobId(int row) const
{
    if (row < 0)
        return 0;
    if (row < m_running.size())
        return m_running.at(row);
    row -= int(m_running.size());
    return row < m_rows.size() ? m_rows.at(row) : 0;
}

const TransferJob *QueueModel::cached(qint64 id) const
{
    if (id == 0)
        return nullptr;
    if (TransferJob *job = m_jobs.object(id))
        return job;
    if (!m_queue)
        return nullptr;
    std::optional<TransferJob> job = m_queue->job(id);
    if (!job)
        return nullptr;
    auto *copy = new TransferJob(*job);
    m_jobs.insert(id, copy);
    return copy;
}

std::optional<TransferJob> QueueModel::jobAt(int row) const
{
    if (const TransferJob *job = cached(jobId(row)))
        return *job;
    return std::nullopt;
}

int QueueModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_running.size() + m_rows.size());
}

int QueueModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString QueueModel::hostOf(const QString &siteKey) const
{
    if (m_siteNamer) {
        const QString name = m_siteNamer(siteKey);
        if (!name.isEmpty())
            return name;
    }
    const SiteKey key = SiteKey::fromString(siteKey);
    if (key.isSite())
        return siteKey;
    const QUrl url(key.url());
    return url.host().isEmpty() ? siteKey : url.host();
}

QString QueueModel::statusText(const TransferJob &job)
{
    const bool folder = job.isFolder();
    const bool move = job.removeSource; // uploads and downloads only
    switch (job.state) {
    case State::Queued:
        return job.attempts > 0 ? tr("Waiting to retry (attempt %1): %2").arg(job.attempts + 1).arg(job.error)
               : move           ? tr("Waiting (move)")
                                : tr("Waiting");
    case State::Running:
        if (folder)
            return job.kind == Kind::DeleteFolder ? tr("Deleting") : tr("Reading the folder");
        if (job.kind == Kind::DeleteFile)
            return tr("Deleting");
        if (job.kind == Kind::MakeDirectory)
            return tr("Creating the folder");
        return job.resume ? tr("Resuming") : move ? tr("Moving") : tr("Transferring");
    case State::Paused:
        return tr("Paused");
    case State::Waiting:
        return tr("Waiting for its contents");
    case State::Done:
        if (move)
            return folder ? tr("Moved (folder removed)") : tr("Moved");
        return folder ? tr("Done (folder read)") : tr("Done");
    case State::Failed:
        return job.error.isEmpty() ? tr("Failed") : tr("Failed: %1").arg(job.error);
    case State::Skipped:
        return job.error.isEmpty() ? tr("Skipped") : tr("Skipped: %1").arg(job.error);
    case State::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QVariant QueueModel::display(const TransferJob &job, int column) const
{
    const Live live = m_live.value(job.id);
    const bool running = job.state == State::Running && m_live.contains(job.id);
    const qint64 size = running && live.size >= 0 ? live.size : job.size;
    switch (column) {
    case LocalColumn: // a copy between servers: where it goes, on the other server
        return job.isCopy() ? QStringLiteral("%1: %2").arg(hostOf(job.targetSite), job.targetPath)
                            : job.localPath;
    case DirectionColumn:
        if (job.kind == Kind::DeleteFile || job.kind == Kind::DeleteFolder)
            return QStringLiteral("✕");
        if (job.isCopy())
            return QStringLiteral("⇐");
        if (job.removeSource) // a move: the arrow from a bar, the source left behind empty
            return isUpload(job.kind) ? QStringLiteral("↦") : QStringLiteral("↤");
        return isUpload(job.kind) ? QStringLiteral("→") : QStringLiteral("←");
    case RemoteColumn:
        return job.remotePath;
    case SizeColumn:
        return job.isFile() && size >= 0 ? Format::size(size) : QString();
    case ProgressColumn: {
        const double percent = percentOf(job);
        return percent < 0 ? QString() : QStringLiteral("%1 %").arg(int(percent));
    }
    case SpeedColumn:
        return running && live.bytesPerSecond > 0 ? tr("%1/s").arg(Format::size(qint64(live.bytesPerSecond)))
                                                  : QString();
    case EtaColumn:
        if (running && live.bytesPerSecond > 1 && size >= live.bytesDone)
            return duration(qint64(double(size - live.bytesDone) / live.bytesPerSecond));
        return {};
    case StatusColumn:
        return statusText(job);
    case HostColumn:
        return hostOf(job.site);
    default:
        return {};
    }
}

double QueueModel::percentOf(const TransferJob &job) const
{
    if (job.state == State::Done)
        return 100.0;
    const auto it = m_live.constFind(job.id);
    const qint64 done = it != m_live.cend() ? it->bytesDone : job.bytesDone;
    const qint64 size = it != m_live.cend() && it->size >= 0 ? it->size : job.size;
    if (!job.isFile() || size < 0)
        return -1.0;
    return size == 0 ? 0.0 : qBound(0.0, 100.0 * double(done) / double(size), 100.0);
}

QVariant QueueModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const TransferJob *job = cached(jobId(index.row()));
    if (!job)
        return {};
    switch (role) {
    case Qt::DisplayRole:
        return display(*job, index.column());
    case Qt::ToolTipRole:
        if (index.column() == DirectionColumn)
            return job->isCopy() ? tr("Copy between servers")
                   : job->removeSource && isUpload(job->kind)
                       ? tr("Move to the server (the local copy is deleted once sent)")
                   : job->removeSource   ? tr("Move from the server (its copy is deleted once downloaded)")
                   : isUpload(job->kind) ? tr("Upload")
                   : job->kind == Kind::Download || job->kind == Kind::DownloadFolder ? tr("Download")
                                                                                      : tr("Delete");
        return display(*job, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == SizeColumn || index.column() == SpeedColumn || index.column() == EtaColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == DirectionColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        return {};
    case JobIdRole:
        return job->id;
    case StateRole:
        return int(job->state);
    case KindRole:
        return int(job->kind);
    case PercentRole:
        return percentOf(*job);
    case ErrorRole:
        return job->error;
    case LocalPathRole:
        return job->localPath;
    case RemotePathRole:
        return job->remotePath;
    default:
        return {};
    }
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LocalColumn:
        return tr("Local file");
    case DirectionColumn:
        return QString();
    case RemoteColumn:
        return tr("Remote file");
    case SizeColumn:
        return tr("Size");
    case ProgressColumn:
        return tr("Progress");
    case SpeedColumn:
        return tr("Speed");
    case EtaColumn:
        return tr("Time left");
    case StatusColumn:
        return tr("Status");
    case HostColumn:
        return tr("Server");
    default:
        return {};
    }
}

} // namespace ferry
