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
    rebuildIndex();
    Q_EMIT started(path);
    const ListingCache::Folder *cached = m_cache ? m_cache->find(m_site, path) : nullptr;
    qCDebug(lcRemote) << m_site << "open" << path << (cached ? "cached" : "not cached");
    if (cached) {
        // Shown at once; the refresh behind it is a diff.
        deliverNew(cached->entries);
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
    if (m_streaming)
        deliverNew(batch);
    else
        m_incoming.append(batch);
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
        diffAgainstShown(all.isEmpty() ? std::exchange(m_incoming, {}) : all);
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
    QList<DirEntry> fresh;
    fresh.reserve(batch.size());
    for (const DirEntry &entry : batch) {
        if (indexOf(entry.name) >= 0)
            continue; // a name listed twice keeps its first entry
        m_items.append(entry);
        addToIndex(m_items.size() - 1);
        fresh.append(entry);
    }
    if (fresh.isEmpty())
        return;
    Q_EMIT itemsAdded(fresh);
}

static bool sameAttributes(const DirEntry &a, const DirEntry &b)
{
    return a.size == b.size && a.date == b.date && a.time == b.time && a.timePrecision == b.timePrecision &&
           a.isDir == b.isDir && a.isLink == b.isLink && a.target == b.target &&
           a.permissions == b.permissions && a.owner == b.owner && a.group == b.group;
}

void DirectoryLister::diffAgainstShown(const QList<DirEntry> &all)
{
    QHash<QString, qsizetype> incoming;
    incoming.reserve(all.size());
    for (qsizetype i = 0; i < all.size(); ++i)
        incoming.insert(all.at(i).name, i); // a duplicate: the last wins here, the first in deliverNew
    QStringList removed;
    for (const DirEntry &shown : std::as_const(m_items)) {
        if (!incoming.contains(shown.name))
            removed.append(shown.name);
    }
    if (!removed.isEmpty()) {
        const QSet<QString> gone(removed.cbegin(), removed.cend());
        m_items.removeIf([&gone](const DirEntry &e) { return gone.contains(e.name); });
        rebuildIndex();
        Q_EMIT itemsRemoved(removed);
    }
    QList<DirEntry> changed;
    QList<DirEntry> added;
    for (const DirEntry &entry : all) {
        const qsizetype at = indexOf(entry.name);
        if (at < 0) {
            added.append(entry);
        } else if (!sameAttributes(m_items.at(at), entry)) {
            m_items[at] = entry;
            changed.append(entry);
        }
    }
    if (!changed.isEmpty())
        Q_EMIT itemsChanged(changed);
    deliverNew(added);
}

// Seeded per process, as QHash is: a server cannot choose names that all collide.
static size_t slotHash(const QString &name)
{
    return qHash(name, QHashSeed::globalSeed());
}

qsizetype DirectoryLister::indexOf(const QString &name) const
{
    if (m_slots.isEmpty())
        return -1;
    const size_t mask = size_t(m_slots.size() - 1);
    for (size_t slot = slotHash(name) & mask;; slot = (slot + 1) & mask) {
        const qint32 pos = m_slots.at(qsizetype(slot));
        if (pos < 0)
            return -1; // the table is never full: this ends
        if (m_items.at(pos).name == name)
            return pos;
    }
}

void DirectoryLister::addToIndex(qsizetype pos)
{
    if ((m_indexed + 1) * 2 > m_slots.size()) {
        rebuildIndex(); // m_items[pos] is indexed there
        return;
    }
    const size_t mask = size_t(m_slots.size() - 1);
    size_t slot = slotHash(m_items.at(pos).name) & mask;
    while (m_slots.at(qsizetype(slot)) >= 0)
        slot = (slot + 1) & mask;
    m_slots[qsizetype(slot)] = qint32(pos);
    ++m_indexed;
}

void DirectoryLister::rebuildIndex()
{
    // A power of two over twice the entries: at most half full, so a probe ends soon.
    qsizetype size = 64;
    while (size < (m_items.size() + 1) * 2)
        size *= 2;
    m_slots.fill(-1, size);
    m_indexed = 0;
    const size_t mask = size_t(size - 1);
    for (qsizetype pos = 0; pos < m_items.size(); ++pos) {
        size_t slot = slotHash(m_items.at(pos).name) & mask;
        while (m_slots.at(qsizetype(slot)) >= 0)
            slot = (slot + 1) & mask;
        m_slots[qsizetype(slot)] = qint32(pos);
        ++m_indexed;
    }
}

void DirectoryLister::applyAdded(const QString &folder, const DirEntry &entry)
{
    if (m_cache)
        m_cache->upsert(m_site, folder, entry);
    if (folder != m_path)
        return;
    const qsizetype at = indexOf(entry.name);
    if (at < 0) {
        deliverNew({entry});
    } else if (!sameAttributes(m_items.at(at), entry)) {
        m_items[at] = entry;
        Q_EMIT itemsChanged({entry});
    }
}

void DirectoryLister::applyRemoved(const QString &folder, const QString &name)
{
    if (m_cache)
        m_cache->remove(m_site, folder, name);
    if (folder != m_path || indexOf(name) < 0)
        return;
    m_items.remove(indexOf(name));
    rebuildIndex();
    Q_EMIT itemsRemoved({name});
}

void DirectoryLister::applyRenamed(const QString &folder, const QString &from, const QString &to)
{
    const qsizetype at = folder == m_path ? indexOf(from) : -1;
    DirEntry entry;
    if (at >= 0) {
        entry = m_items.at(at);
    } else if (const ListingCache::Folder *cached = m_cache ? m_cache->find(m_site, folder) : nullptr) {
        const auto it = std::find_if(cached->entries.cbegin(), cached->entries.cend(),
                                     [&from](const DirEntry &e) { return e.name == from; });
        if (it == cached->entries.cend())
            return;
        entry = *it;
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
