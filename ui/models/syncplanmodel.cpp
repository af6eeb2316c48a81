#include "syncplanmodel.h"

#include "formatting.h"

#include <QBrush>
#include <QColor>

namespace ferry {

using Kind = SyncAction::Kind;

SyncPlanModel::SyncPlanModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

SyncPlanModel::~SyncPlanModel() = default;

QString SyncPlanModel::kindText(Kind kind)
{
    switch (kind) {
    case Kind::Upload:
        return tr("Upload");
    case Kind::Download:
        return tr("Download");
    case Kind::MakeRemoteFolder:
        return tr("New folder on the server");
    case Kind::MakeLocalFolder:
        return tr("New folder here");
    case Kind::DeleteRemote:
        return tr("Delete on the server");
    case Kind::DeleteLocal:
        return tr("Delete here");
    case Kind::Conflict:
        return tr("Conflict: left as it is");
    }
    return {};
}

void SyncPlanModel::append(const QList<SyncAction> &actions)
{
    if (actions.isEmpty())
        return;
    const int first = int(m_actions.size());
    beginInsertRows({}, first, first + int(actions.size()) - 1);
    m_actions.append(actions);
    endInsertRows();
}

void SyncPlanModel::clear()
{
    beginResetModel();
    m_actions.clear();
    endResetModel();
}

int SyncPlanModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_actions.size());
}

int SyncPlanModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SyncPlanModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_actions.size())
        return {};
    const SyncAction &a = m_actions.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ActionColumn:
            return kindText(a.kind);
        case PathColumn:
            if (a.kind == Kind::Conflict && !a.reason.isEmpty())
                return a.reason;
            return a.path.isEmpty() ? QStringLiteral(".") : a.folder ? a.path + QLatin1Char('/') : a.path;
        case SizeColumn:
            return a.size >= 0 ? Format::size(a.size) : QString();
        }
        return {};
    case Qt::ToolTipRole:
        return a.reason.isEmpty() ? a.path : a.reason;
    case Qt::ForegroundRole:
        if (index.column() == ActionColumn && (a.kind == Kind::DeleteLocal || a.kind == Kind::DeleteRemote))
            return QBrush(QColor(0xda, 0x44, 0x53)); // Breeze's negative text: on light and dark
        if (index.column() == ActionColumn && a.kind == Kind::Conflict)
            return QBrush(QColor(0xf6, 0x74, 0x00)); // Breeze's neutral text
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case KindRole:
        return int(a.kind);
    }
    return {};
}

QVariant SyncPlanModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ActionColumn:
        return tr("Action");
    case PathColumn:
        return tr("Path");
    case SizeColumn:
        return tr("Size");
    }
    return {};
}

} // namespace ferry
