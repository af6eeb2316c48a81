#pragma once

#include "transfer/syncplan.h"

#include <QAbstractTableModel>
#include <QList>

namespace ferry {

// The planned actions of a sync (Transfer > Synchronise…), one row each, appended in the
// batches the planning gives (one beginInsertRows per batch): what (upload, download, folder,
// delete, conflict), the path from the two folders, the size, and for a conflict why.
// Deletions and conflicts are tinted (a deletion in the palette's red, readable on light and
// dark bases).
class SyncPlanModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncPlanModel)
public:
    enum Column { ActionColumn, PathColumn, SizeColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1 };

    explicit SyncPlanModel(QObject *parent = nullptr);
    ~SyncPlanModel() override;

    void append(const QList<SyncAction> &actions);
    void clear();
    const SyncAction &actionAt(int row) const { return m_actions.at(row); }

    // "Upload", "Delete here", ... (the words of the list and of the counts).
    static QString kindText(SyncAction::Kind kind);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SyncAction> m_actions;
};

} // namespace ferry
