#include "directorysortproxy.h"

#include "directorymodel.h"

#include <algorithm>
#include <vector>

namespace ferry {

DirectorySortProxy::DirectorySortProxy(QObject *parent)
    : QAbstractProxyModel(parent)
{
}

DirectorySortProxy::~DirectorySortProxy() = default;

void DirectorySortProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    m_model = qobject_cast<DirectoryModel *>(source);
    Q_ASSERT_X(m_model || !source, "DirectorySortProxy", "the source must be a DirectoryModel");
    QAbstractProxyModel::setSourceModel(m_model);
    if (m_model) {
        m_connections = {
            connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); }),
            connect(m_model, &QAbstractItemModel::modelReset, this,
                    [this] {
                        onReset();
                        endResetModel();
                    }),
            connect(m_model, &QAbstractItemModel::rowsInserted, this, &DirectorySortProxy::onRowsInserted),
            connect(m_model, &QAbstractItemModel::rowsAboutToBeRemoved, this,
                    &DirectorySortProxy::onRowsAboutToBeRemoved),
            connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DirectorySortProxy::onRowsRemoved),
            connect(m_model, &QAbstractItemModel::dataChanged, this, &DirectorySortProxy::onDataChanged),
            connect(m_model, &QAbstractItemModel::headerDataChanged, this,
                    &QAbstractItemModel::headerDataChanged),
        };
    }
    onReset();
    endResetModel();
}

// --- Order and filter ---

int DirectorySortProxy::compareColumn(int a, int b) const
{
    const auto three = [](auto u, auto v) { return u < v ? -1 : (v < u ? 1 : 0); };
    switch (m_column) {
    case DirectoryModel::SizeColumn:
        return three(m_model->size(a), m_model->size(b));
    case DirectoryModel::TypeColumn: {
        const int tx = m_model->typeIndex(a);
        const int ty = m_model->typeIndex(b);
        if (tx == ty)
            return 0;
        return m_model->fileTypes().type(tx).description.localeAwareCompare(
            m_model->fileTypes().type(ty).description);
    }
    case DirectoryModel::ModifiedColumn:
        return three(m_model->timeKey(a), m_model->timeKey(b));
    case DirectoryModel::PermissionsColumn:
        return m_model->permissions(a).compare(m_model->permissions(b));
    case DirectoryModel::OwnerColumn: {
        const int c = m_model->owner(a).compare(m_model->owner(b));
        return c ? c : m_model->group(a).compare(m_model->group(b));
    }
    default:
        return 0;
    }
}

bool DirectorySortProxy::lessThan(int a, int b) const
{
    const bool folderA = m_model->isFolder(a);
    if (folderA != m_model->isFolder(b))
        return folderA; // folders first, whichever the direction
    int c = compareColumn(a, b);
    if (c == 0)
        c = compareNameOrder(a, b);
    if (c == 0)
        c = a - b; // equal names (only in byte-different forms): keep the listing's order
    return m_order == Qt::AscendingOrder ? c < 0 : c > 0;
}

int DirectorySortProxy::compareNameOrder(int a, int b) const
{
    if (a < m_nameRank.size() && b < m_nameRank.size())
        return m_nameRank.at(a) - m_nameRank.at(b);
    return m_model->compareNames(a, b);
}

bool DirectorySortProxy::accepts(int sourceRow) const
{
    const QStringView name = m_model->name(sourceRow);
    if (!m_showHidden && name.startsWith(QLatin1Char('.')))
        return false;
    if (m_onlyDifferences && m_model->comparison(sourceRow) == DirectoryModel::Comparison::Same)
        return false;
    if (m_filter.isEmpty())
        return true;
    if (m_wildcard.isValid() && !m_wildcard.pattern().isEmpty())
        return m_wildcard.match(name).hasMatch();
    return name.contains(m_filter, Qt::CaseInsensitive);
}

void DirectorySortProxy::rebuildVisible()
{
    if (!isFiltering()) {
        m_visible = m_sorted;
    } else {
        m_visible.clear();
        for (int row : std::as_const(m_sorted)) {
            if (accepts(row))
                m_visible.append(row);
        }
    }
    m_mapStale = true;
}

void DirectorySortProxy::rebuildSourceMap() const
{
    m_sourceToProxy.fill(-1, m_model ? m_model->rowCount() : 0);
    for (qsizetype i = 0; i < m_visible.size(); ++i)
        m_sourceToProxy[m_visible.at(i)] = int(i);
    m_mapStale = false;
}

int DirectorySortProxy::filteredOutCount() const
{
    return int(m_sorted.size() - m_visible.size());
}

// A layout change that keeps the view's persistent indexes (selection, current row) on
// the same entries.
template<typename Change>
void DirectorySortProxy::changeLayout(Change &&change)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<int> sources;
    sources.reserve(before.size());
    for (const QModelIndex &index : before)
        sources.append(m_visible.value(index.row(), -1));
    change();
    rebuildSourceMap();
    QModelIndexList after;
    after.reserve(before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        const int row = sources.at(i) < 0 ? -1 : m_sourceToProxy.value(sources.at(i), -1);
        after.append(row < 0 ? QModelIndex() : index(row, before.at(i).column()));
    }
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void DirectorySortProxy::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= DirectoryModel::ColumnCount)
        column = DirectoryModel::NameColumn;
    if (column == m_column && order == m_order)
        return;
    if (m_column == DirectoryModel::NameColumn && column != DirectoryModel::NameColumn) {
        // Sorted by name now: remember each row's place, the tie-break of the next order.
        m_nameRank.fill(0, m_sorted.size());
        for (qsizetype i = 0; i < m_sorted.size(); ++i)
            m_nameRank[m_sorted.at(i)] = int(m_order == Qt::AscendingOrder ? i : m_sorted.size() - 1 - i);
    }
    m_column = column;
    m_order = order;
    if (!m_model)
        return;
    changeLayout([this] {
        sortRows();
        rebuildVisible();
    });
}

// By size or time: each row's key is read once into one array, which is sorted (lessThan()
// on 100,000 rows reads the entries some 3 million times, all over the memory). The order
// is lessThan()'s.
void DirectorySortProxy::sortRows()
{
    if (m_column != DirectoryModel::SizeColumn && m_column != DirectoryModel::ModifiedColumn) {
        std::stable_sort(m_sorted.begin(), m_sorted.end(), [this](int a, int b) { return lessThan(a, b); });
        return;
    }
    struct Key {
        qint64 value;
        int rank; // the place by name, -1 when not known (then compareNames decides)
        int row;
        bool folder;
    };
    std::vector<Key> keys;
    keys.reserve(size_t(m_sorted.size()));
    const bool bySize = m_column == DirectoryModel::SizeColumn;
    for (int row : std::as_const(m_sorted)) {
        keys.push_back({bySize ? m_model->size(row) : m_model->timeKey(row), m_nameRank.value(row, -1), row,
                        m_model->isFolder(row)});
    }
    const bool ascending = m_order == Qt::AscendingOrder;
    std::sort(keys.begin(), keys.end(), [this, ascending](const Key &x, const Key &y) {
        if (x.folder != y.folder)
            return x.folder; // folders first, whichever the direction
        int c = x.value < y.value ? -1 : (y.value < x.value ? 1 : 0);
        if (c == 0)
            c = x.rank >= 0 && y.rank >= 0 ? x.rank - y.rank : m_model->compareNames(x.row, y.row);
        if (c == 0)
            c = x.row - y.row; // as lessThan(): a total order, so std::sort is as stable_sort
        return ascending ? c < 0 : c > 0;
    });
    for (size_t i = 0; i < keys.size(); ++i)
        m_sorted[qsizetype(i)] = keys[i].row;
}

void DirectorySortProxy::setFilterText(const QString &text)
{
    if (text == m_filter)
        return;
    beginResetModel();
    m_filter = text;
    m_wildcard = QRegularExpression();
    if (text.contains(QLatin1Char('*')) || text.contains(QLatin1Char('?'))) {
        m_wildcard = QRegularExpression(QRegularExpression::wildcardToRegularExpression(
                                            text, QRegularExpression::UnanchoredWildcardConversion),
                                        QRegularExpression::CaseInsensitiveOption);
    }
    rebuildVisible();
    endResetModel();
}

void DirectorySortProxy::setShowHidden(bool show)
{
    if (show == m_showHidden)
        return;
    beginResetModel();
    m_showHidden = show;
    rebuildVisible();
    endResetModel();
}

void DirectorySortProxy::setOnlyDifferences(bool on)
{
    if (on == m_onlyDifferences)
        return;
    beginResetModel();
    m_onlyDifferences = on;
    rebuildVisible();
    endResetModel();
}

// --- Following the source ---

void DirectorySortProxy::onReset()
{
    m_sorted.clear();
    m_nameRank.clear();
    const int count = m_model ? m_model->rowCount() : 0;
    m_sorted.reserve(count);
    for (int i = 0; i < count; ++i)
        m_sorted.append(i);
    if (m_model)
        sortRows();
    rebuildVisible();
}

void DirectorySortProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    if (first < m_nameRank.size())
        m_nameRank.clear();                    // rows moved: the ranks no longer say which row is which
    if (first < m_model->rowCount() - count) { // not appended: later source rows move down
        for (int &row : m_sorted)
            row += row >= first ? count : 0;
        for (int &row : m_visible)
            row += row >= first ? count : 0;
    }
    QList<int> fresh;
    fresh.reserve(count);
    for (int row = first; row <= last; ++row)
        fresh.append(row);
    const auto less = [this](int a, int b) { return lessThan(a, b); };
    std::stable_sort(fresh.begin(), fresh.end(), less);
    const qsizetype oldSize = m_sorted.size();
    m_sorted.append(fresh);
    std::inplace_merge(m_sorted.begin(), m_sorted.begin() + oldSize, m_sorted.end(), less);

    QList<int> shown;
    for (int row : std::as_const(fresh)) {
        if (accepts(row))
            shown.append(row);
    }
    m_mapStale = true;
    if (shown.isEmpty())
        return;
    // One insertion at the end; then, unless they all belong there, one layout change that
    // merges them into place.
    const qsizetype at = m_visible.size();
    beginInsertRows({}, int(at), int(at + shown.size() - 1));
    m_visible.append(shown);
    m_mapStale = true;
    endInsertRows();
    if (at > 0 && lessThan(shown.first(), m_visible.at(at - 1))) {
        changeLayout([this, at, less] {
            if (isFiltering())
                std::inplace_merge(m_visible.begin(), m_visible.begin() + at, m_visible.end(), less);
            else
                m_visible = m_sorted; // the same rows, merged already (shared, not copied)
        });
    }
}

void DirectorySortProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (m_mapStale)
        rebuildSourceMap();
    QList<int> rows;
    for (int source = first; source <= last; ++source) {
        const int row = m_sourceToProxy.value(source, -1);
        if (row >= 0)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    // Contiguous runs of shown rows, the last first so that earlier row numbers hold.
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows.at(j + 1) == rows.at(j) - 1)
            ++j;
        const int low = rows.at(j);
        const int high = rows.at(i);
        beginRemoveRows({}, low, high);
        m_visible.remove(low, high - low + 1);
        m_mapStale = true;
        endRemoveRows();
        i = j + 1;
    }
}

void DirectorySortProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    if (first < m_nameRank.size())
        m_nameRank.remove(first, qMin<qsizetype>(count, m_nameRank.size() - first));
    m_sorted.removeIf([first, last](int row) { return row >= first && row <= last; });
    for (int &row : m_sorted)
        row -= row > last ? count : 0;
    for (int &row : m_visible)
        row -= row > last ? count : 0;
    m_mapStale = true;
}

void DirectorySortProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                       const QList<int> &roles)
{
    if (!topLeft.isValid())
        return;
    if (m_onlyDifferences && roles.contains(DirectoryModel::ComparisonRole)) {
        beginResetModel(); // rows come and go with the comparison
        rebuildVisible();
        endResetModel();
        return;
    }
    if (m_mapStale)
        rebuildSourceMap();
    // Names do not change in place (a rename is a removal and an addition), so the filter
    // holds; the order may not, when it is by size, time or permissions.
    bool misplaced = false;
    int low = INT_MAX;
    int high = -1;
    for (int source = topLeft.row(); source <= bottomRight.row(); ++source) {
        const int row = m_sourceToProxy.value(source, -1);
        if (row < 0)
            continue;
        low = qMin(low, row);
        high = qMax(high, row);
        if (m_column != DirectoryModel::NameColumn) {
            misplaced = misplaced || (row > 0 && lessThan(source, m_visible.at(row - 1))) ||
                        (row + 1 < m_visible.size() && lessThan(m_visible.at(row + 1), source));
        }
    }
    if (misplaced) {
        changeLayout([this] {
            sortRows();
            rebuildVisible();
        });
        return;
    }
    if (high >= 0)
        Q_EMIT dataChanged(index(low, topLeft.column()), index(high, bottomRight.column()), roles);
}

// --- QAbstractProxyModel ---

QModelIndex DirectorySortProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!m_model || !proxyIndex.isValid() || proxyIndex.row() >= m_visible.size())
        return {};
    return m_model->index(m_visible.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex DirectorySortProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!m_model || !sourceIndex.isValid() || sourceIndex.model() != m_model)
        return {};
    if (m_mapStale)
        rebuildSourceMap();
    const int row = m_sourceToProxy.value(sourceIndex.row(), -1);
    return row < 0 ? QModelIndex() : index(row, sourceIndex.column());
}

QModelIndex DirectorySortProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= m_visible.size() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex DirectorySortProxy::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex DirectorySortProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int DirectorySortProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_visible.size());
}

int DirectorySortProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_model ? 0 : m_model->columnCount();
}

bool DirectorySortProxy::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_visible.isEmpty();
}

} // namespace ferry
