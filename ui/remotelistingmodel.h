#pragma once

#include "listing/direntry.h"

#include <QAbstractTableModel>
#include <QList>

namespace ferry {

// The entries of one remote folder, for a QTableView. Folders sort first.
class RemoteListingModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteListingModel)
public:
    enum Column { NameColumn, SizeColumn, ModifiedColumn, PermissionsColumn, ColumnCount };
    enum Role { IsDirRole = Qt::UserRole + 1 };

    explicit RemoteListingModel(QObject *parent = nullptr);

    void setEntries(QList<DirEntry> entries);
    const DirEntry *entryAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DirEntry> m_entries;
};

} // namespace ferry
