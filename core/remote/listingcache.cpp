#include "listingcache.h"

namespace ferry {

ListingCache::ListingCache(qsizetype maxEntries)
    : m_maxEntries(maxEntries)
{
}

const ListingCache::Folder *ListingCache::find(const QString &site, const QString &path)
{
    auto it = m_folders.find(key(site, path));
    if (it == m_folders.end())
        return nullptr;
    it->lastUse = ++m_clock;
    return &it->folder;
}

void ListingCache::store(const QString &site, const QString &path, const EntryStore &entries)
{
    Slot &slot = m_folders[key(site, path)];
    m_count += entries.size() - slot.folder.entries.size();
    slot.folder.entries = entries;
    slot.folder.listedAt = QDateTime::currentDateTimeUtc();
    slot.lastUse = ++m_clock;
    trim();
}

void ListingCache::forget(const QString &site, const QString &path)
{
    auto it = m_folders.find(key(site, path));
    if (it == m_folders.end())
        return;
    m_count -= it->folder.entries.size();
    m_folders.erase(it);
}

void ListingCache::upsert(const QString &site, const QString &path, const DirEntry &entry)
{
    auto it = m_folders.find(key(site, path));
    if (it == m_folders.end())
        return;
    EntryStore &entries = it->folder.entries;
    if (const qsizetype at = entries.indexOf(entry.name); at >= 0) {
        entries.replace(at, entry);
        return;
    }
    entries.append(entry);
    ++m_count;
}

void ListingCache::remove(const QString &site, const QString &path, const QString &name)
{
    auto it = m_folders.find(key(site, path));
    if (it == m_folders.end())
        return;
    EntryStore &entries = it->folder.entries;
    if (const qsizetype at = entries.indexOf(name); at >= 0) {
        entries.remove(at);
        --m_count;
    }
}

void ListingCache::forgetSite(const QString &site)
{
    const QString prefix = site + QChar(0);
    for (auto it = m_folders.begin(); it != m_folders.end();) {
        if (it.key().startsWith(prefix)) {
            m_count -= it->folder.entries.size();
            it = m_folders.erase(it);
        } else {
            ++it;
        }
    }
}

void ListingCache::trim()
{
    // Bounded: evict the least recently used folders (a handful at most per store).
    while (m_count > m_maxEntries && m_folders.size() > 1) {
        auto oldest = m_folders.begin();
        for (auto it = m_folders.begin(); it != m_folders.end(); ++it) {
            if (it->lastUse < oldest->lastUse)
                oldest = it;
        }
        m_count -= oldest->folder.entries.size();
        m_folders.erase(oldest);
    }
}

} // namespace ferry
