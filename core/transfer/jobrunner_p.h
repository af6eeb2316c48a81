// JobRunner's pieces shared by its source files (jobrunner*.cpp); not for other users.
#pragma once

#include "jobrunner.h"
#include "listedtime.h"
#include "localtree.h"

#include <QDateTime>
#include <QDirIterator>
#include <QHash>
#include <QTimeZone>

namespace ferry::jobrunner {

using Overwrite = TransferJob::Overwrite;
constexpr int ChildBatch = 2000;   // rows a folder job stores per transaction (and per turn)
constexpr qint64 LocalBatchMs = 5; // reading a local folder: at most this long per turn

inline QDateTime fromMs(qint64 ms)
{
    return ms < 0 ? QDateTime() : QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
}

// The time a stat() found, in ms since the epoch, or Unknown.
inline qint64 statTimeMs(const RemoteCall *call)
{
    const DirEntry &e = call->entry();
    if (!call->succeeded() || e.timePrecision != DirEntry::TimePrecision::Second || !e.date.isValid())
        return TransferJob::Unknown;
    return QDateTime(e.date, e.time, e.timeIsUtc ? QTimeZone::utc() : QTimeZone::systemTimeZone())
        .toMSecsSinceEpoch();
}

} // namespace ferry::jobrunner

namespace ferry {

// A local folder read a batch at a time (at most ChildBatch entries or LocalBatchMs per turn of
// the event loop), so that a folder of 100,000 files never holds the thread (the window's) for
// long.
struct JobRunner::LocalExpansion {
    LocalExpansion(const QString &path, bool followLinks, std::function<QString()> top,
                   QHash<QString, std::pair<qint64, ListedTime>> existing, bool remoteWasCreated)
        : existing(std::move(existing))
        , remoteWasCreated(remoteWasCreated)
        , tree(path, followLinks, std::move(top))
        , it(path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System)
    {
    }
    QHash<QString, std::pair<qint64, ListedTime>> existing;
    bool remoteWasCreated;
    LocalTree tree;
    QDirIterator it;
};

} // namespace ferry
