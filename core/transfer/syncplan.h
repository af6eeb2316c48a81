#pragma once

#include "treecomparison.h"

#include <QCoreApplication>
#include <QString>
#include <optional>

namespace ferry {

// What a sync does with one compared path (issue #18 §1).
struct SyncAction {
    enum class Kind {
        Upload,
        Download,
        MakeRemoteFolder,
        MakeLocalFolder,
        DeleteRemote, // a folder: with everything in it
        DeleteLocal,
        Conflict, // reported, never overwritten
    };
    Kind kind = Kind::Upload;
    QString path; // relative to both roots
    bool folder = false;
    qint64 size = -1;    // the source's size (transfers)
    qint64 mtimeMs = -1; // the source's time, when exact (transfers)
    QString reason;      // Conflict: why

    static QString kindName(Kind kind); // "upload", "download", "mkdir-remote", ...
};

enum class SyncDirection { Up, Down, Both };

// Turns compared entries into actions, one entry at a time (no state beyond the settings).
//
// - up (down is its mirror): a file only here is uploaded, a folder only here made (and
//   walked); a file that differs is uploaded, except when the only difference is that the
//   server's copy is newer (a server that cannot set times makes every upload newer);
//   what is only on the server is deleted (folders whole) with `deleteExtra`, else left.
// - both: what is on one side only is copied to the other; a file that differs goes from
//   the side that changed since the last sync (`lastSyncMs`, -1: never) to the other; changed
//   on both sides, or with nothing to tell which side changed, it is a Conflict. Deleting is
//   refused in `both` (a file new on one side cannot be told from one deleted on the other).
// - Skipped entries (links, special files, a file facing a folder) are Conflicts with their
//   reason: nothing is done to them.
class SyncPlanner {
    Q_DECLARE_TR_FUNCTIONS(ferry::SyncPlanner)
public:
    SyncPlanner(SyncDirection direction, bool deleteExtra, qint64 lastSyncMs = -1);

    std::optional<SyncAction> plan(const ComparedEntry &entry) const;
    // TreeComparison's descend filter: walk one-sided folders that are copied, not deleted ones.
    bool descend(const ComparedEntry &entry) const;

private:
    std::optional<SyncAction> planOneSided(const ComparedEntry &entry) const;
    std::optional<SyncAction> planDifferent(const ComparedEntry &entry) const;
    SyncAction transfer(const ComparedEntry &entry, bool upload) const;

    SyncDirection m_direction;
    bool m_delete;
    qint64 m_lastSyncMs;
};

// When a pair of folders was last synchronised in both directions, kept in
// <data>/ferry/sync-state.json ({"<local>\n<remote URL>": ms}), so that `both` can tell
// which side changed. Written only after a sync that ended without failures.
class SyncState {
public:
    static QString defaultPath();
    explicit SyncState(const QString &path = defaultPath());
    qint64 lastSync(const QString &key) const; // -1: never
    bool setLastSync(const QString &key, qint64 ms, QString *error);

private:
    QString m_path;
};

} // namespace ferry
