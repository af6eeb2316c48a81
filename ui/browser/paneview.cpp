#include "paneview.h"

#include "actions/icons.h"
#include "directorymodel.h"
#include "directorysortproxy.h"

#include <QDropEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QPointer>
#include <QStyledItemDelegate>

namespace ferry {

namespace {
// Rows as tall as the text (or the small icon) plus a little air: about 20 px at 96 dpi
// where the style's default is 24 or more.
class CompactDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    // Names keep their extension in view ("Meeting no…03.txt"); other columns cut at the end.
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() != 0)
            option->textElideMode = Qt::ElideRight;
    }
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        const int icon = option.decorationSize.height();
        size.setHeight(qMax(option.fontMetrics.height(), icon) + 4);
        return size;
    }
};
} // namespace

PaneView::PaneView(QWidget *parent)
    : QTreeView(parent)
{
    setItemDelegate(new CompactDelegate(this));
    setRootIsDecorated(false);
    setItemsExpandable(false);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSortingEnabled(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::EditKeyPressed);
    setTextElideMode(Qt::ElideMiddle);
    setWordWrap(false);
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    setIconSize(QSize(icon, icon));
    // Drags between the panes and from file managers; a drop on a folder row goes into it
    // (the row is outlined while the drag is over it), elsewhere into the pane's folder.
    setDragEnabled(true);
    setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DragDrop);
    setDragDropOverwriteMode(true);
    setDefaultDropAction(Qt::CopyAction);
    header()->setStretchLastSection(false);
    header()->setSortIndicatorShown(true);
    header()->setSectionsMovable(true);
    header()->setFirstSectionMovable(false);
    // The name column's own width is what it was given or dragged to; it shows wider when
    // the others leave room (fitFirstColumn()).
    connect(header(), &QHeaderView::sectionResized, this, [this](int logical, int, int newSize) {
        if (m_fitting)
            return;
        if (logical == 0)
            m_firstWidth = newSize;
        fitFirstColumn();
    });
}

void PaneView::fitFirstColumn()
{
    QHeaderView *h = header();
    if (h->count() == 0 || h->isSectionHidden(0))
        return;
    int others = 0;
    for (int i = 1; i < h->count(); ++i)
        others += h->isSectionHidden(i) ? 0 : h->sectionSize(i);
    const int width = qMax(m_firstWidth, viewport()->width() - others);
    if (h->sectionSize(0) == width)
        return;
    m_fitting = true;
    h->resizeSection(0, width);
    m_fitting = false;
}

QByteArray PaneView::saveColumns()
{
    // The name column's own width, not the one it stretched to in this window's size.
    QHeaderView *h = header();
    const int shown = h->sectionSize(0);
    m_fitting = true;
    h->resizeSection(0, m_firstWidth);
    const QByteArray state = h->saveState();
    h->resizeSection(0, shown);
    m_fitting = false;
    return state;
}

bool PaneView::restoreColumns(const QByteArray &state)
{
    m_fitting = true;
    const bool restored = header()->restoreState(state);
    m_fitting = false;
    if (restored)
        m_firstWidth = header()->sectionSize(0);
    fitFirstColumn();
    return restored;
}

void PaneView::resizeEvent(QResizeEvent *event)
{
    QTreeView::resizeEvent(event);
    fitFirstColumn();
}

void PaneView::setPlaceholderText(const QString &text)
{
    if (text == m_placeholder)
        return;
    m_placeholder = text;
    viewport()->update();
}

QModelIndexList PaneView::selectedEntries() const
{
    QModelIndexList rows = selectionModel() ? selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() && currentIndex().isValid())
        rows.append(currentIndex().siblingAtColumn(0));
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    return rows;
}

void PaneView::keyPressEvent(QKeyEvent *event)
{
    if (state() != EditingState) {
        if (event->key() == Qt::Key_Backspace && event->modifiers() == Qt::NoModifier) {
            Q_EMIT upRequested();
            return;
        }
    }
    QTreeView::keyPressEvent(event);
}

bool PaneView::focusNextPrevChild(bool next)
{
    // Tab and Shift+Tab go to the other pane, as in two-pane file managers; an open
    // in-place editor keeps Qt's own handling.
    if (state() == EditingState)
        return QTreeView::focusNextPrevChild(next);
    Q_EMIT switchPaneRequested();
    return true;
}

void PaneView::focusInEvent(QFocusEvent *event)
{
    QTreeView::focusInEvent(event);
    Q_EMIT focused();
}

void PaneView::paintEvent(QPaintEvent *event)
{
    QTreeView::paintEvent(event);
    if (m_placeholder.isEmpty() || (model() && model()->rowCount() > 0))
        return;
    QPainter painter(viewport());
    QColor colour = palette().color(QPalette::Text);
    colour.setAlphaF(0.55);
    painter.setPen(colour);
    const QRect area = viewport()->rect().adjusted(12, 12, -12, -12);
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_placeholder);
}

} // namespace ferry

namespace ferry {

void PaneView::startDrag(Qt::DropActions supportedActions)
{
    QTreeView::startDrag(supportedActions); // returns when the drag is over
    Q_EMIT dragEnded();
}

Qt::DropAction PaneView::dropActionFor(const QDropEvent *event) const
{
    const auto *proxy = qobject_cast<const DirectorySortProxy *>(model());
    if (!proxy || !proxy->directoryModel())
        return Qt::CopyAction;
    return proxy->directoryModel()->dropActionFor(event->mimeData(), event->modifiers());
}

void PaneView::dragEnterEvent(QDragEnterEvent *event)
{
    event->setDropAction(dropActionFor(event));
    QTreeView::dragEnterEvent(event);
}

void PaneView::dragMoveEvent(QDragMoveEvent *event)
{
    // The keys can change during the drag: the view asks the model with the action they mean
    // now, and the cursor shows it.
    const Qt::DropAction action = dropActionFor(event);
    event->setDropAction(action);
    QTreeView::dragMoveEvent(event);
    if (event->isAccepted()) {
        event->setDropAction(action);
        event->accept();
    }
}

void PaneView::dropEvent(QDropEvent *event)
{
    if (event->modifiers().testFlag(Qt::ShiftModifier) && offerDropMenu(event))
        return;
    const Qt::DropAction action = dropActionFor(event);
    event->setDropAction(action);
    QTreeView::dropEvent(event);
    if (event->isAccepted() && action == Qt::MoveAction) {
        // The move is done by the pane's FileOps, which remove the rows when it succeeded: the
        // source view is told "copied", so that it does not clear the rows itself.
        event->setDropAction(Qt::CopyAction);
        event->accept();
    }
}

// Shift over entries of the other pane (Dolphin's drop menu): Copy Here, Move Here or
// Cancel, asked after the drop; a move across the panes only ever comes from "Move Here".
// The drag's data goes with the drag: the menu keeps a copy.
bool PaneView::offerDropMenu(QDropEvent *event)
{
    auto *proxy = qobject_cast<DirectorySortProxy *>(model());
    DirectoryModel *target = proxy ? proxy->directoryModel() : nullptr;
    if (!target || !target->canMoveAcross(event->mimeData()))
        return false;
    const QPoint pos = event->position().toPoint();
    QModelIndex at = indexAt(pos);
    if (!at.isValid() || !visualRect(at).contains(pos))
        at = {};
    const QPersistentModelIndex folder(proxy->mapToSource(at.siblingAtColumn(0)));
    if (!target->canDropMimeData(event->mimeData(), Qt::CopyAction, -1, -1, folder))
        return false;
    event->setDropAction(Qt::CopyAction); // nothing for the source view to remove
    event->accept();

    auto *menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("dropMenu"));
    menu->setAttribute(Qt::WA_DeleteOnClose);
    auto *data = new QMimeData;
    data->setParent(menu);
    for (const QString &format : event->mimeData()->formats())
        data->setData(format, event->mimeData()->data(format));
    const QPointer<DirectoryModel> model(target);
    const auto choose = [model, data, folder](Qt::DropAction action) {
        if (model)
            model->dropAcross(data, action, folder);
    };
    QAction *copy = menu->addAction(Icons::themed(QStringLiteral("edit-copy")), tr("&Copy Here"));
    copy->setObjectName(QStringLiteral("dropCopy"));
    connect(copy, &QAction::triggered, this, [choose] { choose(Qt::CopyAction); });
    QAction *move = menu->addAction(Icons::themed(QStringLiteral("go-jump")), tr("&Move Here"));
    move->setObjectName(QStringLiteral("dropMove"));
    move->setToolTip(tr("Transfer, then delete each source once its copy is complete"));
    connect(move, &QAction::triggered, this, [choose] { choose(Qt::MoveAction); });
    menu->addSeparator();
    menu->addAction(Icons::themed(QStringLiteral("process-stop"), QStringLiteral("window-close")),
                    tr("C&ancel"))
        ->setObjectName(QStringLiteral("dropCancel"));
    menu->popup(viewport()->mapToGlobal(pos));
    return true;
}

} // namespace ferry
