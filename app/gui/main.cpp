// ferry: the window. Wiring only: the core services, the window, the command line.
//   ferry [--local PATH] [URL | --site NAME]
#include "appcontext.h"
#include "mainwindow.h"
#include "pluraltranslator.h"
#include "remote/certificatestore.h"
#include "remote/listingcache.h"
#include "remote/trustdecisions.h"
#include "settings/appsettings.h"
#include "settings/language.h"
#include "sites/connectionhistory.h"
#include "sites/credentialstore.h"
#include "sites/sitestore.h"
#include "transfer/allocator.h"
#include "transfer/transferqueue.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDesktopServices>
#include <QSettings>
#include <QStandardPaths>
#include <QUrl>

using namespace ferry;

int main(int argc, char *argv[])
{
    tuneAllocatorForTransfers();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Ferry"));
    QApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION_STRING));
    QApplication::setDesktopFileName(QStringLiteral("ferry"));
    installEnglishPlurals(&app);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Ferry, an FTP and FTPS client."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption local(QStringLiteral("local"),
                                   QApplication::translate("main",
                                                           "Open the local pane at PATH (default: the last "
                                                           "folder, else your home folder)."),
                                   QStringLiteral("PATH"));
    const QCommandLineOption site(QStringLiteral("site"),
                                  QApplication::translate("main",
                                                          "Connect to the site NAME of the site manager "
                                                          "(\"Folder/Name\" or a unique name)."),
                                  QStringLiteral("NAME"));
    parser.addOption(local);
    parser.addOption(site);
    parser.addPositionalArgument(
        QStringLiteral("URL"),
        QApplication::translate("main", "ftp://, ftpes:// or ftps:// address to open."),
        QStringLiteral("[URL]"));
    parser.process(app);
    if (parser.isSet(site) && !parser.positionalArguments().isEmpty())
        parser.showHelp(2);

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
    window.openLocal(parser.value(local));
    if (parser.isSet(site))
        window.connectSite(parser.value(site));
    else if (!parser.positionalArguments().isEmpty())
        window.connectAddress(parser.positionalArguments().first());
    return QApplication::exec();
}
