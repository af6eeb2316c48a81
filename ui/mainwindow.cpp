#include "mainwindow.h"

#include "actions/actions.h"
#include "actions/icons.h"
#include "browser/browserpage.h"
#include "browser/foldercomparison.h"
#include "browser/pane.h"
#include "browser/panecommands.h"
#include "browser/paneview.h"
#include "browser/remoteeditbanner.h"
#include "browser/sitetab.h"
#include "browser/syncbrowsing.h"
#include "browser/synchroniser.h"
#include "formatting.h"
#include "prompts/certificatedialog.h"
#include "prompts/promptbroker.h"
#include "settings/settingscontroller.h"
#include "sites/connector.h"
#include "sites/quickconnectbar.h"
#include "sites/sitemenus.h"
#include "transcriptmodel.h"
#include "transfer/transferqueue.h"
#include "transfers/desktopprogress.h"
#include "transfers/overwritequestions.h"
#include "transfers/queuelogins.h"
#include "transfers/queuepanel.h"
#include "transfers/queueprompts.h"
#include "transfers/queuestatus.h"
#include "transfers/speedlimits.h"
#include "transfers/syncdialog.h"
#include "widgets/colourschemes.h"
#include "widgets/messagebanner.h"
#include "widgets/securityindicator.h"
#include "widgets/transcriptview.h"
#include "windowsettings.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>

namespace ferry {

using Id = Actions::Id;

MainWindow::MainWindow(const AppContext &context, QWidget *parent, bool secondary)
    : QMainWindow(parent)
    , m_context(context)
    , m_secondary(secondary)
    , m_actions(new Actions(this))
    , m_tab(new SiteTab(context, this))
    , m_prompts(new PromptBroker(this, this))
    , m_connector(new Connector(context, m_tab, m_prompts, this))
    , m_transcript(new TranscriptModel(this))
    , m_page(new BrowserPage(m_tab, this))
    , m_commands(new PaneCommands(m_page, m_tab, this))
    , m_quick(new QuickConnectBar(context.history, this))
    , m_settings(new WindowSettings(context.settings))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Ferry"));
    setWindowIcon(Icons::own(QStringLiteral("ferry")));
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_page);
    m_splitter->addWidget(makeBottom());
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    setCentralWidget(m_splitter);
    m_actions->fillMenuBar(menuBar());
    m_siteMenus = new SiteMenus(context, m_actions, m_tab, this);
    m_siteMenus->fillMenuBar(menuBar());
    if (m_speedLimits) { // in the Transfer menu, after "Process Queue"
        for (QObject *o : m_actions->get(Id::ProcessQueue)->associatedObjects())
            if (auto *menu = qobject_cast<QMenu *>(o)) {
                menu->insertMenu(m_actions->get(Id::EnterOpens), m_speedLimits->menu())
                    ->setObjectName(QStringLiteral("speedLimits"));
                menu->insertAction(m_actions->get(Id::EnterOpens), m_overwrite->forgetAction());
            }
    }
    m_editBanner = new RemoteEditBanner(m_tab->editor(), this);
    m_page->remotePane()->addBanner(m_editBanner->banner());
    makeToolBars();
    makeStatusBar();
    m_preferences = new SettingsController(context, m_actions, m_commands, m_speedLimits, this);
    connectActions();
    connectSession();
    resize(1200, 760);
    m_settings->restore(this);
    m_preferences->apply(m_preferences->current());
    m_tab->setActivation(m_actions->get(Id::EnterOpens)->isChecked() ? SiteTab::Activation::Open
                                                                     : SiteTab::Activation::Transfer);
    m_page->localPane()->setFocus();
    updateActions();
    updateQueue();
}

MainWindow::~MainWindow()
{
    // The children go in their own order: nothing they say on the way reaches this window.
    disconnect(m_page, nullptr, this, nullptr);
    disconnect(m_tab, nullptr, this, nullptr);
    delete m_settings;
}

QWidget *MainWindow::makeBottom()
{
    m_bottom = new QTabWidget(this);
    m_bottom->setObjectName(QStringLiteral("bottomTabs"));
    m_bottom->setAccessibleName(tr("Log and transfers"));
    m_bottom->setDocumentMode(true);
    m_log = new TranscriptView(m_transcript, m_bottom);
    m_bottom->addTab(m_log, tr("Protocol Log"));
    if (m_context.queue) {
        auto *controller = new QueueController(m_context.queue, this);
        controller->setFolderOpener(m_context.openFile);
        m_queuePanel = new QueuePanel(controller, m_bottom);
        m_bottom->addTab(m_queuePanel, tr("Transfers"));
        m_speedLimits = new SpeedLimits(m_context.queue, m_context.settings, this);
        m_queuePrompts = new QueuePrompts(m_context.queue, this);
        m_queueLogins = new QueueLogins(m_context, m_tab, m_connector, this);
        connect(m_queuePrompts, &QueuePrompts::resumed, m_queueLogins, &QueueLogins::loginPendingSites);
        m_overwrite = new OverwriteQuestions(m_context.queue, m_prompts, m_context.settings, this);
        if (!m_secondary)
            QTimer::singleShot(0, m_queuePrompts, &QueuePrompts::askAboutUnfinished);
    }
    return m_bottom;
}

void MainWindow::makeToolBars()
{
    QToolBar *main = addToolBar(tr("Main Tool Bar"));
    main->setObjectName(QStringLiteral("mainToolBar"));
    main->setMovable(false);
    const int icon = style()->pixelMetric(QStyle::PM_ToolBarIconSize, nullptr, this);
    main->setIconSize(QSize(icon, icon) * 3 / 4);
    m_actions->fillToolBar(main);
    addToolBarBreak();
    QToolBar *quick = addToolBar(tr("Quick Connect"));
    quick->setObjectName(QStringLiteral("quickConnectToolBar"));
    quick->setMovable(false);
    quick->addWidget(m_quick);
}

void MainWindow::makeStatusBar()
{
    m_connection = new QLabel(tr("Not connected"), this);
    m_connection->setObjectName(QStringLiteral("connectionState"));
    m_queue = new QLabel(this);
    m_queue->setObjectName(QStringLiteral("queueState"));
    m_security = new SecurityIndicator(this);
    statusBar()->addPermanentWidget(m_queue);
    if (m_speedLimits)
        statusBar()->addPermanentWidget(m_speedLimits->indicator());
    m_queueStatus = new QueueStatus(m_context.queue, this, m_queue, this);
    if (m_queuePanel)
        connect(m_queuePanel->controller(), &QueueController::countsChanged, m_queueStatus,
                &QueueStatus::update);
    new DesktopProgress(m_context.queue, this, this); // the taskbar's progress, the notification
    statusBar()->addPermanentWidget(m_connection);
    statusBar()->addPermanentWidget(m_security);
    connect(m_security, &QToolButton::clicked, this, &MainWindow::showCertificate);
}

void MainWindow::connectActions()
{
    const auto on = [this](Id id, auto &&slot) {
        connect(m_actions->get(id), &QAction::triggered, this, slot);
    };
    PaneCommands *c = m_commands;
    on(Id::QuickConnect, [this] { m_quick->focusHost(); });
    on(Id::Disconnect, [this] { m_tab->disconnectFromServer(); });
    on(Id::Reconnect, [this] {
        m_prompts->forgetRejections();
        m_tab->reconnect();
    });
    on(Id::ShowCertificate, [this] { showCertificate(); });
    on(Id::Quit, [this] { close(); });
    on(Id::NewWindow, [this] { openNewWindow(); });
    on(Id::Transfer, [c] { c->transfer(SiteTab::Start::Now); });
    on(Id::AddToQueue, [c] { c->transfer(SiteTab::Start::Later); });
    on(Id::MoveToOtherSide, [c] { c->moveToOtherSide(); });
    on(Id::Open, [c] { c->open(); });
    on(Id::Edit, [c] { c->edit(); });
    on(Id::EditWith, [c] { c->editWith(); });
    on(Id::Synchronise, [this] { synchronise(); });
    on(Id::ProcessQueue, [this](bool start) {
        if (!m_context.queue)
            return;
        start ? m_context.queue->start() : m_context.queue->stop();
        if (start)
            m_queueLogins->loginPendingSites(); // the sites of jobs left by an earlier run
        updateActions();
    });
    on(Id::EnterOpens, [this](bool opens) {
        m_tab->setActivation(opens ? SiteTab::Activation::Open : SiteTab::Activation::Transfer);
    });
    on(Id::NewFolder, [c] { c->newFolder(); });
    on(Id::NewFile, [c] { c->newFile(); });
    on(Id::Rename, [c] { c->rename(); });
    on(Id::Delete, [c] { c->remove(false); });
    on(Id::DeletePermanently, [c] { c->remove(true); });
    on(Id::Permissions, [c] { c->permissions(); });
    on(Id::Copy, [c] { c->copy(); });
    on(Id::Paste, [c] { c->paste(); });
    on(Id::CopyUrl, [c] { c->copyUrl(); });
    on(Id::CopyPath, [c] { c->copyPath(); });
    on(Id::SelectAll, [c] { c->selectAll(); });
    on(Id::Filter, [c] { c->filter(); });
    on(Id::Settings, [this] { m_preferences->openDialog(); });
    on(Id::Refresh, [c] { c->refresh(); });
    on(Id::ShowHidden, [c](bool show) { c->setShowHidden(show); });
    on(Id::ShowTree, [this](bool show) {
        m_page->localPane()->setTreeVisible(show);
        m_page->remotePane()->setTreeVisible(show);
    });
    on(Id::ShowLog, [this](bool show) { m_bottom->setVisible(show); });
    on(Id::CompareFolders, [this](bool comparing) {
        m_tab->comparison()->setEnabled(comparing);
        m_actions->get(Id::ShowOnlyDifferences)->setEnabled(comparing);
    });
    on(Id::ShowOnlyDifferences, [this](bool only) { m_tab->comparison()->setOnlyDifferences(only); });
    on(Id::SyncBrowsing, [this](bool sync) {
        sync ? void(m_tab->syncBrowsing()->start()) : m_tab->syncBrowsing()->stop();
        m_actions->get(Id::SyncBrowsing)->setChecked(m_tab->syncBrowsing()->isEnabled());
    });
    on(Id::Back, [c] { c->back(); });
    on(Id::Forward, [c] { c->forward(); });
    on(Id::Up, [c] { c->up(); });
    on(Id::EditLocation, [c] { c->editLocation(); });
    on(Id::SwitchPane, [c] { c->switchPane(); });
    on(Id::NextArea, [this] { focusNextArea(); });
    on(Id::About, [this] { showAbout(); });
    on(Id::ColoursDesktop, [] { ColourSchemes::apply(ColourSchemes::Scheme::Desktop); });
    on(Id::ColoursLight, [] { ColourSchemes::apply(ColourSchemes::Scheme::Light); });
    on(Id::ColoursDark, [] { ColourSchemes::apply(ColourSchemes::Scheme::Dark); });
    connect(m_page, &BrowserPage::stateChanged, this, &MainWindow::updateActions);
    connect(m_page, &BrowserPage::contextMenuRequested, this,
            [this](Pane *, const QPoint &pos) { showContextMenu(pos); });
    connect(m_quick, &QuickConnectBar::connectRequested, this,
            [this](const QString &address, const QString &password) {
                m_quick->clearPassword();
                connectAddress(address, password);
            });
}

void MainWindow::connectSession()
{
    connect(m_tab, &SiteTab::transcript, m_transcript,
            [this](const TranscriptLine &line) { m_transcript->append(line); });
    connect(m_tab, &SiteTab::questionAsked, m_prompts,
            [this](Question *question) { m_prompts->ask(question, m_tab->secretKeeping(question)); });
    const auto note = [this](const QString &text) {
        statusBar()->showMessage(text, 6000);
        m_transcript->append({TranscriptLine::Kind::Status, text});
    };
    const auto problem = [this](const QString &text) {
        m_transcript->append({TranscriptLine::Kind::Error, text});
    };
    connect(m_tab, &SiteTab::note, this, note);
    connect(m_tab, &SiteTab::problem, this, problem);
    connect(m_tab, &SiteTab::insecure, this, problem);
    for (PaneController *side : {m_tab->local(), m_tab->remote()}) {
        connect(side, &PaneController::note, this, note);
        connect(side, &PaneController::problem, this, problem);
    }
    connect(m_connector, &Connector::failed, this, [this, problem](const QString &text) {
        m_page->remotePane()->showProblem(text);
        problem(text);
    });
    connect(m_connector, &Connector::localFolderRequested, this, &MainWindow::openLocal);
    if (m_queueLogins)
        connect(m_queueLogins, &QueueLogins::problem, this, problem);
    SyncBrowsing *sync = m_tab->syncBrowsing();
    connect(sync, &SyncBrowsing::note, this, note);
    connect(sync, &SyncBrowsing::enabledChanged, m_actions->get(Id::SyncBrowsing), &QAction::setChecked);
    connect(sync, &SyncBrowsing::missing, this, [this](PaneController::Side side, const QString &text) {
        (side == PaneController::Side::Local ? m_page->localPane() : m_page->remotePane())->showWarning(text);
    });
    connect(m_siteMenus, &SiteMenus::connectSiteRequested, this, &MainWindow::connectSite);
    connect(m_siteMenus, &SiteMenus::connectAddressRequested, this,
            [this](const QString &a) { connectAddress(a); });
    connect(m_siteMenus, &SiteMenus::problem, this, problem);
    connect(m_quick, &QuickConnectBar::siteRequested, m_siteMenus, &SiteMenus::connectRecent);
    connect(m_tab, &SiteTab::connectionChanged, this, &MainWindow::updateActions);
    connect(m_tab, &SiteTab::connectionChanged, m_prompts, [this](bool connected) {
        if (connected)
            m_prompts->forgetRejections(); // a new connection asks again
    });
    connect(m_tab, &SiteTab::stateChanged, this, [this](RemoteSession::State state) {
        const QString host = m_tab->config().host;
        switch (state) {
        case RemoteSession::State::Connecting:
            m_connection->setText(tr("Connecting to %1…").arg(host));
            break;
        case RemoteSession::State::LoggingIn:
            m_connection->setText(tr("Logging in to %1…").arg(host));
            break;
        case RemoteSession::State::Ready:
        case RemoteSession::State::Busy:
            m_connection->setText(tr("Connected to %1").arg(host));
            break;
        case RemoteSession::State::Closing:
        case RemoteSession::State::Disconnected:
            m_connection->setText(m_tab->isConnected() ? tr("%1: idle (connects again when needed)").arg(host)
                                                       : tr("Not connected"));
            break;
        }
        setWindowTitle(m_tab->isConnected() ? tr("%1 — Ferry").arg(host) : tr("Ferry"));
    });
    connect(m_tab, &SiteTab::securityChanged, this, [this] {
        RemoteSession *session = m_tab->session();
        if (!session || !session->isLoggedIn())
            m_security->setLevel(session ? m_security->level() : SecurityIndicator::Level::None);
        else if (session->isEncrypted())
            m_security->setLevel(SecurityIndicator::Level::Encrypted, session->securityDescription());
        else
            m_security->setLevel(SecurityIndicator::Level::Plain);
        updateActions();
    });
    if (TransferQueue *queue = m_context.queue) {
        connect(queue, &TransferQueue::questionAsked, m_prompts,
                [this](Question *question) { m_prompts->ask(question); });
        connect(
            queue, &TransferQueue::transcript, m_transcript,
            [this](const SiteKey &, const TranscriptLine &line) { m_transcript->append(line, tr("queue")); });
        connect(queue, &TransferQueue::message, this,
                [note, problem](qint64, TransferQueue::Severity severity, const QString &text) {
                    severity == TransferQueue::Severity::Info ? note(text) : problem(text);
                });
        connect(queue, &TransferQueue::progressChanged, this, &MainWindow::updateQueue);
        connect(queue, &TransferQueue::drained, this, &MainWindow::updateQueue);
    }
}

void MainWindow::updateActions()
{
    Pane *pane = m_page->activePane();
    PaneController *c = pane->controller();
    Actions::State s;
    s.remote = c->isRemote();
    s.available = c->isAttached() && !c->path().isEmpty();
    s.connected = m_tab->isConnected();
    RemoteSession *session = m_tab->session();
    s.encrypted = session && session->isEncrypted();
    s.siteConnected = m_tab->siteKey().isSite();
    s.canChmod = c->ops() && c->ops()->canChangePermissions();
    const Pane::SelectionCounts selected = pane->selectionCounts(true);
    s.selected = selected.selected();
    s.selectedFiles = selected.files;
    s.canGoBack = c->canGoBack();
    s.canGoForward = c->canGoForward();
    s.canGoUp = c->canGoUp();
    s.queueStarted = m_context.queue && m_context.queue->isStarted();
    m_actions->update(s);
}

void MainWindow::updateQueue()
{
    m_queueStatus->update();
    updateActions();
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    updateActions();
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    m_actions->fillContextMenu(menu);
    menu->popup(globalPos);
}

void MainWindow::synchronise()
{
    Synchroniser *sync = m_tab->synchronise();
    if (!sync)
        return;
    connect(sync, &Synchroniser::problem, this, [this](const QString &text) {
        m_transcript->append({TranscriptLine::Kind::Error, text});
    });
    connect(sync, &Synchroniser::queued, this, [this](qint64 jobs) {
        statusBar()->showMessage(tr("Synchronising: %n job(s) queued", nullptr, int(jobs)), 6000);
    });
    auto *dialog = new SyncDialog(sync, m_tab->urlOf(SiteTab::Side::Remote, sync->remoteRoot()),
                                  m_tab->timeOffsetMinutes(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showCertificate()
{
    RemoteSession *session = m_tab->session();
    if (!session || !session->isEncrypted()) {
        if (session)
            m_page->remotePane()->showWarning(
                tr("The connection to %1 is not encrypted.").arg(m_tab->config().host));
        return;
    }
    auto *dialog =
        new CertificateDialog(m_tab->config().host, m_tab->config().port, session->peerCertificateChain(),
                              session->securityDescription(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showAbout()
{
    auto *box =
        new QMessageBox(QMessageBox::NoIcon, tr("About Ferry"),
                        tr("<h3>Ferry %1</h3><p>A fast, trustworthy FTP and FTPS client.</p>"
                           "<p>Qt %2</p>")
                            .arg(QStringLiteral(FERRY_VERSION_STRING), QString::fromLatin1(qVersion())),
                        QMessageBox::Close, this);
    box->setIconPixmap(Icons::own(QStringLiteral("ferry")).pixmap(64, 64));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

// Another window on the same queue, for a second site: FileZilla's tabs are each a local and
// a remote pane too, and a window keeps this one's wiring one to one (ARCHITECTURE.md).
MainWindow *MainWindow::openNewWindow()
{
    auto *window = new MainWindow(m_context, nullptr, true);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->move(pos() + QPoint(40, 40));
    window->openLocal({});
    window->show();
    return window;
}

void MainWindow::openLocal(const QString &path)
{
    QString folder = path.isEmpty() ? m_settings->lastLocalFolder() : path;
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = QDir::homePath();
    m_tab->local()->open(QFileInfo(folder).absoluteFilePath());
}

// F6, for the keyboard alone: the local files, the server's files, the transfers, the
// protocol log, and round again (showing the bottom tabs if they were hidden).
void MainWindow::focusNextArea()
{
    QList<QWidget *> areas{m_page->localPane()->view(), m_page->remotePane()->view()};
    if (m_queuePanel)
        areas.append(m_queuePanel->view(m_queuePanel->currentView()));
    areas.append(m_log);
    const QWidget *focus = QApplication::focusWidget();
    qsizetype at = -1;
    for (qsizetype i = 0; i < areas.size(); ++i) {
        if (focus && (focus == areas.at(i) || areas.at(i)->isAncestorOf(focus)))
            at = i;
    }
    QWidget *next = areas.at((at + 1) % areas.size());
    if (next == m_log || (m_queuePanel && m_queuePanel->isAncestorOf(next))) {
        if (QAction *showLog = m_actions->get(Actions::Id::ShowLog); !showLog->isChecked())
            showLog->trigger(); // F8's state and the bottom tabs shown again
        m_bottom->setCurrentWidget(next == m_log ? static_cast<QWidget *>(m_log) : m_queuePanel);
    } else {
        m_page->setActivePane(next == m_page->localPane()->view() ? m_page->localPane()
                                                                  : m_page->remotePane());
    }
    next->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::connectAddress(const QString &address, const QString &password)
{
    m_connector->connectAddress(address, password);
}

void MainWindow::connectSite(const QString &nameOrPath)
{
    m_connector->connectSite(nameOrPath);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_editBanner->mayClose() || (m_queuePrompts && !m_secondary && !m_queuePrompts->mayClose())) {
        event->ignore(); // asked: upload edited files; wait, stop and resume next time, or cancel
        return;
    }
    m_tab->editor()->closeAll(); // the temporary copies go with the window
    m_settings->save(this);
    QMainWindow::closeEvent(event);
}

} // namespace ferry
