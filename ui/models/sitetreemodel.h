#pragma once

#include "sites/siteprofile.h"

#include <QIcon>
#include <QStandardItemModel>

namespace ferry {

// The site manager's tree: folders (nested, from the sites' "Folder/Sub" paths, plus empty
// ones the user just made) and sites, sorted by name. Rebuilt from a list of profiles; a
// drag carries site ids and folder paths, and a drop asks (moveRequested) for them to go
// into the folder under the cursor: the dialog moves them and rebuilds, the model never
// moves rows itself.
class SiteTreeModel final : public QStandardItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteTreeModel)
public:
    enum Kind { Folder, Site };
    enum Role {
        KindRole = Qt::UserRole + 1,
        IdRole,     // a site's id
        FolderRole, // a folder's own path; a site's folder
        SearchRole, // what the search field matches: name, host, user
    };
    static constexpr const char *kMimeType = "application/x-ferry-sites";

    explicit SiteTreeModel(QObject *parent = nullptr);
    void setIcons(const QIcon &folder, const QIcon &site);

    void setSites(const QList<SiteProfile> &sites, const QStringList &emptyFolders = {});
    QModelIndex indexOfSite(const QUuid &id) const;
    QModelIndex indexOfFolder(const QString &path) const;
    // The folder a new site or folder goes into when `index` is current.
    static QString folderAt(const QModelIndex &index);

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    // Copy only: a drag never makes the view remove rows (the dialog rebuilds instead).
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction | Qt::MoveAction; }

Q_SIGNALS:
    void moveRequested(const QList<QUuid> &sites, const QStringList &folders, const QString &into);

private:
    QStandardItem *folderItem(const QString &path);
    QHash<QString, QStandardItem *> m_folders;
    QIcon m_folderIcon;
    QIcon m_siteIcon;
};

} // namespace ferry
