#include "pane.h"

#include "actions/icons.h"
#include "directorymodel.h"
#include "directorysortproxy.h"
#include "foldertreemodel.h"
#include "formatting.h"
#include "panecontroller.h"
#include "paneview.h"
#include "remote/directorylister.h"
#include "widgets/headersections.h"
#include "widgets/messagebanner.h"

#include <QAction>
#include <QCompleter>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QSplitter>
#include <QStorageInfo>
#include <QThreadPool>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

namespace ferry {

namespace {

// Completes paths from the folders the pane's tree knows ("/ho" -> "/home").
class PathCompleter final : public QCompleter {
public:
    PathCompleter(FolderTreeModel *tree, QObject *parent)
        : QCompleter(tree, parent)
        , m_tree(tree)
    {
        setCaseSensitivity(Qt::CaseInsensitive);
        setCompletionMode(QCompleter::PopupCompletion);
    }
    QStringList splitPath(const QString &path) const override
    {
        QStringList parts = path.split(QLatin1Char('/'));
        if (path.startsWith(QLatin1Char('/')))
            parts[0] = QStringLiteral("/"); // the tree's top row
        return parts;
    }
    QString pathFromIndex(const QModelIndex &index) const override { return m_tree->pathOf(index); }

private:
    FolderTreeModel *m_tree;
};

// Esc in the location bar puts the current folder back; in the filter, clears and closes it.
class EscapeFilter final : public QObject {
public:
    EscapeFilter(std::function<void()> onEscape, QObject *parent)
        : QObject(parent)
        , m_onEscape(std::move(onEscape))
    {
    }
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
            m_onEscape();
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onEscape;
};

QToolButton *navButton(const QString &icon, const QString &tip, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setIcon(Icons::themed(icon));
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setAutoRaise(true);
    button->setFocusPolicy(Qt::NoFocus);
    return button;
}

} // namespace

Pane::Pane(PaneController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_banner(new MessageBanner(this))
    , m_filter(new QLineEdit(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_tree(new QTreeView(m_splitter))
    , m_view(new PaneView(m_splitter))
{
    const bool remote = controller->isRemote();
    setObjectName(remote ? QStringLiteral("remotePane") : QStringLiteral("localPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(makeLocationBar());
    layout->addWidget(m_banner);

    m_filter->setObjectName(QStringLiteral("filter"));
    m_filter->setPlaceholderText(tr("Filter names: text, or a pattern like *.jpg (Esc closes)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->addAction(Icons::themed(QStringLiteral("edit-find")), QLineEdit::LeadingPosition);
    m_filter->hide();
    m_filter->installEventFilter(new EscapeFilter(
        [this] {
            m_filter->clear();
            m_filter->hide();
            m_view->setFocus();
        },
        this));
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_controller->proxy()->setFilterText(text);
        updateFooter();
    });
    layout->addWidget(m_filter);

    controller->model()->fileTypes().setFallbackIcons(
        Icons::themed(QStringLiteral("folder")),
        Icons::themed(QStringLiteral("text-x-generic"), QStringLiteral("file")));
    controller->tree()->setFolderIcon(Icons::themed(QStringLiteral("folder")));
    m_tree->setModel(controller->tree());
    m_tree->setHeaderHidden(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setFocusPolicy(Qt::ClickFocus);
    m_tree->setObjectName(QStringLiteral("folderTree"));
    m_tree->setAccessibleName(remote ? tr("Server folders") : tr("Local folders"));
    connect(m_tree, &QTreeView::activated, this,
            [this](const QModelIndex &index) { m_controller->open(m_controller->tree()->pathOf(index)); });
    connect(m_tree, &QTreeView::clicked, this,
            [this](const QModelIndex &index) { m_controller->open(m_controller->tree()->pathOf(index)); });

    m_view->setObjectName(QStringLiteral("fileList"));
    m_view->setAccessibleName(remote ? tr("Server files") : tr("Local files"));
    m_view->setModel(controller->proxy());
    m_view->sortByColumn(DirectoryModel::NameColumn, Qt::AscendingOrder);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_view->header();
    resizeSectionAtLeastTitle(header, DirectoryModel::NameColumn, fontMetrics().averageCharWidth() * 32);
    resizeSectionAtLeastTitle(header, DirectoryModel::SizeColumn,
                              fontMetrics().horizontalAdvance(QStringLiteral("1023.9 KiB  ")));
    resizeSectionAtLeastTitle(header, DirectoryModel::TypeColumn, fontMetrics().averageCharWidth() * 18);
    resizeSectionAtLeastTitle(header, DirectoryModel::ModifiedColumn,
                              fontMetrics().horizontalAdvance(QStringLiteral("2024-12-31 23:59  ")));
    resizeSectionAtLeastTitle(header, DirectoryModel::PermissionsColumn,
                              fontMetrics().horizontalAdvance(QStringLiteral("drwxr-xr-x  ")));
    if (!remote)
        header->hideSection(DirectoryModel::OwnerColumn); // yours, nearly always
    connect(m_view, &QAbstractItemView::activated, this, &Pane::onActivated);
    connect(m_view, &QWidget::customContextMenuRequested, this,
            [this](const QPoint &pos) { Q_EMIT contextMenuRequested(m_view->viewport()->mapToGlobal(pos)); });
    connect(m_view, &PaneView::upRequested, controller, &PaneController::up);
    connect(m_view, &PaneView::switchPaneRequested, this, &Pane::switchPaneRequested);
    connect(m_view, &PaneView::focused, this, &Pane::focused);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateFooter();
        Q_EMIT selectionChanged();
    });
    m_splitter->addWidget(m_tree);
    m_splitter->addWidget(m_view);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->setChildrenCollapsible(false);
    layout->addWidget(m_splitter, 1);
    layout->addWidget(makeFooter());
    setFocusProxy(m_view);
    connectController();
    updatePlaceholder();
}

Pane::~Pane() = default;

QWidget *Pane::makeLocationBar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(1);
    m_back = navButton(QStringLiteral("go-previous"), tr("Back (Alt+Left)"), bar);
    m_forward = navButton(QStringLiteral("go-next"), tr("Forward (Alt+Right)"), bar);
    m_up = navButton(QStringLiteral("go-up"), tr("Up (Backspace)"), bar);
    connect(m_back, &QToolButton::clicked, m_controller, &PaneController::back);
    connect(m_forward, &QToolButton::clicked, m_controller, &PaneController::forward);
    connect(m_up, &QToolButton::clicked, m_controller, &PaneController::up);
    m_location = new QLineEdit(bar);
    m_location->setObjectName(QStringLiteral("location"));
    const bool remote = m_controller->isRemote();
    m_location
        ->addAction(Icons::themed(remote ? QStringLiteral("network-server") : QStringLiteral("computer")),
                    QLineEdit::LeadingPosition)
        ->setToolTip(remote ? tr("Server") : tr("This computer"));
    m_location->setAccessibleName(remote ? tr("Server folder") : tr("Local folder"));
    m_location->setCompleter(new PathCompleter(m_controller->tree(), m_location));
    connect(m_location, &QLineEdit::returnPressed, this, [this] {
        m_controller->open(m_location->text());
        m_view->setFocus();
    });
    m_location->installEventFilter(new EscapeFilter(
        [this] {
            m_location->setText(m_controller->path());
            m_view->setFocus();
        },
        this));
    for (QWidget *w : {static_cast<QWidget *>(m_back), static_cast<QWidget *>(m_forward),
                       static_cast<QWidget *>(m_up), static_cast<QWidget *>(m_location)})
        row->addWidget(w);
    return bar;
}

QWidget *Pane::makeFooter()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(4, 0, 4, 0);
    m_footer = new QLabel(bar);
    m_footer->setObjectName(QStringLiteral("footer"));
    m_space = new QLabel(bar);
    m_space->setObjectName(QStringLiteral("freeSpace"));
    row->addWidget(m_footer, 1);
    row->addWidget(m_space);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_footer->setFont(small);
    m_space->setFont(small);
    return bar;
}

void Pane::connectController()
{
    PaneController *c = m_controller;
    const auto history = [this] {
        m_back->setEnabled(m_controller->canGoBack());
        m_forward->setEnabled(m_controller->canGoForward());
        m_up->setEnabled(m_controller->canGoUp());
    };
    connect(c, &PaneController::historyChanged, this, history);
    connect(c, &PaneController::pathChanged, this, [this](const QString &path) {
        m_location->setText(path);
        m_banner->hide();
        m_tree->setCurrentIndex(m_controller->tree()->indexOf(path));
        m_tree->scrollTo(m_tree->currentIndex());
        updatePlaceholder();
        updateFreeSpace();
    });
    connect(c, &PaneController::attachedChanged, this, [this, history] {
        history();
        m_location->setEnabled(m_controller->isAttached());
        if (!m_controller->isAttached())
            m_location->clear();
        updatePlaceholder();
        updateFooter();
    });
    connect(c, &PaneController::problem, this, &Pane::showProblem);
    connect(c, &PaneController::loaded, this, [this] {
        updatePlaceholder();
        updateFreeSpace();
        const QModelIndex here = m_controller->tree()->indexOf(m_controller->path());
        m_tree->setCurrentIndex(here);
        m_tree->expand(here);
        m_tree->scrollTo(here, QAbstractItemView::PositionAtCenter);
        // The first row is current, so that the keyboard works at once.
        if (!m_view->currentIndex().isValid() && m_view->model()->rowCount() > 0)
            m_view->selectionModel()->setCurrentIndex(m_view->model()->index(0, 0),
                                                      QItemSelectionModel::NoUpdate);
    });
    DirectoryModel *model = c->model();
    connect(model, &DirectoryModel::totalsChanged, this, &Pane::updateFooter);
    connect(model, &DirectoryModel::folderStarted, this, &Pane::updatePlaceholder);
    // The tree learns the levels around the current folder after it showed: the folder's
    // row becomes current once it is there, and stays in view while rows arrive above it.
    connect(c->tree(), &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &parent) {
        QModelIndex here = m_tree->currentIndex();
        if (!here.isValid()) {
            here = m_controller->tree()->indexOf(m_controller->path());
            if (!here.isValid())
                return;
            m_tree->setCurrentIndex(here);
        } else {
            QModelIndex above = here.parent();
            while (above.isValid() && above != parent)
                above = above.parent();
            if (above != parent)
                return; // rows elsewhere: the view stays where the user put it
        }
        QTimer::singleShot(0, m_tree, [tree = m_tree] {
            tree->scrollTo(tree->currentIndex(), QAbstractItemView::PositionAtCenter);
        });
    });
    m_location->setEnabled(c->isAttached());
    history();
}

DirEntry Pane::entryAt(const QModelIndex &proxyIndex) const
{
    return m_controller->model()->entry(m_controller->proxy()->mapToSource(proxyIndex).row());
}

QList<DirEntry> Pane::selectedEntries() const
{
    QList<DirEntry> entries;
    for (const QModelIndex &index : m_view->selectedEntries())
        entries.append(entryAt(index));
    return entries;
}

Pane::SelectionCounts Pane::selectionCounts(bool currentWhenNone) const
{
    SelectionCounts counts;
    const DirectorySortProxy *proxy = m_controller->proxy();
    const DirectoryModel *model = m_controller->model();
    auto add = [&](const QModelIndex &index) {
        const int source = proxy->mapToSource(index).row();
        if (model->isFolder(source)) {
            ++counts.folders;
        } else {
            ++counts.files;
            counts.bytes += qMax<qint64>(0, model->size(source));
        }
    };
    const QItemSelection selection =
        m_view->selectionModel() ? m_view->selectionModel()->selection() : QItemSelection();
    QList<bool> seen(proxy->rowCount(), false); // ranges may overlap
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom() && row < seen.size(); ++row) {
            if (!std::exchange(seen[row], true))
                add(proxy->index(row, 0));
        }
    }
    if (currentWhenNone && counts.selected() == 0 && m_view->currentIndex().isValid())
        add(m_view->currentIndex());
    return counts;
}

void Pane::onActivated(const QModelIndex &index)
{
    const DirEntry &entry = entryAt(index);
    if (entry.isDir) {
        Q_EMIT activated({entry});
        return;
    }
    QList<DirEntry> files;
    for (const DirEntry &e : selectedEntries()) {
        if (!e.isDir)
            files.append(e);
    }
    if (files.isEmpty())
        files.append(entry);
    Q_EMIT activated(files);
}

void Pane::setActive(bool active)
{
    m_active = active;
    // The active pane's path bar is drawn as focused-looking; the other one is calmer.
    QFont f = m_location->font();
    f.setBold(active);
    m_location->setFont(f);
}

void Pane::setTreeVisible(bool visible)
{
    m_tree->setVisible(visible);
}

void Pane::setIdleText(const QString &text)
{
    m_idleText = text;
    updatePlaceholder();
}

void Pane::editLocation()
{
    m_location->setFocus();
    m_location->selectAll();
}

void Pane::showFilter()
{
    m_filter->show();
    m_filter->setFocus();
    m_filter->selectAll();
}

void Pane::showProblem(const QString &message)
{
    m_banner->showMessage(MessageBanner::Type::Error, message);
}

void Pane::addBanner(QWidget *banner)
{
    auto *box = qobject_cast<QVBoxLayout *>(layout());
    box->insertWidget(box->indexOf(m_banner) + 1, banner);
}

void Pane::showWarning(const QString &message)
{
    m_banner->showMessage(MessageBanner::Type::Warning, message);
}

void Pane::updatePlaceholder()
{
    QString text;
    if (!m_controller->isAttached())
        text = m_idleText;
    else if (m_controller->model()->isLoading())
        text = tr("Loading…");
    else if (m_controller->model()->rowCount() == 0)
        text = tr("This folder is empty.");
    else if (m_controller->proxy()->rowCount() == 0)
        text = tr("Nothing matches the filter.");
    m_view->setPlaceholderText(text);
}

void Pane::updateFooter()
{
    // Gathered: a selection of 100,000 rows or a flood of batches updates it once per turn.
    if (m_footerQueued)
        return;
    m_footerQueued = true;
    QTimer::singleShot(0, this, [this] {
        m_footerQueued = false;
        if (!m_controller->isAttached()) {
            m_footer->clear();
            return;
        }
        const DirectoryModel::Totals all = m_controller->model()->totals();
        QString text = Format::totals(all.files, all.folders, all.bytes);
        const int hidden = m_controller->proxy()->filteredOutCount();
        if (hidden > 0)
            text = tr("%1 (%Ln not shown)", nullptr, hidden).arg(text);
        const SelectionCounts selected = selectionCounts(false);
        if (selected.selected() > 0)
            text = tr("Selected: %1 · %2")
                       .arg(Format::totals(selected.files, selected.folders, selected.bytes), text);
        m_footer->setText(text);
        updatePlaceholder();
    });
}

void Pane::updateFreeSpace()
{
    if (m_controller->isRemote())
        return;
    // Asked on a worker: a hung network mount must not freeze the window.
    const QString path = m_controller->path();
    QPointer<Pane> self(this);
    QThreadPool::globalInstance()->start([self, path] {
        const QStorageInfo volume(path);
        const qint64 free = volume.isValid() ? volume.bytesAvailable() : -1;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, path, free] {
                if (self && self->m_controller->path() == path)
                    self->m_space->setText(free < 0 ? QString() : tr("%1 free").arg(Format::size(free)));
            },
            Qt::QueuedConnection);
    });
}

} // namespace ferry
