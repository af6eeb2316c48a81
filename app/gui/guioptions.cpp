#include "guioptions.h"

#include "manpage.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <algorithm>

namespace ferry {

namespace {

struct GuiOption {
    const char *names;     // "h,help"
    const char *valueName; // nullptr: a flag
    const char *help;      // QT_TRANSLATE_NOOP("main", ...)
};

const GuiOption kOptions[] = {
    {"local", "PATH",
     QT_TRANSLATE_NOOP("main",
                       "Open the local pane at PATH (default: the last folder, else your home folder).")},
    {"site", "NAME",
     QT_TRANSLATE_NOOP("main",
                       "Connect to the site NAME of the site manager (\"Folder/Name\" or a unique name).")},
    {"h,help", nullptr, QT_TRANSLATE_NOOP("main", "Displays help on commandline options.")},
    {"v,version", nullptr, QT_TRANSLATE_NOOP("main", "Displays version information.")},
};
const char *const kUrlHelp =
    QT_TRANSLATE_NOOP("main", "ftp://, ftpes://, ftps:// or sftp:// address to open.");

QString tr(const char *text)
{
    return QCoreApplication::translate("main", text);
}

void setUp(QCommandLineParser *parser)
{
    parser->setApplicationDescription(tr(QT_TRANSLATE_NOOP("main", "Ferry, an FTP and FTPS client.")));
    for (const GuiOption &option : kOptions) {
        const QStringList names = QString::fromLatin1(option.names).split(QLatin1Char(','));
        parser->addOption(option.valueName ? QCommandLineOption(names, tr(option.help),
                                                                QString::fromLatin1(option.valueName))
                                           : QCommandLineOption(names, tr(option.help)));
    }
    parser->addPositionalArgument(QStringLiteral("URL"), tr(kUrlHelp), QStringLiteral("[URL]"));
}

QString manPage()
{
    ManPage page(QStringLiteral("ferry"), QStringLiteral("FTP, FTPS and SFTP client (the window)"));
    page.addSynopsis(QStringLiteral("[--local PATH] [URL | --site NAME]"));
    page.addSection(QStringLiteral("Description"),
                    QStringLiteral("Ferry shows a local and a remote folder side by side, transfers files "
                                   "between them through a queue that survives a crash, and keeps sites, "
                                   "with their passwords in the system keychain. The desktop opens "
                                   "ftp://, ftpes://, ftps:// and sftp:// links with it.\n\n"
                                   "URL: ") +
                        tr(kUrlHelp));
    QList<ManPage::Row> rows;
    for (const GuiOption &option : kOptions) {
        QStringList names;
        for (const QString &name : QString::fromLatin1(option.names).split(QLatin1Char(',')))
            names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
        QString term = names.join(QLatin1String(", "));
        if (option.valueName)
            term += QLatin1Char(' ') + QString::fromLatin1(option.valueName);
        rows.append({term, tr(option.help)});
    }
    page.addRows(QStringLiteral("Options"), {}, rows);
    page.addSection(QStringLiteral("Files"),
                    QStringLiteral("~/.config/ferry/window.conf: the window's settings.\n"
                                   "~/.config/ferry/sites.json: the site manager's sites (passwords are in "
                                   "the keychain).\n"
                                   "~/.local/share/ferry/queue.sqlite: the transfer queue."));
    page.addSection(QStringLiteral("See also"), QStringLiteral("ferry-cli(1)"));
    return page.toRoff();
}

// --help and --version: printed, with the exit status; nullopt for anything else.
std::optional<int> answer(QCommandLineParser &parser)
{
    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return 0;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out << "ferry " << QStringLiteral(FERRY_VERSION_STRING) << Qt::endl;
        return 0;
    }
    return std::nullopt;
}

} // namespace

std::optional<int> answerWithoutWindow(int argc, char *argv[])
{
    // A QCoreApplication for the parser's help text; the window's QApplication (which
    // needs a display) comes after it is gone.
    QCoreApplication core(argc, argv);
    QCoreApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION_STRING));
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() == 2 && arguments.at(1) == QLatin1String("--help-man")) {
        QTextStream(stdout) << manPage();
        return 0;
    }
    QCommandLineParser parser;
    setUp(&parser);
    if (parser.parse(arguments))
        return answer(parser);
    // QApplication takes its own options (-platform NAME, -style NAME...) first; anything
    // else is a usage error, said here, where no display is needed to say it.
    static const QStringList qtOptions = {QStringLiteral("platform"),
                                          QStringLiteral("platformpluginpath"),
                                          QStringLiteral("platformtheme"),
                                          QStringLiteral("plugin"),
                                          QStringLiteral("qwindowgeometry"),
                                          QStringLiteral("qwindowicon"),
                                          QStringLiteral("qwindowtitle"),
                                          QStringLiteral("reverse"),
                                          QStringLiteral("session"),
                                          QStringLiteral("display"),
                                          QStringLiteral("geometry"),
                                          QStringLiteral("style"),
                                          QStringLiteral("stylesheet"),
                                          QStringLiteral("widgetcount"),
                                          QStringLiteral("name"),
                                          QStringLiteral("title"),
                                          QStringLiteral("nograb"),
                                          QStringLiteral("dograb"),
                                          QStringLiteral("sync"),
                                          QStringLiteral("fontengine"),
                                          QStringLiteral("qmljsdebugger")};
    const QStringList unknown = parser.unknownOptionNames();
    const bool onlyQt =
        !unknown.isEmpty() && std::all_of(unknown.begin(), unknown.end(),
                                          [](const QString &name) { return qtOptions.contains(name); });
    if (onlyQt)
        return std::nullopt;
    QTextStream(stderr) << "ferry: " << parser.errorText() << '\n' << parser.helpText();
    return 2;
}

std::optional<GuiCommandLine> readGuiCommandLine(const QStringList &arguments, int *status)
{
    QCommandLineParser parser;
    setUp(&parser);
    const bool parsed = parser.parse(arguments);
    if (parsed) {
        if (const std::optional<int> code = answer(parser)) {
            *status = *code;
            return std::nullopt;
        }
    }
    *status = 2;
    const QStringList positional = parser.positionalArguments();
    if (!parsed || positional.size() > 1 || (parser.isSet(QStringLiteral("site")) && !positional.isEmpty())) {
        QTextStream err(stderr);
        if (!parsed)
            err << "ferry: " << parser.errorText() << '\n';
        err << parser.helpText();
        return std::nullopt;
    }
    return GuiCommandLine{parser.value(QStringLiteral("local")), parser.value(QStringLiteral("site")),
                          positional.value(0)};
}

} // namespace ferry
