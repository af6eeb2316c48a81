// ferry-cli's front door: the table of commands, the help made from it and from the
// option table (clioptions.cpp), and run(), which parses a command line and calls the
// command's handler (one file per command family).
#include "clicommands.h"

#include "cliconnection.h"
#include "clioptions.h"
#include "clioutput.h"
#include "commands.h"
#include "interrupts.h"
#include "listing/listingparser.h"
#include "manpage.h"
#include "sitecommands.h"

#include <QCommandLineParser>

namespace ferry::cli {

namespace {

struct Command {
    const char *name;
    const char *usage;   // the arguments after the command word
    const char *summary; // QT_TRANSLATE_NOOP("CliHelp", ...)
    int minArgs;
    int maxArgs;      // -1: any number
    unsigned options; // OptionGroup bits, besides GeneralOptions
    Handler handler;
};

// A subcommand's line in its command's help.
struct Subcommand {
    const char *command;
    const char *usage;
    const char *summary;
};

int sitesCommand(const Invocation &call)
{
    return runSites(call.arguments);
}

constexpr unsigned kRemote = ConnectionOptions | SiteOption;
constexpr unsigned kDelete = kRemote | RecursiveOption | DeleteOptions | TransferOptions;

const Command kCommands[] = {
    {"ls", "URL", QT_TRANSLATE_NOOP("CliHelp", "List a remote folder."), 1, 1, kRemote | ListingOptions,
     &ListingCommands::ls},
    {"get", "URL [LOCAL]",
     QT_TRANSLATE_NOOP("CliHelp", "Download a file to LOCAL (a folder or a file name; by default the "
                                  "current folder); with -r, a folder and everything in it."),
     1, 2, kRemote | TransferOptions | JobOptions | RecursiveOption, &TransferCommands::get},
    {"put", "LOCAL... URL",
     QT_TRANSLATE_NOOP("CliHelp", "Upload files; a URL ending in '/' names a folder. With -r, folders "
                                  "and everything in them."),
     2, -1, kRemote | TransferOptions | JobOptions | RecursiveOption, &TransferCommands::put},
    {"mkdir", "URL", QT_TRANSLATE_NOOP("CliHelp", "Create a remote folder."), 1, 1, kRemote,
     &FileCommands::mkdir},
    {"rm", "URL",
     QT_TRANSLATE_NOOP("CliHelp", "Delete a remote file; with -r, a folder and everything in it (/ only "
                                  "with --force)."),
     1, 1, kDelete, &FileCommands::rm},
    {"rmdir", "URL",
     QT_TRANSLATE_NOOP("CliHelp", "Remove an empty remote folder; with -r, a folder and everything in it."),
     1, 1, kDelete, &FileCommands::rmdir},
    {"mv", "URL NEWPATH",
     QT_TRANSLATE_NOOP("CliHelp", "Rename or move; NEWPATH is absolute or relative to the URL's folder."), 2,
     2, kRemote, &FileCommands::mv},
    {"chmod", "MODE URL", QT_TRANSLATE_NOOP("CliHelp", "Change permissions (SITE CHMOD)."), 2, 2, kRemote,
     &FileCommands::chmod},
    {"quote", "URL COMMAND...", QT_TRANSLATE_NOOP("CliHelp", "Send a raw command and print the reply."), 2,
     -1, kRemote, &FileCommands::quote},
    {"sync", "LOCAL URL",
     QT_TRANSLATE_NOOP("CliHelp", "Bring a local folder and a remote one in step: compare them folder by "
                                  "folder, then upload, download, make folders and (with --delete) delete "
                                  "through the queue; --dry-run prints the plan and changes nothing."),
     2, 2, kRemote | TransferOptions | SyncOptions, &SyncCommands::sync},
    {"cp", "SRC_URL DST_URL",
     QT_TRANSLATE_NOOP("CliHelp", "Copy a file (with -r, a folder) from one FTP server to another (or the "
                                  "same): server to server (FXP) when both allow it, else through ferry-cli, "
                                  "streamed, saying so."),
     2, 2, ConnectionOptions | RecursiveOption | CopyOptions, &CopyCommands::cp},
    {"parse-listing", "",
     QT_TRANSLATE_NOOP("CliHelp", "Parse a raw listing on stdin and print one JSON object per entry."), 0, 0,
     ParseOptions, &ListingCommands::parseListing},
    {"queue", "run|list|retry|clear",
     QT_TRANSLATE_NOOP("CliHelp", "The stored transfer queue (--queue-db PATH, by default "
                                  "~/.local/share/ferry/queue.sqlite)."),
     1, 1, ConnectionOptions | TransferOptions | QueueOptions, &QueueCommands::queue},
    {"sites", "list|show|add|remove|import-filezilla|export|import ...",
     QT_TRANSLATE_NOOP("CliHelp", "The site manager (see docs/sites.md); sites must be the first word."), 0,
     -1, SitesAddOptions, &sitesCommand},
};

const Subcommand kSubcommands[] = {
    {"queue", "run",
     QT_TRANSLATE_NOOP("CliHelp", "Continue the queue's unfinished jobs (after a crash or a kill).")},
    {"queue", "list", QT_TRANSLATE_NOOP("CliHelp", "Print every job: id, state, kind, site, paths, error.")},
    {"queue", "retry", QT_TRANSLATE_NOOP("CliHelp", "Queue the failed jobs again, then run.")},
    {"queue", "clear",
     QT_TRANSLATE_NOOP("CliHelp", "Remove the finished jobs (--failed: the failed ones; --all: every job).")},
    {"sites", "list", QT_TRANSLATE_NOOP("CliHelp", "Print every site: Folder/Name and its connection.")},
    {"sites", "show NAME", QT_TRANSLATE_NOOP("CliHelp", "Print a site's settings (never its password).")},
    {"sites", "add OPTIONS", QT_TRANSLATE_NOOP("CliHelp", "Add a site (the options are below).")},
    {"sites", "remove NAME", QT_TRANSLATE_NOOP("CliHelp", "Remove a site and its password.")},
    {"sites", "import-filezilla FILE",
     QT_TRANSLATE_NOOP("CliHelp", "Import FileZilla's sitemanager.xml (passwords into the keychain).")},
    {"sites", "export FILE", QT_TRANSLATE_NOOP("CliHelp", "Write every site to FILE (without passwords).")},
    {"sites", "import FILE", QT_TRANSLATE_NOOP("CliHelp", "Add the sites of an exported FILE.")},
};

const Command *findCommand(const QString &name)
{
    for (const Command &command : kCommands) {
        if (name == QLatin1String(command.name))
            return &command;
    }
    return nullptr;
}

QString usageLine(const Command &command)
{
    QString line = QLatin1String(command.name);
    if (*command.usage)
        line += QLatin1Char(' ') + QLatin1String(command.usage);
    return line;
}

QString urlsHelp()
{
    return helpString(
        QT_TRANSLATE_NOOP("CliHelp", "URLs: ftp://[user[:password]@]host[:port]/path; ftpes:// is explicit\n"
                                     "FTPS (AUTH TLS, TLS required), ftps:// implicit FTPS (port 990).\n"
                                     "sftp://user@host[:port]/path is SFTP (port 22; the path is the\n"
                                     "server's, /~/ the home folder). Logins try the ssh-agent,\n"
                                     "--identity and ~/.ssh's keys, then the password.\n"
                                     "Percent-encode special characters; IPv6 hosts in brackets:\n"
                                     "ftp://[::1]:2121/\n"));
}

QString exitStatusHelp()
{
    return helpString(QT_TRANSLATE_NOOP(
        "CliHelp", "Exit status: 0 ok, 1 failure, 2 usage, 3 network/timeout, 4 login, 5 remote "
                   "file,\n6 local file, 7 cancelled, 8 TLS/certificate.\n"));
}

QString serverTypesHelp()
{
    return QCoreApplication::translate("CliHelp", "Server types: %1\n")
        .arg(ListingParser::serverTypeNames().join(QLatin1String(", ")));
}

// Reads the password and the stored site the command line asks for into `call`.
int resolveConnection(const QCommandLineParser &parser, const Command &command, Invocation *call)
{
    Options &options = call->options;
    if ((command.options & ConnectionOptions) && options.passwordFromStdin) {
        options.stdinPassword = readStdinLine();
        if (!options.stdinPassword)
            return fail(ExitUsage, CliOptions::noStdinPassword());
    }
    if (!(command.options & SiteOption) || !parser.isSet(QStringLiteral("site")))
        return ExitOk;
    // --site NAME: a stored profile stands in for the URLs (sitecommands.cpp); explicit
    // flags still win over the profile's settings.
    QString error;
    int code = ExitUsage;
    call->site =
        resolveSite(parser.value(QStringLiteral("site")), options.stdinPassword.has_value(), &error, &code);
    if (!call->site)
        return fail(code, error);
    // The same rule as for a URL: an empty --password-stdin line is no password.
    if (int rc = Credentials::resolve(&call->site->url, options))
        return rc;
    const SiteTarget &site = *call->site;
    if (!parser.isSet(QStringLiteral("active")) && !parser.isSet(QStringLiteral("passive"))) {
        options.config.dataMode = site.config.dataMode;
        options.config.allowModeFallback = site.config.allowModeFallback;
    }
    if (!parser.isSet(QStringLiteral("charset")))
        options.config.charset = site.config.charset;
    options.config.account = site.config.account;
    if (!parser.isSet(QStringLiteral("server-type")))
        options.config.serverType = site.config.serverType;
    if (!parser.isSet(QStringLiteral("tls")) && site.tlsPolicy)
        options.tlsPolicy = site.tlsPolicy;
    // SFTP: the site's key file and agent choice; --identity files come first.
    const QStringList identities = options.config.ssh.identityFiles;
    options.config.ssh = site.config.ssh;
    options.config.ssh.identityFiles = identities + site.config.ssh.identityFiles;
    return ExitOk;
}

// The sentence on pinned certificates and known hosts at the end of --help.
QString filesHelp()
{
    return helpString(QT_TRANSLATE_NOOP("CliHelp", "Certificates you trust always are pinned in "
                                                   "~/.config/ferry/trusted-certificates.json; SSH host\n"
                                                   "keys are checked against ~/.ssh/known_hosts and kept in\n"
                                                   "~/.config/ferry/known_hosts.\n"));
}

} // namespace

int Invocation::parseUrl(const QString &text, FtpUrl *url, bool connects) const
{
    QString error;
    if (site)
        return siteUrl(*site, text, url, &error) ? int(ExitOk) : fail(ExitUsage, error);
    const auto parsed = FtpUrl::parse(text, &error);
    if (!parsed)
        return fail(ExitUsage, error);
    *url = *parsed;
    return connects ? Credentials::resolve(url, options) : int(ExitOk);
}

QString helpText()
{
    QString text = helpString(QT_TRANSLATE_NOOP("CliHelp", "Usage: ferry-cli [options] COMMAND [arguments]\n"
                                                           "       ferry-cli COMMAND --help\n"));
    text += QLatin1Char('\n') + helpString(QT_TRANSLATE_NOOP("CliHelp", "Commands:")) + QLatin1Char('\n');
    unsigned groups = GeneralOptions;
    for (const Command &command : kCommands) {
        text += helpRow(usageLine(command), helpString(command.summary));
        groups |= command.options;
    }
    text += QLatin1Char('\n') + urlsHelp();
    text += optionsHelp(groups);
    text += QLatin1Char('\n') + exitStatusHelp();
    text += filesHelp();
    return text + serverTypesHelp();
}

QString manPage()
{
    ManPage page(QStringLiteral("ferry-cli"), QStringLiteral("FTP, FTPS and SFTP from the command line"));
    page.addSynopsis(QStringLiteral("[options] COMMAND [arguments]"));
    page.addSynopsis(QStringLiteral("COMMAND --help"));
    page.addSection(QStringLiteral("Description"),
                    QStringLiteral("ferry-cli lists, transfers, synchronises and copies files on FTP, FTPS "
                                   "and SFTP servers with the engine of the Ferry window, ferry(1). Each "
                                   "command takes the options of its groups below; ferry-cli COMMAND --help "
                                   "lists them."));
    QList<ManPage::Row> commands;
    unsigned groups = GeneralOptions;
    for (const Command &command : kCommands) {
        commands.append({usageLine(command), helpString(command.summary)});
        groups |= command.options;
    }
    page.addRows(QStringLiteral("Commands"), {}, commands);
    QList<ManPage::Row> subcommands;
    for (const Subcommand &sub : kSubcommands)
        subcommands.append({QLatin1String(sub.command) + QLatin1Char(' ') + QLatin1String(sub.usage),
                            helpString(sub.summary)});
    page.addRows(QStringLiteral("Commands"), QStringLiteral("queue and sites"), subcommands);
    page.addSection(QStringLiteral("URLs"), urlsHelp());
    for (const OptionSection &section : optionSections(groups)) {
        QList<ManPage::Row> rows;
        for (const auto &[left, help] : section.rows)
            rows.append({left, help});
        QString heading = section.heading;
        if (heading.endsWith(QLatin1Char(':')))
            heading.chop(1);
        page.addRows(QStringLiteral("Options"), heading, rows);
    }
    page.addSection(QStringLiteral("Exit status"), exitStatusHelp());
    page.addSection(QStringLiteral("Files"), filesHelp() + QLatin1Char('\n') + serverTypesHelp());
    page.addSection(QStringLiteral("See also"), QStringLiteral("ferry(1)"));
    return page.toRoff();
}

QString commandHelp(const QString &name)
{
    const Command *command = findCommand(name);
    if (!command)
        return {};
    QString text =
        QCoreApplication::translate("CliHelp", "Usage: ferry-cli [options] %1\n").arg(usageLine(*command));
    text += QLatin1Char('\n') + wrapped(helpString(command->summary)) + QLatin1Char('\n');
    bool first = true;
    for (const Subcommand &sub : kSubcommands) {
        if (name != QLatin1String(sub.command))
            continue;
        if (first)
            text += QLatin1Char('\n');
        first = false;
        text += helpRow(name + QLatin1Char(' ') + QLatin1String(sub.usage), helpString(sub.summary));
    }
    if (command->options & kRemote)
        text += QLatin1Char('\n') + urlsHelp();
    text += optionsHelp(GeneralOptions | command->options);
    if (command->options & (ListingOptions | ParseOptions))
        text += QLatin1Char('\n') + serverTypesHelp();
    return text;
}

int run(const QStringList &arguments)
{
    QCoreApplication::setApplicationName(QStringLiteral("ferry-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION_STRING));
    Interrupts::install();
    // `ferry-cli sites ...` has its own options (sitecommands.cpp).
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("sites"))
        return runSites(arguments);
    // Hidden: the man page, written by the build from the same tables as --help.
    if (arguments.size() == 2 && arguments.at(1) == QLatin1String("--help-man")) {
        out() << manPage() << Qt::flush;
        return ExitOk;
    }

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addOptions(&parser, ~unsigned(SitesAddOptions));
    if (!parser.parse(arguments))
        return fail(ExitUsage, parser.errorText() + QLatin1String(" (see --help)"));
    const QStringList args = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("help"))) {
        const QString help = args.isEmpty() ? QString() : commandHelp(args.first());
        out() << (help.isEmpty() ? helpText() : help) << Qt::flush;
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out() << "ferry-cli " << QStringLiteral(FERRY_VERSION_STRING) << Qt::endl;
        return ExitOk;
    }

    Invocation call;
    call.arguments = arguments;
    call.parser = &parser;
    if (int rc = readOptions(parser, &call.options))
        return rc;
    if (args.isEmpty())
        return fail(ExitUsage, QCoreApplication::translate("CliHelp", "No command given (see --help)."));
    call.command = args.first();
    call.args = args.mid(1);
    const Command *command = findCommand(call.command);
    if (!command)
        return fail(
            ExitUsage,
            QCoreApplication::translate("CliHelp", "Unknown command \"%1\" (see --help).").arg(call.command));
    if (command->maxArgs == 0 && !call.args.isEmpty())
        return fail(ExitUsage,
                    QCoreApplication::translate("CliHelp", "%1 takes no arguments (see ferry-cli %1 --help).")
                        .arg(call.command));
    if (call.args.size() < command->minArgs || (command->maxArgs >= 0 && call.args.size() > command->maxArgs))
        return fail(ExitUsage,
                    QCoreApplication::translate("CliHelp", "usage: ferry-cli %1").arg(usageLine(*command)));
    if (int rc = resolveConnection(parser, *command, &call))
        return rc;
    return command->handler(call);
}

} // namespace ferry::cli
