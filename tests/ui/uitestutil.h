#pragma once

// What the window's tests share: an AppContext of scratch services (a queue in memory, pins
// and settings in a temporary folder, a recorder instead of the desktop's file opener),
// session configs for the test servers, a window or a site tab connected to one, waiting
// for a pane's folder or for the queue, a pane's rows, and password questions answered.
#include "appcontext.h"
#include "browser/panecontroller.h"
#include "browser/sitetab.h"
#include "directorymodel.h"
#include "directorysortproxy.h"
#include "mainwindow.h"
#include "prompts/passworddialog.h"
#include "prompts/promptbroker.h"
#include "remote/certificatestore.h"
#include "remote/listingcache.h"
#include "remote/sessionconfig.h"
#include "remote/trustdecisions.h"
#include "servertest.h"
#include "settings/appsettings.h"
#include "sites/connectionhistory.h"
#include "testserver.h"
#include "transfer/transferqueue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QWidget>
#include <memory>

namespace ferry::test {

struct Scratch {
    QTemporaryDir dir;
    ListingCache cache;
    TrustDecisions trust;
    std::unique_ptr<CertificateStore> certificates;
    std::unique_ptr<TransferQueue> queue;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<ConnectionHistory> history;
    QStringList opened; // files the window asked the desktop to open

    Scratch()
    {
        certificates = std::make_unique<CertificateStore>(dir.filePath(QStringLiteral("pins.json")));
        queue = std::make_unique<TransferQueue>(QStringLiteral(":memory:"));
        queue->open();
        queue->setRetryDelay(100);
        settings =
            std::make_unique<QSettings>(dir.filePath(QStringLiteral("window.conf")), QSettings::IniFormat);
        AppSettings quick; // what the window gives the queue (Edit > Settings): the same short wait
        quick.retryDelayMs = 100;
        quick.save(settings.get());
        history = std::make_unique<ConnectionHistory>(dir.filePath(QStringLiteral("history.json")));
    }
    AppContext context()
    {
        AppContext c;
        c.queue = queue.get();
        c.trust = &trust;
        c.certificates = certificates.get();
        c.cache = &cache;
        c.settings = settings.get();
        c.history = history.get();
        c.openFile = [this](const QString &path) { opened.append(path); };
        c.viewFolder = dir.filePath(QStringLiteral("open"));
        return c;
    }
    QString folder(const QString &name) const
    {
        QDir(dir.path()).mkpath(name);
        return dir.filePath(name);
    }
    // The folder `name` with these files (relative paths, their folders made as needed).
    QString folderWith(const QString &name, const QList<std::pair<QString, QByteArray>> &files) const
    {
        const QString path = folder(name);
        for (const auto &[file, content] : files) {
            const QString target = path + QLatin1Char('/') + file;
            QDir().mkpath(QFileInfo(target).absolutePath());
            QFile f(target);
            if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
                qWarning("cannot write %s", qPrintable(target));
        }
        return path;
    }
};

// w as a picture in $FERRY_SCREENSHOT_DIR/NAME.png (nothing without that variable).
inline void saveScreenshot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("FERRY_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        w->grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
    }
}

// Starts a pyftpdlib (or `kind`) server, or says on the test's output why it could not.
inline std::unique_ptr<TestServer> startServer(TestServer::Options options = {})
{
    return startTestServer(options);
}
inline std::unique_ptr<TestServer> startServer(TestServer::Kind kind, TestServer::Options options = {})
{
    options.kind = kind;
    return startTestServer(options);
}

// The window's SSH side in a scratch home: HOME, the config folder and SSH_AUTH_SOCK (an
// agent socket that does not exist) point into `home`, with an empty ~/.ssh; the user's
// keys, agent and known hosts are never read or written.
inline bool useScratchSshHome(const QTemporaryDir &home)
{
    if (!home.isValid())
        return false;
    qputenv("HOME", QFile::encodeName(home.path()));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral("config"))));
    qputenv("SSH_AUTH_SOCK", QFile::encodeName(home.filePath(QStringLiteral("no-agent.sock"))));
    return QDir(home.path()).mkpath(QStringLiteral(".ssh"));
}

inline SessionConfig configFor(const TestServer &server)
{
    SessionConfig config;
    config.host = server.address().toString();
    config.port = server.port();
    config.user = server.userName();
    config.password = server.password();
    config.setProtocol(server.tls() == TestServer::Tls::Implicit   ? Protocol::FtpsImplicit
                       : server.tls() == TestServer::Tls::Explicit ? Protocol::FtpsExplicit
                                                                   : Protocol::Ftp,
                       TlsPolicy::Never);
    config.timeoutMs = 15000;
    return config;
}

// Waits until the pane shows `path` completely listed.
inline bool waitLoaded(PaneController *pane, const QString &path, int timeoutMs = 20000)
{
    return QTest::qWaitFor(
        [&] { return pane->path() == path && !pane->model()->isLoading() && pane->isAttached(); }, timeoutMs);
}

// `tab` connected to `server` (with its password): true once its remote pane lists `folder`.
inline bool connectTab(SiteTab &tab, const TestServer &server, const QString &folder = QStringLiteral("/"))
{
    return tab.connectTo(configFor(server), folder) && waitLoaded(tab.remote(), folder);
}

// `window` connected to `server` by its address (with the password), as `ferry URL` does:
// true once its remote pane lists `folder`.
inline bool connectWindow(MainWindow &window, const TestServer &server,
                          const QString &folder = QStringLiteral("/"))
{
    window.connectAddress(urlFor(server, folder));
    return waitLoaded(window.siteTab()->remote(), folder);
}

// Waits until the queue has nothing left to run (no job queued, running or waiting).
inline bool waitIdle(TransferQueue *queue, int timeoutMs = 60000)
{
    using S = TransferJob::State;
    return QTest::qWaitFor(
        [queue] {
            return queue->isIdle() && queue->countJobs({S::Queued, S::Running, S::Waiting}) == 0;
        },
        timeoutMs);
}

// The pane's rows (column 0 of its proxy) named `names`, or all of them.
inline QModelIndexList rowsOf(PaneController *pane, const QStringList &names = {})
{
    QModelIndexList rows;
    DirectorySortProxy *proxy = pane->proxy();
    for (int row = 0; row < proxy->rowCount(); ++row) {
        const QModelIndex i = proxy->index(row, 0);
        if (names.isEmpty() || names.contains(i.data(DirectoryModel::NameRole).toString()))
            rows.append(i);
    }
    return rows;
}

// Clicks Resume in the window's "N transfers were not finished" question (bounded wait).
inline bool resumeUnfinished(MainWindow &window)
{
    QMessageBox *box = nullptr;
    if (!QTest::qWaitFor(
            [&] { return (box = window.findChild<QMessageBox *>(QStringLiteral("unfinishedQuestion"))); },
            10000))
        return false;
    box->findChild<QPushButton *>(QStringLiteral("resume"))->click();
    return true;
}

// Every password question the window's broker shows answered with `password`, as a user
// would type it (Return); `asked` lists their titles ("Password for 127.0.0.2").
struct PasswordAnswers {
    QStringList asked;
    PasswordAnswers(PromptBroker *prompts, const QString &password)
    {
        QObject::connect(prompts, &PromptBroker::dialogOpened, &m_context, [this, password](QDialog *opened) {
            QPointer<PasswordDialog> dialog = qobject_cast<PasswordDialog *>(opened);
            if (!dialog)
                return;
            asked.append(dialog->windowTitle());
            QTimer::singleShot(0, &m_context, [dialog, password] {
                if (!dialog)
                    return;
                dialog->passwordEdit()->setText(password);
                QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);
            });
        });
    }

private:
    QObject m_context;
};

inline QStringList namesIn(const PaneController *pane)
{
    QStringList names;
    for (int row = 0; row < pane->proxy()->rowCount(); ++row)
        names.append(pane->proxy()->index(row, 0).data(DirectoryModel::NameRole).toString());
    return names;
}

} // namespace ferry::test
