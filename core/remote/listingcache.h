#pragma once

#include "entrystore.h"
#include "listing/direntry.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace ferry {

// Folder listings by (site, path), shared by the listers of one process: going back to a
// folder shows it at once (and refreshes behind), and our own uploads, renames and
// deletes update it without a new listing. Bounded: the least recently used folders go
// once more than `maxEntries` entries are held.
class ListingCache final {
public:
    explicit ListingCache(qsizetype maxEntries = 500000);

    struct Folder {
        EntryStore entries; // shared with the lister that stored it
        QDateTime listedAt; // UTC
    };

    const Folder *find(const QString &site, const QString &path);
    void store(const QString &site, const QString &path, const EntryStore &entries);
    void forget(const QString &site, const QString &path);
    // Our own changes to a cached folder (no-ops when it is not cached).
    void upsert(const QString &site, const QString &path, const DirEntry &entry);
    void remove(const QString &site, const QString &path, const QString &name);
    // Every cached folder of a site (a new connection to it, say).
    void forgetSite(const QString &site);
    qsizetype entryCount() const { return m_count; }

private:
    static QString key(const QString &site, const QString &path) { return site + QChar(0) + path; }
    void trim();

    struct Slot {
        Folder folder;
        quint64 lastUse = 0;
    };
    QHash<QString, Slot> m_folders;
    qsizetype m_maxEntries;
    qsizetype m_count = 0;
    quint64 m_clock = 0;
};

} // namespace ferry
