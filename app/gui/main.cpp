// ferry: the window. Wiring only: the core services, the window, the command line.
//   ferry [--local PATH] [URL | --site NAME]   (guioptions.cpp)
#include "appcontext.h"
#include "guioptions.h"
#include "mainwindow.h"
#include "remote/certificatestore.h"
#include "remote/listingcache.h"
#include "remote/trustdecisions.h"
#include "settings/appsettings.h"
#include "settings/language.h"
#include "sites/connectionhistory.h"
#include "sites/credentialstore.h"
#include "sites/sitestore.h"
#include "transfer/allocator.h"
#include "transfer/pluraltranslator.h"
#include "transfer/transferqueue.h"

#include <QApplication>
#include <QDesktopServices>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

using namespace ferry;

int main(int argc, char *argv[])
{
    tuneAllocatorForTransfers();
    if (const std::optional<int> status = answerWithoutWindow(argc, argv))
        return *status; // --help, --version, --help-man: no display needed
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("io.github.ferry.Ferry")); // packaging/
    installEnglishPlurals(&app);

    int status = 0;
    const std::optional<GuiCommandLine> line = readGuiCommandLine(QApplication::arguments(), &status);
    if (!line)
        return status;

    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    SiteStore sites(SiteStore::defaultPath());
    sites.load();
    CredentialStore credentials;
    ConnectionHistory history(ConnectionHistory::defaultPath());
    history.load();
    CertificateStore certificates(CertificateStore::defaultPath());
    certificates.load();
    TrustDecisions trust;
    ListingCache cache;
    TransferQueue queue(TransferQueue::defaultStorePath());
    if (!queue.open())
        qWarning("ferry: the transfer queue cannot be opened: %s", qPrintable(queue.errorString()));
    QSettings settings(config + QLatin1String("/ferry/window.conf"), QSettings::IniFormat);
    installLanguage(&app, AppSettings::load(&settings).language); // Edit > Settings, before the window

    AppContext context;
    context.sites = &sites;
    context.credentials = &credentials;
    context.history = &history;
    context.queue = &queue;
    context.trust = &trust;
    context.certificates = &certificates;
    context.cache = &cache;
    context.settings = &settings;
    context.openFile = [](const QString &path) { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); };
    context.viewFolder =
        QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) + QLatin1String("/ferry/open");

    MainWindow window(context);
    window.show();
    window.openLocal(line->local);
    if (!line->site.isEmpty())
        window.connectSite(line->site);
    else if (!line->url.isEmpty())
        window.connectAddress(line->url);
    return QApplication::exec();
}
