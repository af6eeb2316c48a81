#pragma once

#include "fileops.h"
#include "listing/direntry.h"
#include "permissions.h"
#include "remote/directorylister.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

namespace ferry {

class DirectoryModel;
class DirectorySortProxy;
class FolderTreeModel;
class RemoteError;

// One side of the window, local or remote, without a widget (Dolphin's view container's
// logic): the folder shown, back/forward history, the models the pane draws (entries,
// order and filter, folder tree) and the file operations, all on the lister and FileOps it
// is given. The two sides differ only in those two objects, so one Pane class shows both.
class PaneController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaneController)
public:
    enum class Side { Local, Remote };
    Q_ENUM(Side)

    PaneController(Side side, QObject *parent = nullptr);
    ~PaneController() override;

    Side side() const { return m_side; }
    bool isRemote() const { return m_side == Side::Remote; }
    // The lister and the file operations (not owned; null: nothing to show, e.g. not
    // connected). `treeLister` lists the folders the tree expands (it shares the cache).
    void attach(DirectoryLister *lister, DirectoryLister *treeLister, FileOps *ops);
    bool isAttached() const { return m_lister != nullptr; }
    DirectoryLister *lister() const { return m_lister; }
    FileOps *ops() const { return m_ops; }

    DirectoryModel *model() const { return m_model; }
    DirectorySortProxy *proxy() const { return m_proxy; }
    FolderTreeModel *tree() const { return m_tree; }

    // --- Navigation ---
    QString path() const { return m_path; }
    // Opens a folder (a cached one shows at once and is refreshed behind). A folder that
    // fails to open is reported and the previous one comes back.
    void open(const QString &path);
    void openChild(const QString &name);
    void up();
    void back();
    void forward();
    void refresh();
    bool canGoBack() const { return !m_back.isEmpty(); }
    bool canGoForward() const { return !m_forward.isEmpty(); }
    bool canGoUp() const { return !m_path.isEmpty() && m_path != QLatin1String("/"); }
    // "/a/./b/../c//" -> "/a/c"; relative paths are taken from the current folder.
    QString resolve(const QString &text) const;

    // --- File operations on the current folder ---
    void makeFolder(const QString &name);
    void makeFile(const QString &name);
    void rename(const QString &from, const QString &to);
    void remove(const QList<DirEntry> &entries, bool permanently);
    void changePermissions(const QList<DirEntry> &entries, const PermissionChange &change);
    // A name not used in the current folder: "New folder", "New folder (2)", ...
    QString freeName(const QString &base) const;

    // Hidden files (names starting with a dot) in the list and the tree.
    void setShowHidden(bool show);
    bool showHidden() const { return m_showHidden; }

Q_SIGNALS:
    void pathChanged(const QString &path);
    void historyChanged();
    void attachedChanged(bool attached);
    void problem(const QString &message);
    void note(const QString &message);
    void loaded(const QString &path); // a folder's listing is complete

private:
    void setPath(const QString &path, bool record);
    void onFailed(const QString &path, const RemoteError &error);
    void updateTree();
    void listNextTreeFolder();
    QStringList folderNames(const EntryStore &entries) const;

    Side m_side;
    QPointer<DirectoryLister> m_lister;
    QPointer<DirectoryLister> m_treeLister;
    QPointer<FileOps> m_ops;
    QList<QMetaObject::Connection> m_connections;
    DirectoryModel *m_model;
    DirectorySortProxy *m_proxy;
    FolderTreeModel *m_tree;
    QString m_path;
    QString m_previous; // shown before the folder being opened (back to it if that fails)
    QStringList m_back;
    QStringList m_forward;
    QStringList m_treeWanted;  // folders the tree asked for, listed one at a time
    QString m_treeListing;     // the one being listed
    bool m_navigating = false; // the folder being opened has not listed yet
    bool m_recovering = false;
    bool m_showHidden = false;
};

} // namespace ferry
