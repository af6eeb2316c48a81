#pragma once

#include "entrystore.h"
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
// Entries are unique by name (a duplicated name in a listing keeps its first entry), kept
// packed in an EntryStore (shared with the cache) in the order they came.
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
    const EntryStore &items() const { return m_items; }
    // While itemsRemoved() is being emitted: where the removed entries were in items()
    // before the removal, ascending (a model maps its rows with them).
    const QList<qsizetype> &removedPositions() const { return m_removedPositions; }
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
    // itemsAdded() for everything in m_items (a folder from the cache).
    void announceAll();
    void diffAgainstShown(const EntryStore &all);
    // Removes the entries at `positions` (ascending) and tells the views.
    void removeAt(QList<qsizetype> positions);

    QString m_site;
    ListingCache *m_cache;
    QString m_path;
    EntryStore m_items;
    QList<qsizetype> m_removedPositions; // see removedPositions()
    EntryStore m_incoming;               // a refresh's batches, diffed when it is done
    bool m_loading = false;
    bool m_streaming = false; // a first listing: batches go straight to the view
};

} // namespace ferry
