#pragma once

#include "filetypes.h"
#include "namecollator.h"
#include "remote/directorylister.h"
#include "remote/remoteerror.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <functional>

namespace ferry {

// One folder's entries, local or remote, for a pane (KIO's KDirModel over KCoreDirLister):
// fed by a DirectoryLister, never by the view. The entries themselves stay in the lister's
// packed EntryStore (row r is lister->items()[r]: the lister appends, keeps its order and
// changes in place); the model keeps, per row, only what sorting by name needs (a collation
// key) and the row's type, 16 bytes and the key.
//
// Batches from the lister become one beginInsertRows() each: while a listing streams in,
// what arrives within kCoalesceMs is inserted together, at most kSliceRows per turn of the
// event loop (the first rows at once), so that a 100,000-entry folder is a few dozen insertions
// and no single one holds the window up. A refresh arrives as removals, changes and
// additions, never as a reset, so selections and the scroll position survive it. Only a new
// folder resets the model.
//
// Display formatting lives here (sizes, times, types); sorting and filtering live in
// DirectorySortProxy, which reads the keys through compareNames() and timeKey().
class DirectoryModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectoryModel)
public:
    enum Column {
        NameColumn,
        SizeColumn,
        TypeColumn,
        ModifiedColumn,
        PermissionsColumn,
        OwnerColumn,
        ColumnCount
    };
    Q_ENUM(Column)
    enum Role { NameRole = Qt::UserRole + 1, IsFolderRole, IsLinkRole, SizeRole, ComparisonRole };
    // A row against the other pane's folder (View > Directory Comparison): None when not comparing.
    enum class Comparison : quint8 { None, Same, OnlyHere, Newer, SizeDiffers };
    Q_ENUM(Comparison)
    struct Totals {
        qint64 files = 0;
        qint64 folders = 0;
        qint64 bytes = 0;
    };
    static constexpr int kCoalesceMs = 250;
    static constexpr int kSliceRows = 8192;

    explicit DirectoryModel(QObject *parent = nullptr);
    ~DirectoryModel() override;

    // Not owned. The model shows whatever the lister shows from now on.
    void setLister(DirectoryLister *lister);
    DirectoryLister *lister() const { return m_lister; }
    QString path() const { return m_path; }
    bool isLoading() const;
    // Names can be edited in place (F2): the model asks with renameRequested(); the
    // controller renames and the lister's applyRenamed() changes the row.
    void setRenamable(bool on) { m_renamable = on; }

    // The row's entry, made from the packed store: for a file operation or a drag, not for
    // reading one field (the accessors below read the store without allocating).
    DirEntry entry(int row) const { return store().at(listerIndex(row)); }
    QStringView name(int row) const { return store().name(listerIndex(row)); }
    qint64 size(int row) const { return store().fileSize(listerIndex(row)); }
    const QString &permissions(int row) const { return store().permissions(listerIndex(row)); }
    const QString &owner(int row) const { return store().owner(listerIndex(row)); }
    const QString &group(int row) const { return store().group(listerIndex(row)); }
    int rowOf(QStringView name) const; // -1 when not shown
    Totals totals() const { return m_totals; }
    // Each name's state against the other side (FolderComparison); names not in it are Same.
    // `comparing` false: none. The rows are tinted (BackgroundRole) and say why (ToolTipRole).
    void setComparison(const QHash<QString, Comparison> &states, bool comparing);
    bool isComparing() const { return m_comparing; }
    Comparison comparison(int row) const;
    FileTypes &fileTypes() { return m_types; }

    // Sort keys, computed once per entry (for DirectorySortProxy).
    int compareNames(int a, int b) const;
    qint64 timeKey(int row) const { return store().timeKey(listerIndex(row)); }
    // The entry's isDir, kept beside the keys (a sort reads it for every comparison).
    bool isFolder(int row) const { return m_meta.at(row).folder; }
    int typeIndex(int row) const;

    // Drag and drop: rows leave as EntryMime from `origin` (EntryMime::localOrigin(), or
    // remoteOrigin(site)); a drop on a folder row or on the list's empty space is handed to
    // the handler with the folder it targets (the row's folder, else this model's folder) and
    // the action: CopyAction between the panes (never a move: nothing is deleted); for entries
    // of this same pane MoveAction (a rename into the folder) or CopyAction (setCopiesWithin).
    using DropHandler =
        std::function<bool(const QMimeData *data, const QString &targetFolder, Qt::DropAction action)>;
    void setDragOrigin(const QString &origin) { m_origin = origin; }
    // Adds to what a drag carries (the remote side: the protocol a file manager downloads by).
    void setDragDecorator(std::function<void(QMimeData *data)> decorator)
    {
        m_decorator = std::move(decorator);
    }
    void setDropHandler(DropHandler handler) { m_dropHandler = std::move(handler); }
    // Files from a file manager (text/uri-list) are taken (the remote side: uploads).
    void setAcceptsFiles(bool on) { m_acceptsFiles = on; }
    // Entries of this pane dropped on another of its folders with Ctrl are copied (local side).
    void setCopiesWithin(bool on) { m_copiesWithin = on; }
    // Entries of `origin` (the other pane of the window) may also be moved here, but only
    // when the user picks "Move Here" in the Shift drop menu (PaneView): dropAcross().
    void setMovableFrom(const QString &origin) { m_movableFrom = origin; }
    bool canMoveAcross(const QMimeData *data) const;
    // The drop menu's choice for entries of the other pane at `parent` (a row of this model,
    // or invalid): CopyAction or MoveAction (a transfer that removes each source after it).
    bool dropAcross(const QMimeData *data, Qt::DropAction action, const QModelIndex &parent);
    // The folder a drop at `parent` (a row of this model, or invalid) goes to; empty: none.
    QString dropFolder(const QModelIndex &parent) const;
    // The action a drop of `data` with these keys held means here (as in file managers):
    // entries of this same pane move (no key, or Shift); Ctrl asks for a copy (refused unless
    // setCopiesWithin: a server cannot copy its own files); anything from elsewhere is copied.
    Qt::DropAction dropActionFor(const QMimeData *data, Qt::KeyboardModifiers modifiers) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override;
    Qt::DropActions supportedDropActions() const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;

Q_SIGNALS:
    void folderStarted(const QString &path);
    void folderCompleted(const QString &path);
    void folderFailed(const QString &path, const ferry::RemoteError &error);
    void totalsChanged();
    void renameRequested(const QString &from, const QString &to);

private:
    struct Meta {
        quint64 keyPrefix = 0;
        quint32 keyOffset : 31;
        quint32 folder : 1;
        mutable qint32 type = -1; // FileTypes index, looked up when first needed
        Meta()
            : keyOffset(0)
            , folder(0)
        {
        }
    };

    void onStarted(const QString &path);
    void onItemsAdded();
    void onItemsRemoved();
    void onItemsChanged(const QList<DirEntry> &batch);
    void onCompleted(const QString &path);
    // Shows up to `limit` of the rows the lister has and the model does not yet.
    void insertPending(int limit);
    int pendingRows() const;
    void recount();
    // While removals are being announced, the lister has already dropped the rows: shown
    // row r is then the lister's r minus the removed rows before it.
    qsizetype listerIndex(int row) const;
    const EntryStore &store() const { return m_lister->items(); }
    static QVariant comparisonTint(Comparison state);
    static QString comparisonText(Comparison state);

    QPointer<DirectoryLister> m_lister;
    QString m_origin;
    DropHandler m_dropHandler;
    std::function<void(QMimeData *)> m_decorator;
    bool m_acceptsFiles = false;
    bool m_copiesWithin = false;
    QString m_movableFrom;
    QList<QMetaObject::Connection> m_connections;
    QString m_path;
    QList<Meta> m_meta;    // one per shown row
    QList<int> m_removing; // rows being removed (ascending), during onItemsRemoved()
    QTimer m_flush;
    QByteArray m_keys; // every row's collation key, NUL-terminated, back to back
    NameCollator m_collator;
    mutable FileTypes m_types;
    Totals m_totals;
    bool m_renamable = false;
    bool m_comparing = false;
    QHash<QString, Comparison> m_comparison; // names that differ from the other side
    bool m_completedPending = false;         // the lister completed; rows are still being handed over
};

} // namespace ferry
