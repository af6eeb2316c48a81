#pragma once

#include <QStyledItemDelegate>

namespace ferry {

// The queue's Progress column: a progress bar with the percent in it (the model's
// PercentRole); nothing for a row whose size is unknown.
class ProgressDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    ~ProgressDelegate() override;
    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
};

} // namespace ferry
