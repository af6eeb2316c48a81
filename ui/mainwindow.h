#pragma once

#include "appcontext.h"

#include <QMainWindow>

class QLabel;
class QSplitter;
class QTabWidget;

namespace ferry {

class Actions;
class BrowserPage;
class Connector;
class PaneCommands;
class PromptBroker;
class OverwriteQuestions;
class QueuePanel;
class RemoteEditBanner;
class QueueLogins;
class QueuePrompts;
class QueueStatus;
class SpeedLimits;
class QuickConnectBar;
class SecurityIndicator;
class SettingsController;
class SiteMenus;
class SiteTab;
class TranscriptModel;
class TranscriptView;
class WindowSettings;

// The window (FileZilla's layout, a KDE application's calm): menus and a tool bar made of
// Actions, the quick-connect bar, the two panes, the protocol log and the transfers below
// them, and a status bar with the connection, the queue and the padlock. Wiring only: the
// SiteTab decides, the panes show, the PromptBroker asks.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `secondary`: a window opened by File > New Window beside the first one (it shares the
    // queue; the first one asks about unfinished transfers at start and at the end).
    explicit MainWindow(const AppContext &context, QWidget *parent = nullptr, bool secondary = false);
    ~MainWindow() override;

    // Opens the local pane at `path` (the last folder, else home, when empty).
    void openLocal(const QString &path);
    void connectAddress(const QString &address, const QString &password = {});
    void connectSite(const QString &nameOrPath);
    // File > New Window: another window on the same queue (deleted when closed).
    MainWindow *openNewWindow();

    Actions *actions() const { return m_actions; }
    SiteTab *siteTab() const { return m_tab; }
    BrowserPage *page() const { return m_page; }
    PromptBroker *prompts() const { return m_prompts; }
    QuickConnectBar *quickConnect() const { return m_quick; }
    SiteMenus *siteMenus() const { return m_siteMenus; }
    TranscriptModel *transcript() const { return m_transcript; }
    TranscriptView *transcriptView() const { return m_log; }
    SecurityIndicator *security() const { return m_security; }
    QSplitter *mainSplitter() const { return m_splitter; }
    QLabel *connectionLabel() const { return m_connection; }
    QLabel *queueLabel() const { return m_queue; }
    QueuePanel *queuePanel() const { return m_queuePanel; }
    SpeedLimits *speedLimits() const { return m_speedLimits; }
    QueuePrompts *queuePrompts() const { return m_queuePrompts; }
    QueueLogins *queueLogins() const { return m_queueLogins; }
    SettingsController *preferences() const { return m_preferences; }
    OverwriteQuestions *overwriteQuestions() const { return m_overwrite; }
    RemoteEditBanner *editBanner() const { return m_editBanner; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void makeToolBars();
    void makeStatusBar();
    QWidget *makeBottom();
    void connectActions();
    void connectSession();
    void updateActions();
    void showContextMenu(const QPoint &globalPos);
    void showCertificate();
    void synchronise(); // Transfer > Synchronise…
    void showAbout();
    void focusNextArea(); // F6
    void updateQueue();

    AppContext m_context;
    bool m_secondary = false; // File > New Window
    Actions *m_actions;
    SiteTab *m_tab;
    PromptBroker *m_prompts;
    Connector *m_connector;
    TranscriptModel *m_transcript;
    BrowserPage *m_page;
    PaneCommands *m_commands;
    QuickConnectBar *m_quick;
    SiteMenus *m_siteMenus = nullptr;
    TranscriptView *m_log = nullptr;
    QTabWidget *m_bottom = nullptr;
    QueuePanel *m_queuePanel = nullptr;
    QueueStatus *m_queueStatus = nullptr;
    SpeedLimits *m_speedLimits = nullptr;
    QueuePrompts *m_queuePrompts = nullptr;
    QueueLogins *m_queueLogins = nullptr;
    OverwriteQuestions *m_overwrite = nullptr;
    RemoteEditBanner *m_editBanner = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_connection = nullptr;
    QLabel *m_queue = nullptr;
    SecurityIndicator *m_security = nullptr;
    WindowSettings *m_settings;
    SettingsController *m_preferences = nullptr; // Edit > Settings
};

} // namespace ferry
