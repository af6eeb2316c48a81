#pragma once

#include <QAbstractProxyModel>
#include <QList>
#include <QRegularExpression>

namespace ferry {

class DirectoryModel;

// The order and the filter of a pane (qBittorrent's TransferListSortModel, without
// QSortFilterProxyModel's per-row bookkeeping): folders first in either direction, then
// the column's order with the name as the tie-breaker; names in the user's language with
// numbers in natural order ("file2" before "file10"). The keys come from DirectoryModel,
// computed once per entry.
//
// Built for 100,000 rows: a batch of new rows is sorted on its own and merged (one
// rowsInserted at the end, then one layoutChanged when they belong elsewhere), never
// inserted row by row; a sort is one sort (by size or time: of keys read once per row). The filter (names
// containing the text, or matching it as a wildcard when it has * or ?) and hidden files (names starting with
// a dot) are applied on the sorted list, so typing in the filter never sorts again.
class DirectorySortProxy final : public QAbstractProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DirectorySortProxy)
public:
    explicit DirectorySortProxy(QObject *parent = nullptr);
    ~DirectorySortProxy() override;

    // Must be a DirectoryModel.
    void setSourceModel(QAbstractItemModel *source) override;
    DirectoryModel *directoryModel() const { return m_model; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_column; }
    Qt::SortOrder sortOrder() const { return m_order; }
    void setFilterText(const QString &text);
    QString filterText() const { return m_filter; }
    void setShowHidden(bool show);
    bool showHidden() const { return m_showHidden; }
    // While the model is comparing, hide the rows that are the same on both sides.
    void setOnlyDifferences(bool on);
    bool onlyDifferences() const { return m_onlyDifferences; }
    // Rows hidden by the filter or the hidden-files rule.
    int filteredOutCount() const;

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;

private:
    bool lessThan(int a, int b) const;
    int compareColumn(int a, int b) const;
    // Name order as a tie-break: ranks taken from the last sort by name (integers, not
    // collation keys), the keys for rows that came after it.
    int compareNameOrder(int a, int b) const;
    bool accepts(int sourceRow) const;
    // Sorts m_sorted in lessThan()'s order.
    void sortRows();
    bool isFiltering() const { return !m_filter.isEmpty() || !m_showHidden || m_onlyDifferences; }
    void rebuildVisible();
    void rebuildSourceMap() const;
    template<typename Change>
    void changeLayout(Change &&change);

    void onReset();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);

    DirectoryModel *m_model = nullptr;
    QList<QMetaObject::Connection> m_connections;
    QList<int> m_sorted;                // every source row, in order
    QList<int> m_visible;               // the rows shown: m_sorted without what is filtered out
    mutable QList<int> m_sourceToProxy; // -1: filtered out; rebuilt when stale
    QList<int> m_nameRank;              // source row -> its place by name (see compareNameOrder)
    mutable bool m_mapStale = false;
    int m_column = 0;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    QString m_filter;
    QRegularExpression m_wildcard; // valid when the filter has * or ?
    bool m_showHidden = false;
    bool m_onlyDifferences = false;
};

} // namespace ferry
