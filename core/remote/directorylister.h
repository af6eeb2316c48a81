#pragma once

#include "listing/direntry.h"
#include "remoteerror.h"
#include "remotepath.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

namespace ferry {

class ListingCache;

// One pane's view of one folder at a time, local or remote (KIO's KCoreDirLister): opens
// paths, keeps the folder's entries, and tells its model what changed in batches, never
// one signal per entry and never a reset on refresh.
//
// - openPath(p): started(p); a cached listing of p is delivered at once (itemsAdded,
//   completed) and refreshed behind; otherwise entries arrive in batches as they are read.
// - A refresh (refresh(), or the one behind a cached folder) diffs the new listing against
//   what is shown: itemsRemoved, itemsChanged (same name, new attributes), itemsAdded.
// - applyAdded/applyRemoved/applyRenamed update the cache (and the view, for the shown
//   folder) after our own uploads, renames and deletes, without a new listing.
//
// Entries are unique by name (a duplicated name in a listing keeps its first entry).
// The back end (RemoteLister, LocalLister) implements startListing()/cancelListing().
class DirectoryLister : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectoryLister)
public:
    ~DirectoryLister() override;

    void openPath(const QString &path);
    void refresh();
    QString path() const { return m_path; }
    bool isLoading() const { return m_loading; }
    const QList<DirEntry> &items() const { return m_items; }
    // The key this lister's folders have in the cache (a site key, or "local").
    QString cacheSite() const { return m_site; }

    void applyAdded(const QString &folder, const DirEntry &entry);
    void applyRemoved(const QString &folder, const QString &name);
    void applyRenamed(const QString &folder, const QString &from, const QString &to);

    // remotepath.h's rules, for local paths too (both sides use '/').
    static QString childPath(const QString &folder, const QString &name)
    {
        return joinRemotePath(folder, name);
    }
    static QString parentPath(const QString &path) { return parentRemotePath(path); }

Q_SIGNALS:
    void started(const QString &path); // a new folder: views empty themselves
    void itemsAdded(const QList<ferry::DirEntry> &batch);
    void itemsRemoved(const QStringList &names);
    void itemsChanged(const QList<ferry::DirEntry> &batch);
    void completed(const QString &path);
    void errorOccurred(const QString &path, const ferry::RemoteError &error);

protected:
    // `cache` may be null (no cache); not owned.
    DirectoryLister(QString cacheSite, ListingCache *cache, QObject *parent);

    // Start listing `path`; report with listingBatch() (optional, any number) and then one
    // listingDone() or listingFailed(). A listing started before is cancelled first.
    // listingDone(all) may pass an empty list when every entry came in batches.
    virtual void startListing(const QString &path) = 0;
    virtual void cancelListing() = 0;

    void listingBatch(const QList<DirEntry> &batch);
    void listingDone(const QList<DirEntry> &all);
    void listingFailed(const RemoteError &error);

private:
    void beginListing();
    void deliverNew(const QList<DirEntry> &batch);
    void diffAgainstShown(const QList<DirEntry> &all);
    // The position of `name` in m_items, -1 when not there.
    qsizetype indexOf(const QString &name) const;
    // Makes m_items[pos] findable by indexOf() (its name must not be there yet).
    void addToIndex(qsizetype pos);
    void rebuildIndex();

    QString m_site;
    ListingCache *m_cache;
    QString m_path;
    QList<DirEntry> m_items;
    // name -> position in m_items: an open-addressing table of positions (-1: empty),
    // hashed by name. 4 bytes a slot, at most half full: about 1 MiB for 100,000 entries,
    // where a QHash<QString, qsizetype> took some 6 MiB.
    QList<qint32> m_slots;
    qsizetype m_indexed = 0;
    QList<DirEntry> m_incoming; // a refresh's batches, diffed when it is done
    bool m_loading = false;
    bool m_streaming = false; // a first listing: batches go straight to the view
};

} // namespace ferry
