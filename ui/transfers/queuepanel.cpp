#include "queuepanel.h"

#include "actions/icons.h"
#include "progressdelegate.h"
#include "widgets/headersections.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace ferry {

namespace {

using Priority = QueueController::Priority;

Priority priorityOf(QueuePanel::Command command)
{
    switch (command) {
    case QueuePanel::Command::PriorityHighest:
        return Priority::Highest;
    case QueuePanel::Command::PriorityHigh:
        return Priority::High;
    case QueuePanel::Command::PriorityLow:
        return Priority::Low;
    case QueuePanel::Command::PriorityLowest:
        return Priority::Lowest;
    default:
        return Priority::Normal;
    }
}

} // namespace

QueuePanel::QueuePanel(QueueController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("queuePanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_tabs->setDocumentMode(true);
    m_tabs->setTabPosition(QTabWidget::South);
    m_tabs->setAccessibleName(tr("Transfer lists"));
    layout->addWidget(m_tabs);
    for (View v : {View::Queued, View::Failed, View::Done}) {
        m_views[int(v)] = makeView(v);
        m_tabs->addTab(m_views[int(v)], QString());
    }
    makeActions();
    connect(controller, &QueueController::countsChanged, this, &QueuePanel::updateTitles);
    connect(m_tabs, &QTabWidget::currentChanged, this, &QueuePanel::updateActions);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab >= 0 && tab < 3)
            fetchAtEnd(m_views[tab]);
    });
    updateTitles();
    updateActions();
}

QueuePanel::~QueuePanel() = default;

QTableView *QueuePanel::makeView(View v)
{
    static const char *const names[] = {"queuedView", "failedView", "doneView"};
    QueueModel *model = m_controller->model(v);
    auto *table = new QTableView(this);
    table->setObjectName(QLatin1String(names[int(v)]));
    const QString accessibleNames[] = {tr("Queued transfers"), tr("Failed transfers"),
                                       tr("Finished transfers")};
    table->setAccessibleName(accessibleNames[int(v)]);
    table->setTabKeyNavigation(false); // Tab leaves the list (arrows move within it)
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->setAlternatingRowColors(true);
    table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(table, &QWidget::customContextMenuRequested, this, [this, table](const QPoint &pos) {
        makeContextMenu()->popup(table->viewport()->mapToGlobal(pos));
    });
    table->verticalHeader()->hide();
    // Compact rows, all one height: a million rows scroll without measuring any.
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    QHeaderView *header = table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    const int em = table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const int widths[] = {22 * em, 2 * em, 22 * em, 6 * em, 8 * em, 7 * em, 5 * em, 20 * em, 8 * em};
    for (int c = 0; c < QueueModel::ColumnCount; ++c)
        resizeSectionAtLeastTitle(header, c, widths[c]);
    table->setItemDelegateForColumn(QueueModel::ProgressColumn, new ProgressDelegate(table));
    if (v != View::Queued) {
        for (int c : {QueueModel::ProgressColumn, QueueModel::SpeedColumn, QueueModel::EtaColumn})
            table->setColumnHidden(c, true);
    }
    table->installEventFilter(this);
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &QueuePanel::updateActions);
    connect(model, &QueueModel::moreAvailable, table, [table] { fetchAtEnd(table); });
    return table;
}

// New jobs beyond the loaded rows are read when the list is shown at its end. A list that
// is not shown reads nothing: a read walks the store from its last row, past every row of
// other states (100,000 queued behind a few finished ones), and comes ten times a second
// while transfers run.
void QueuePanel::fetchAtEnd(QTableView *table)
{
    auto *model = qobject_cast<QueueModel *>(table->model());
    const QScrollBar *bar = table->verticalScrollBar();
    if (model && table->isVisible() && bar->value() >= bar->maximum() && model->canFetchMore({}))
        model->fetchMore({});
}

void QueuePanel::makeActions()
{
    const auto make = [this](Command command, const QString &text, const QString &icon = {},
                             const QKeySequence &key = {}) {
        auto *a = new QAction(text, this);
        if (!icon.isEmpty())
            a->setIcon(Icons::themed(icon));
        if (!key.isEmpty())
            a->setShortcut(key); // shown in the menu; the view's own keys run it (eventFilter)
        connect(a, &QAction::triggered, this, [this, command] { run(command); });
        m_actions.insert(command, a);
    };
    make(Command::Pause, tr("&Pause"), QStringLiteral("media-playback-pause"));
    make(Command::Resume, tr("&Resume"), QStringLiteral("media-playback-start"));
    make(Command::Cancel, tr("&Cancel"), QStringLiteral("edit-delete"), QKeySequence(QKeySequence::Delete));
    make(Command::Retry, tr("Re&try"), QStringLiteral("view-refresh"));
    make(Command::RetryAllFailed, tr("Retry &All Failed"), QStringLiteral("view-refresh"));
    make(Command::RemoveFinished, tr("Remove &Finished"), QStringLiteral("edit-clear"));
    make(Command::OpenFolder, tr("&Open the Local Folder"), QStringLiteral("folder"));
    make(Command::CopyReason, tr("Copy the &Reason"), QStringLiteral("edit-copy"));
    make(Command::PriorityHighest, tr("&Highest"));
    make(Command::PriorityHigh, tr("H&igh"));
    make(Command::PriorityNormal, tr("&Normal"));
    make(Command::PriorityLow, tr("&Low"));
    make(Command::PriorityLowest, tr("L&owest"));
}

QueuePanel::View QueuePanel::currentView() const
{
    return View(qMax(0, m_tabs->currentIndex()));
}

QList<qint64> QueuePanel::selectedIds() const
{
    QTableView *table = view(currentView());
    QList<qint64> ids;
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    for (const QModelIndex &row : rows)
        ids.append(row.data(QueueModel::JobIdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void QueuePanel::updateTitles()
{
    const QString titles[] = {tr("Queued (%L1)"), tr("Failed (%L1)"), tr("Successful (%L1)")};
    for (View v : {View::Queued, View::Failed, View::Done})
        m_tabs->setTabText(int(v), titles[int(v)].arg(m_controller->model(v)->totalCount()));
    updateActions();
}

void QueuePanel::updateActions()
{
    const View v = currentView();
    const bool any = !selectedIds().isEmpty();
    const bool queued = v == View::Queued;
    action(Command::Pause)->setEnabled(queued && any);
    action(Command::Resume)->setEnabled(queued && any);
    action(Command::Cancel)->setEnabled(queued && any);
    action(Command::Retry)->setEnabled(v == View::Failed && any);
    action(Command::RetryAllFailed)->setEnabled(m_controller->model(View::Failed)->totalCount() > 0);
    action(Command::RemoveFinished)
        ->setEnabled(m_controller->model(View::Failed)->totalCount() +
                         m_controller->model(View::Done)->totalCount() >
                     0);
    action(Command::OpenFolder)->setEnabled(any);
    action(Command::CopyReason)->setEnabled(v == View::Failed && any);
    for (Command c : {Command::PriorityHighest, Command::PriorityHigh, Command::PriorityNormal,
                      Command::PriorityLow, Command::PriorityLowest})
        action(c)->setEnabled(queued && any);
}

void QueuePanel::run(Command command)
{
    const QList<qint64> ids = selectedIds();
    QueueController *c = m_controller;
    switch (command) {
    case Command::Pause:
        c->pause(ids);
        break;
    case Command::Resume:
        c->resume(ids);
        break;
    case Command::Cancel:
        c->cancel(ids);
        break;
    case Command::Retry:
        c->retry(ids);
        break;
    case Command::RetryAllFailed:
        c->retryAllFailed();
        break;
    case Command::RemoveFinished:
        c->removeFinished();
        break;
    case Command::OpenFolder:
        if (!ids.isEmpty())
            c->openLocalFolder(ids.first());
        break;
    case Command::CopyReason:
        QGuiApplication::clipboard()->setText(c->reasons(ids));
        break;
    default:
        c->setPriority(ids, priorityOf(command));
        break;
    }
    updateActions();
}

QMenu *QueuePanel::makeContextMenu()
{
    updateActions();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    for (Command c : {Command::Pause, Command::Resume, Command::Cancel, Command::Retry})
        menu->addAction(action(c));
    QMenu *priority = menu->addMenu(tr("&Priority"));
    priority->setEnabled(currentView() == View::Queued && !selectedIds().isEmpty());
    for (Command c : {Command::PriorityHighest, Command::PriorityHigh, Command::PriorityNormal,
                      Command::PriorityLow, Command::PriorityLowest})
        priority->addAction(action(c));
    menu->addSeparator();
    menu->addAction(action(Command::OpenFolder));
    menu->addAction(action(Command::CopyReason));
    menu->addSeparator();
    menu->addAction(action(Command::RetryAllFailed));
    menu->addAction(action(Command::RemoveFinished));
    return menu;
}

bool QueuePanel::eventFilter(QObject *watched, QEvent *event)
{
    const bool ours = std::find(std::begin(m_views), std::end(m_views), watched) != std::end(m_views);
    if (!ours)
        return QWidget::eventFilter(watched, event);
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        // Del cancels here, and is not the window's "delete files" while the queue has the focus.
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Delete)) {
            event->accept();
            if (event->type() == QEvent::KeyPress && action(Command::Cancel)->isEnabled())
                run(Command::Cancel);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace ferry
