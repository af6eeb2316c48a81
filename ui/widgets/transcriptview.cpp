#include "transcriptview.h"

#include "actions/icons.h"
#include "remote/transcript.h"
#include "transcriptmodel.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QMenu>
#include <QPainter>
#include <QScrollBar>
#include <QStyledItemDelegate>

namespace ferry {

namespace {

class TranscriptDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget *widget = option.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

        const bool selected = opt.state & QStyle::State_Selected;
        const QPalette &pal = opt.palette;
        const QColor ink = pal.color(selected ? QPalette::HighlightedText : QPalette::Text);
        QColor muted = ink;
        muted.setAlphaF(0.6);
        QColor colour = ink;
        switch (TranscriptLine::Kind(index.data(TranscriptModel::KindRole).toInt())) {
        case TranscriptLine::Kind::Status:
            colour = muted;
            break;
        case TranscriptLine::Kind::Command:
            colour = selected ? ink : pal.color(QPalette::Link);
            break;
        case TranscriptLine::Kind::Reply:
            break;
        case TranscriptLine::Kind::Error:
            colour = selected ? ink : QColor(0xd9, 0x45, 0x3c);
            break;
        }
        static const QString marks[] = {QStringLiteral(" "), QStringLiteral("→"), QStringLiteral("←"),
                                        QStringLiteral("!")};
        const QString time =
            index.data(TranscriptModel::TimeRole).toTime().toString(QStringLiteral("HH:mm:ss"));
        const QString mark = marks[qBound(0, index.data(TranscriptModel::KindRole).toInt(), 3)];
        QRect r = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).adjusted(2, 0, -2, 0);
        painter->save();
        painter->setFont(opt.font);
        const QFontMetrics &fm = opt.fontMetrics;
        painter->setPen(muted);
        painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, time);
        r.setLeft(r.left() + fm.horizontalAdvance(QStringLiteral("00:00:00 ")));
        painter->setPen(colour);
        painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, mark);
        r.setLeft(r.left() + fm.horizontalAdvance(QStringLiteral("→ ")));
        painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter,
                          fm.elidedText(text, Qt::ElideRight, r.width()));
        painter->restore();
    }
};

} // namespace

TranscriptView::TranscriptView(TranscriptModel *model, QWidget *parent)
    : QListView(parent)
    , m_model(model)
{
    setObjectName(QStringLiteral("transcriptView"));
    setModel(model);
    setItemDelegate(new TranscriptDelegate(this));
    setUniformItemSizes(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    setAccessibleName(tr("Protocol log"));
    // Follow the newest line, unless the user scrolled away from the bottom.
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { m_follow = value >= verticalScrollBar()->maximum(); });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_follow)
            scrollToBottom();
    });
}

QString TranscriptView::selectedText() const
{
    QList<int> rows;
    for (const QModelIndex &index : selectionModel()->selectedRows())
        rows.append(index.row());
    if (rows.isEmpty()) {
        for (int row = 0; row < m_model->rowCount(); ++row)
            rows.append(row);
    }
    std::sort(rows.begin(), rows.end());
    QStringList lines;
    for (int row : std::as_const(rows))
        lines.append(m_model->lineText(row));
    return lines.join(QLatin1Char('\n'));
}

void TranscriptView::copy()
{
    QGuiApplication::clipboard()->setText(selectedText());
}

void TranscriptView::clear()
{
    m_model->clear();
    m_follow = true;
}

void TranscriptView::contextMenuEvent(QContextMenuEvent *event)
{
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const bool any = selectionModel()->hasSelection();
    QAction *copyAction = menu->addAction(Icons::themed(QStringLiteral("edit-copy")),
                                          any ? tr("&Copy") : tr("&Copy All"), this, &TranscriptView::copy);
    copyAction->setEnabled(m_model->rowCount() > 0);
    menu->addAction(tr("Select &All"), this, &QAbstractItemView::selectAll);
    menu->addSeparator();
    menu->addAction(Icons::themed(QStringLiteral("edit-clear")), tr("C&lear Log"), this,
                    &TranscriptView::clear);
    menu->popup(event->globalPos());
}

void TranscriptView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copy();
        return;
    }
    QListView::keyPressEvent(event);
}

} // namespace ferry
