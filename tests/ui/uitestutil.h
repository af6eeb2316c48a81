#pragma once

// What the window's tests share: an AppContext of scratch services (a queue in memory, pins
// and settings in a temporary folder, a recorder instead of the desktop's file opener),
// session configs for the test servers, and waiting for a pane's folder.
#include "appcontext.h"
#include "browser/panecontroller.h"
#include "directorymodel.h"
#include "directorysortproxy.h"
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
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
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

inline QStringList namesIn(const PaneController *pane)
{
    QStringList names;
    for (int row = 0; row < pane->proxy()->rowCount(); ++row)
        names.append(pane->proxy()->index(row, 0).data(DirectoryModel::NameRole).toString());
    return names;
}

} // namespace ferry::test
