#include "syncplan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace ferry {

using Status = ComparedEntry::Status;
using Newer = ComparedEntry::Newer;
using Kind = SyncAction::Kind;

QString SyncAction::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Upload:
        return QStringLiteral("upload");
    case Kind::Download:
        return QStringLiteral("download");
    case Kind::MakeRemoteFolder:
        return QStringLiteral("mkdir-remote");
    case Kind::MakeLocalFolder:
        return QStringLiteral("mkdir-local");
    case Kind::DeleteRemote:
        return QStringLiteral("delete-remote");
    case Kind::DeleteLocal:
        return QStringLiteral("delete-local");
    case Kind::Conflict:
        return QStringLiteral("conflict");
    }
    return {};
}

SyncPlanner::SyncPlanner(SyncDirection direction, bool deleteExtra, qint64 lastSyncMs)
    : m_direction(direction)
    , m_delete(deleteExtra)
    , m_lastSyncMs(lastSyncMs)
{
}

SyncAction SyncPlanner::transfer(const ComparedEntry &entry, bool upload) const
{
    SyncAction action;
    action.path = entry.path;
    action.folder = entry.folder;
    if (entry.folder) {
        action.kind = upload ? Kind::MakeRemoteFolder : Kind::MakeLocalFolder;
        return action;
    }
    action.kind = upload ? Kind::Upload : Kind::Download;
    action.size = upload ? entry.localSize : entry.remoteSize;
    action.mtimeMs = upload ? entry.localMtimeMs : (entry.remoteTimeExact ? entry.remoteMtimeMs : -1);
    return action;
}

std::optional<SyncAction> SyncPlanner::planOneSided(const ComparedEntry &entry) const
{
    const bool local = entry.status == Status::OnlyLocal;
    const bool copy = m_direction == SyncDirection::Both || (local == (m_direction == SyncDirection::Up));
    if (copy)
        return transfer(entry, local);
    if (!m_delete)
        return std::nullopt;
    SyncAction action;
    action.kind = local ? Kind::DeleteLocal : Kind::DeleteRemote;
    action.path = entry.path;
    action.folder = entry.folder;
    return action;
}

std::optional<SyncAction> SyncPlanner::planDifferent(const ComparedEntry &entry) const
{
    if (m_direction != SyncDirection::Both) {
        const bool up = m_direction == SyncDirection::Up;
        // Only a newer target, same size: a server (or a disk) that did not keep the time.
        const Newer targetNewer = up ? Newer::Remote : Newer::Local;
        if (!entry.sizeDiffers && !entry.checksumDiffers && entry.newer == targetNewer)
            return std::nullopt;
        return transfer(entry, up);
    }
    const bool localChanged = m_lastSyncMs < 0 || entry.localMtimeMs > m_lastSyncMs;
    // A time listed to the minute may be anywhere in it: changed unless the whole minute is
    // older. (To the second: the listed second itself, so that a file uploaded in the last
    // second of a sync to a server that cannot set times does not count as changed.)
    const qint64 remoteLatest = entry.remoteMtimeMs + (entry.remoteTimeExact ? 0 : 59999);
    const bool remoteChanged = m_lastSyncMs < 0 || entry.remoteMtimeMs < 0 || remoteLatest > m_lastSyncMs;
    if (m_lastSyncMs >= 0 && !localChanged && !remoteChanged) {
        // Neither side changed since the last sync: what differs is only how each side kept
        // the time (an upload to a server without MFMT), unless the contents differ.
        if (!entry.sizeDiffers && !entry.checksumDiffers)
            return std::nullopt;
    }
    SyncAction conflict;
    conflict.kind = Kind::Conflict;
    conflict.path = entry.path;
    if (localChanged && remoteChanged) {
        // Never synchronised: the newer side wins when the times tell.
        if (m_lastSyncMs < 0 && entry.newer == Newer::Local)
            return transfer(entry, true);
        if (m_lastSyncMs < 0 && entry.newer == Newer::Remote)
            return transfer(entry, false);
        conflict.reason = m_lastSyncMs < 0
                              ? tr("%1: differs, and the times cannot tell which is newer").arg(entry.path)
                              : tr("%1: changed on both sides since the last sync").arg(entry.path);
        return conflict;
    }
    if (localChanged)
        return transfer(entry, true);
    if (remoteChanged)
        return transfer(entry, false);
    conflict.reason = tr("%1: differs, but neither side changed since the last sync").arg(entry.path);
    return conflict;
}

std::optional<SyncAction> SyncPlanner::plan(const ComparedEntry &entry) const
{
    switch (entry.status) {
    case Status::Same:
        return std::nullopt;
    case Status::OnlyLocal:
    case Status::OnlyRemote:
        return planOneSided(entry);
    case Status::Different:
        return planDifferent(entry);
    case Status::Skipped: {
        SyncAction action;
        action.kind = Kind::Conflict;
        action.path = entry.path;
        action.reason = entry.reason;
        return action;
    }
    }
    return std::nullopt;
}

bool SyncPlanner::descend(const ComparedEntry &entry) const
{
    const std::optional<SyncAction> action = plan(entry);
    return action && (action->kind == Kind::MakeRemoteFolder || action->kind == Kind::MakeLocalFolder);
}

QString SyncState::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation))
        .filePath(QStringLiteral("ferry/sync-state.json"));
}

SyncState::SyncState(const QString &path)
    : m_path(path)
{
}

qint64 SyncState::lastSync(const QString &key) const
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QJsonObject root = QJsonDocument::fromJson(file.read(16 * 1024 * 1024)).object();
    return root.contains(key) ? qint64(root.value(key).toDouble(-1)) : -1;
}

bool SyncState::setLastSync(const QString &key, qint64 ms, QString *error)
{
    QJsonObject root;
    {
        QFile file(m_path);
        if (file.open(QIODevice::ReadOnly))
            root = QJsonDocument::fromJson(file.read(16 * 1024 * 1024)).object();
    }
    root.insert(key, double(ms));
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly) || out.write(QJsonDocument(root).toJson()) < 0 || !out.commit()) {
        if (error)
            *error = out.errorString();
        return false;
    }
    return true;
}

} // namespace ferry
