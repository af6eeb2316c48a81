#include "foldercomparison.h"

#include "directorysortproxy.h"
#include "transfer/listedtime.h"

namespace ferry {

FolderComparison::FolderComparison(DirectorySortProxy *local, DirectorySortProxy *remote, QObject *parent)
    : QObject(parent)
    , m_localProxy(local)
    , m_remoteProxy(remote)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(kCoalesceMs);
    connect(&m_timer, &QTimer::timeout, this, &FolderComparison::update);
    watch(local->directoryModel());
    watch(remote->directoryModel());
}

FolderComparison::~FolderComparison() = default;

void FolderComparison::watch(DirectoryModel *model)
{
    // A new folder: the old states do not belong to its names; clear them at once.
    const auto clear = [this] {
        if (!m_enabled)
            return;
        m_localProxy->directoryModel()->setComparison({}, false);
        m_remoteProxy->directoryModel()->setComparison({}, false);
        schedule(); // compared again once both are listed
    };
    connect(model, &DirectoryModel::folderStarted, this, clear);
    connect(model, &QAbstractItemModel::modelReset, this, clear);
    connect(model, &DirectoryModel::folderCompleted, this, &FolderComparison::schedule);
    connect(model, &QAbstractItemModel::rowsInserted, this, &FolderComparison::schedule);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &FolderComparison::schedule);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                if (!roles.contains(DirectoryModel::ComparisonRole)) // not our own
                    schedule();
            });
}

void FolderComparison::setEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    m_timer.stop();
    if (!on) {
        m_localProxy->setOnlyDifferences(false);
        m_remoteProxy->setOnlyDifferences(false);
    }
    update();
    if (on && m_onlyDifferences)
        setOnlyDifferences(true);
}

void FolderComparison::setOnlyDifferences(bool on)
{
    m_onlyDifferences = on;
    m_localProxy->setOnlyDifferences(on && m_enabled);
    m_remoteProxy->setOnlyDifferences(on && m_enabled);
}

void FolderComparison::setCriteria(const CompareCriteria &criteria)
{
    m_criteria = criteria;
    schedule();
}

void FolderComparison::schedule()
{
    if (m_enabled && !m_timer.isActive())
        m_timer.start();
}

void FolderComparison::update()
{
    DirectoryModel *local = m_localProxy->directoryModel();
    DirectoryModel *remote = m_remoteProxy->directoryModel();
    const bool ready = m_enabled && local->lister() && remote->lister() && !local->path().isEmpty() &&
                       !remote->path().isEmpty() && !local->isLoading() && !remote->isLoading();
    if (!ready) {
        local->setComparison({}, false);
        remote->setComparison({}, false);
    } else {
        const Result result = compare(local->lister()->items(), remote->lister()->items(), m_criteria);
        local->setComparison(result.local, true);
        remote->setComparison(result.remote, true);
    }
    Q_EMIT updated();
}

FolderComparison::Result FolderComparison::compare(const EntryStore &local, const EntryStore &remote,
                                                   const CompareCriteria &criteria)
{
    Result result;
    for (qsizetype li = 0; li < local.size(); ++li) {
        const qsizetype ri = remote.indexOf(local.name(li));
        if (ri < 0) {
            result.local.insert(local.name(li).toString(), Comparison::OnlyHere);
            continue;
        }
        if (local.isDir(li) || remote.isDir(ri) || local.isLink(li))
            continue; // folders: here on both sides; a file facing a folder and links are not compared
        const DirEntry l = local.at(li);
        ComparedEntry entry;
        entry.path = l.name;
        entry.localSize = l.size;
        entry.localMtimeMs = listedTime(l).ms; // the local lister's time: to the second, UTC
        describeRemoteSide(remote.at(ri), criteria, &entry);
        if (entry.status == ComparedEntry::Status::Skipped)
            continue;
        entry.sizeDiffers =
            entry.localSize >= 0 && entry.remoteSize >= 0 && entry.localSize != entry.remoteSize;
        decideCompared(entry, criteria);
        if (entry.sizeDiffers) {
            result.local.insert(l.name, Comparison::SizeDiffers);
            result.remote.insert(l.name, Comparison::SizeDiffers);
        } else if (entry.newer == ComparedEntry::Newer::Local) {
            result.local.insert(l.name, Comparison::Newer);
        } else if (entry.newer == ComparedEntry::Newer::Remote) {
            result.remote.insert(l.name, Comparison::Newer);
        }
    }
    for (qsizetype ri = 0; ri < remote.size(); ++ri) {
        if (!local.contains(remote.name(ri)))
            result.remote.insert(remote.name(ri).toString(), Comparison::OnlyHere);
    }
    return result;
}

} // namespace ferry
