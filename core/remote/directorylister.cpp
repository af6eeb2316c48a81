#include "directorylister.h"

#include "listingcache.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRemote, "ferry.remote", QtWarningMsg)

namespace ferry {

DirectoryLister::DirectoryLister(QString cacheSite, ListingCache *cache, QObject *parent)
    : QObject(parent)
    , m_site(std::move(cacheSite))
    , m_cache(cache)
{
}

DirectoryLister::~DirectoryLister() = default;

void DirectoryLister::openPath(const QString &path)
{
    if (m_loading)
        cancelListing();
    m_loading = false;
    m_path = path;
    m_items.clear();
    Q_EMIT started(path);
    const ListingCache::Folder *cached = m_cache ? m_cache->find(m_site, path) : nullptr;
    qCDebug(lcRemote) << m_site << "open" << path << (cached ? "cached" : "not cached");
    if (cached) {
        // Shown at once (the cache's store, shared); the refresh behind it is a diff.
        m_items = cached->entries;
        announceAll();
        Q_EMIT completed(path);
    }
    m_streaming = !cached;
    beginListing();
}

void DirectoryLister::refresh()
{
    if (m_path.isEmpty())
        return;
    if (m_loading)
        cancelListing();
    m_streaming = false;
    beginListing();
}

void DirectoryLister::beginListing()
{
    m_loading = true;
    m_incoming.clear();
    startListing(m_path);
}

void DirectoryLister::listingBatch(const QList<DirEntry> &batch)
{
    if (!m_loading)
        return;
    if (m_streaming) {
        deliverNew(batch);
        return;
    }
    for (const DirEntry &entry : batch) {
        if (!m_incoming.contains(entry.name)) // a name listed twice keeps its first entry
            m_incoming.append(entry);
    }
}

void DirectoryLister::listingDone(const QList<DirEntry> &all)
{
    if (!m_loading)
        return;
    m_loading = false;
    if (m_streaming) {
        // Batches were shown as they came; whatever came only now (no batches) follows.
        if (m_items.isEmpty() && !all.isEmpty())
            deliverNew(all);
    } else {
        diffAgainstShown(all.isEmpty() ? std::exchange(m_incoming, {}) : EntryStore::fromList(all));
    }
    m_incoming.clear();
    m_streaming = false;
    if (m_cache)
        m_cache->store(m_site, m_path, m_items);
    qCDebug(lcRemote) << m_site << "listed" << m_path << m_items.size() << "entries";
    Q_EMIT completed(m_path);
}

void DirectoryLister::listingFailed(const RemoteError &error)
{
    if (!m_loading)
        return;
    m_loading = false;
    m_streaming = false;
    m_incoming.clear();
    qCDebug(lcRemote) << m_site << "listing" << m_path << "failed:" << error.toString();
    Q_EMIT errorOccurred(m_path, error);
}

void DirectoryLister::deliverNew(const QList<DirEntry> &batch)
{
    // The batch itself is sent on, unless a name in it is shown already (or repeats).
    QList<DirEntry> fresh;
    bool filtered = false;
    for (qsizetype i = 0; i < batch.size(); ++i) {
        const DirEntry &entry = batch.at(i);
        if (m_items.contains(entry.name)) {
            if (!std::exchange(filtered, true))
                fresh = batch.first(i);
            continue; // a name listed twice keeps its first entry
        }
        m_items.append(entry);
        if (filtered)
            fresh.append(entry);
    }
    const QList<DirEntry> &sent = filtered ? fresh : batch;
    if (!sent.isEmpty())
        Q_EMIT itemsAdded(sent);
}

void DirectoryLister::announceAll()
{
    // In slices, so that a 100,000-entry folder is never made into DirEntry values at once.
    constexpr qsizetype kSlice = 4096;
    for (qsizetype first = 0; first < m_items.size(); first += kSlice) {
        QList<DirEntry> slice;
        slice.reserve(qMin(kSlice, m_items.size() - first));
        for (qsizetype i = first; i < first + kSlice && i < m_items.size(); ++i)
            slice.append(m_items.at(i));
        Q_EMIT itemsAdded(slice);
    }
}

void DirectoryLister::diffAgainstShown(const EntryStore &all)
{
    QList<qsizetype> gone;
    for (qsizetype i = 0; i < m_items.size(); ++i) {
        if (!all.contains(m_items.name(i)))
            gone.append(i);
    }
    removeAt(std::move(gone));
    QList<DirEntry> changed;
    QList<DirEntry> added;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const qsizetype at = m_items.indexOf(all.name(i));
        if (at < 0) {
            added.append(all.at(i));
        } else if (!m_items.sameAttributes(at, all, i)) {
            changed.append(all.at(i));
            m_items.replace(at, changed.last());
        }
    }
    if (!changed.isEmpty())
        Q_EMIT itemsChanged(changed);
    deliverNew(added);
}

void DirectoryLister::removeAt(QList<qsizetype> positions)
{
    if (positions.isEmpty())
        return;
    QStringList names;
    names.reserve(positions.size());
    for (qsizetype at : std::as_const(positions))
        names.append(m_items.name(at).toString());
    qsizetype next = 0;
    m_items.removeIf([&positions, &next](qsizetype i) {
        if (next < positions.size() && positions.at(next) == i) {
            ++next;
            return true;
        }
        return false;
    });
    m_removedPositions = std::move(positions);
    Q_EMIT itemsRemoved(names);
    m_removedPositions.clear();
}

void DirectoryLister::applyAdded(const QString &folder, const DirEntry &entry)
{
    if (m_cache)
        m_cache->upsert(m_site, folder, entry);
    if (folder != m_path)
        return;
    const qsizetype at = m_items.indexOf(entry.name);
    if (at < 0) {
        deliverNew({entry});
    } else if (!m_items.sameAttributes(at, entry)) {
        m_items.replace(at, entry);
        Q_EMIT itemsChanged({entry});
    }
}

void DirectoryLister::applyRemoved(const QString &folder, const QString &name)
{
    if (m_cache)
        m_cache->remove(m_site, folder, name);
    if (folder != m_path)
        return;
    if (const qsizetype at = m_items.indexOf(name); at >= 0)
        removeAt({at});
}

void DirectoryLister::applyRenamed(const QString &folder, const QString &from, const QString &to)
{
    const qsizetype at = folder == m_path ? m_items.indexOf(from) : -1;
    DirEntry entry;
    if (at >= 0) {
        entry = m_items.at(at);
    } else if (const ListingCache::Folder *cached = m_cache ? m_cache->find(m_site, folder) : nullptr) {
        const qsizetype cachedAt = cached->entries.indexOf(from);
        if (cachedAt < 0)
            return;
        entry = cached->entries.at(cachedAt);
    } else {
        return;
    }
    applyRemoved(folder, from);
    applyRemoved(folder, to); // a rename over an existing name replaces it
    entry.name = to;
    entry.rawName.clear(); // the server's bytes for the new name come with the next listing
    applyAdded(folder, entry);
}

} // namespace ferry
