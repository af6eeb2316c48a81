#include "clioptions.h"

#include "transfer/units.h"

#include "clicommands.h"
#include "clioutput.h"
#include "remote/certificaterequest.h"
#include "sftp/knownhosts.h"

#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

namespace ferry::cli {

namespace {

constexpr int kHelpColumn = 27; // where descriptions start
constexpr int kHelpWidth = 79;

struct GroupHeading {
    OptionGroup group;
    const char *title;
};

const GroupHeading kGroupHeadings[] = {
    {GeneralOptions, QT_TRANSLATE_NOOP("CliHelp", "General options:")},
    {ConnectionOptions, QT_TRANSLATE_NOOP("CliHelp", "Connection options:")},
    {SiteOption, QT_TRANSLATE_NOOP("CliHelp", "Stored sites:")},
    {ListingOptions, QT_TRANSLATE_NOOP("CliHelp", "Listing options (ls):")},
    {ParseOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of parse-listing:")},
    {TransferOptions, QT_TRANSLATE_NOOP("CliHelp", "Transfer options (get, put, queue run):")},
    {RecursiveOption, QT_TRANSLATE_NOOP("CliHelp", "Folders (get, put, cp, rm, rmdir):")},
    {JobOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of new transfers (get, put):")},
    {DeleteOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of rm and rmdir:")},
    {QueueOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of queue clear:")},
    {SitesAddOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of sites add:")},
    {SyncOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of sync:")},
    {CopyOptions, QT_TRANSLATE_NOOP("CliHelp", "Options of cp:")},
};

bool isSet(const QCommandLineParser &parser, const char *name)
{
    return parser.isSet(QString::fromLatin1(name));
}

QString value(const QCommandLineParser &parser, const char *name)
{
    return parser.value(QString::fromLatin1(name));
}

int usageError(const QString &message)
{
    return fail(ExitUsage, message);
}

// An option's value among `names` (any case): false when it is none of them.
template<typename Enum>
bool pickName(const QString &text, std::initializer_list<std::pair<const char *, Enum>> names, Enum *result)
{
    for (const auto &[name, value] : names) {
        if (text.compare(QLatin1String(name), Qt::CaseInsensitive) == 0) {
            *result = value;
            return true;
        }
    }
    return false;
}

// --parallel and --retries: false when set to something outside [min, max].
bool readInt(const QCommandLineParser &parser, const char *name, int min, int max, int *result)
{
    if (!isSet(parser, name))
        return true;
    bool ok = false;
    const int n = value(parser, name).toInt(&ok);
    if (!ok || n < min || n > max)
        return false;
    *result = n;
    return true;
}

int readConnectionOptions(const QCommandLineParser &parser, Options *options)
{
    options->verbose = isSet(parser, "verbose");
    if (isSet(parser, "active") && isSet(parser, "passive"))
        return usageError(CliOptions::tr("--active and --passive exclude each other."));
    options->config.dataMode = isSet(parser, "active") ? DataMode::Active : DataMode::Passive;
    if (isSet(parser, "timeout")) {
        bool ok = false;
        const double seconds = value(parser, "timeout").toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 86400)
            return usageError(CliOptions::tr("--timeout takes a number of seconds."));
        options->config.timeoutMs = int(seconds * 1000);
    }
    if (isSet(parser, "charset") && !options->config.charset.setName(value(parser, "charset")))
        return usageError(CliOptions::tr("Unknown charset \"%1\".").arg(value(parser, "charset")));
    if (isSet(parser, "tls")) {
        const std::optional<TlsPolicy> policy = parseTlsPolicy(value(parser, "tls"));
        if (!policy)
            return usageError(CliOptions::badTlsPolicy());
        options->tlsPolicy = *policy;
    }
    if (isSet(parser, "trust-fingerprint")) {
        // A certificate's SHA-256 in hex (FTPS), or a host key's as ssh prints it (SFTP).
        const QString fingerprint = value(parser, "trust-fingerprint");
        options->trustFingerprint = CertificateRequest::normalizeFingerprint(fingerprint);
        options->trustSshFingerprint = normalizeSshFingerprint(fingerprint);
        if (options->trustFingerprint.isEmpty() && options->trustSshFingerprint.isEmpty())
            return usageError(
                CliOptions::tr("--trust-fingerprint takes SHA256: and 64 hex digits (a "
                               "certificate) or SHA256: and 43 base64 characters (a host key)."));
    }
    for (const QString &file : parser.values(QStringLiteral("identity"))) {
        if (!QFileInfo(file).isFile())
            return usageError(CliOptions::tr("--identity: no such key file: %1").arg(file));
        options->config.ssh.identityFiles.append(QFileInfo(file).absoluteFilePath());
    }
    options->insecure = isSet(parser, "insecure");
    options->passwordFromStdin = isSet(parser, "password-stdin");
    return ExitOk;
}

int readListingOptions(const QCommandLineParser &parser, Options *options)
{
    options->json = isSet(parser, "json");
    if (isSet(parser, "list-mode") && !pickName(value(parser, "list-mode"),
                                                {{"auto", ListMode::Auto},
                                                 {"mlsd", ListMode::Mlsd},
                                                 {"list", ListMode::List},
                                                 {"nlst", ListMode::Nlst}},
                                                &options->listMode))
        return usageError(CliOptions::tr("--list-mode takes auto, mlsd, list or nlst."));
    if (isSet(parser, "server-type") &&
        !ListingParser::parseServerType(value(parser, "server-type"), &options->serverType))
        return usageError(CliOptions::tr("Unknown server type \"%1\".").arg(value(parser, "server-type")));
    options->config.serverType = options->serverType; // ls uses it too, not only parse-listing
    if (isSet(parser, "today")) {
        options->today = QDate::fromString(value(parser, "today"), Qt::ISODate);
        if (!options->today.isValid())
            return usageError(CliOptions::tr("--today takes a date as YYYY-MM-DD."));
    }
    return ExitOk;
}

int readTransferOptions(const QCommandLineParser &parser, Options *options)
{
    options->resume = isSet(parser, "resume");
    if (int(isSet(parser, "ascii")) + int(isSet(parser, "binary")) + int(isSet(parser, "auto")) > 1)
        return usageError(CliOptions::tr("--ascii, --binary and --auto exclude each other."));
    options->mode = isSet(parser, "ascii")  ? TransferJob::Mode::Ascii
                    : isSet(parser, "auto") ? TransferJob::Mode::Auto
                                            : TransferJob::Mode::Binary;
    options->recursive = isSet(parser, "recursive");
    options->noFxp = isSet(parser, "no-fxp");
    if (!readInt(parser, "parallel", 1, 32, &options->parallel))
        return usageError(CliOptions::tr("--parallel takes a number of connections from 1 to 32."));
    if (!readInt(parser, "retries", 0, 100, &options->retries))
        return usageError(CliOptions::tr("--retries takes a number from 0 to 100."));
    if (isSet(parser, "overwrite") &&
        !TransferJob::parseOverwrite(value(parser, "overwrite"), &options->overwrite))
        return usageError(
            CliOptions::tr("--overwrite takes ask, overwrite, newer, size, resume, rename or skip."));
    if (options->resume && !isSet(parser, "overwrite"))
        options->overwrite = TransferJob::Overwrite::Resume;
    if (isSet(parser, "limit-rate")) {
        const std::optional<qint64> rate = parseRate(value(parser, "limit-rate"));
        if (!rate)
            return usageError(CliOptions::tr("--limit-rate takes bytes per second, e.g. 500k or 2M."));
        options->limitRate = *rate;
        options->limitRateSet = true;
    }
    options->force = isSet(parser, "force");
    options->progress = isSet(parser, "progress");
    options->progressAuto = !isSet(parser, "no-progress");
    options->preserveTime = !isSet(parser, "no-preserve-times");
    options->removeSource = isSet(parser, "remove-source");
    options->followLinks = !isSet(parser, "no-follow-links");
    options->queueDb = value(parser, "queue-db");
    return ExitOk;
}

} // namespace

const QList<OptionSpec> &optionTable()
{
    static const QList<OptionSpec> table = {
        {"h,help", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Show this help; after a command, that command's help."),
         GeneralOptions},
        {"version", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Print the version."), GeneralOptions},

        {"passive", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Passive data connections (the default; falls back to active when "
                                      "the server refuses)."),
         ConnectionOptions},
        {"active", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Active data connections (EPRT/PORT)."),
         ConnectionOptions},
        {"timeout", "S",
         QT_TRANSLATE_NOOP("CliHelp", "Give up after S seconds without progress (default 30)."),
         ConnectionOptions},
        {"v,verbose", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Print the protocol transcript on stderr (PASS is masked)."),
         ConnectionOptions},
        {"password-stdin", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Read the password from the first line of stdin (otherwise the "
                                      "URL's, then $FERRY_PASSWORD)."),
         ConnectionOptions},
        {"charset", "NAME",
         QT_TRANSLATE_NOOP("CliHelp", "File-name charset for servers without UTF-8 (e.g. windows-1252)."),
         ConnectionOptions | ParseOptions},
        {"tls", "POLICY",
         QT_TRANSLATE_NOOP("CliHelp", "For ftp:// URLs: require, if-available (the default: TLS when the "
                                      "server offers it) or plain; try and none are older names."),
         ConnectionOptions},
        {"trust-fingerprint", "FP",
         QT_TRANSLATE_NOOP("CliHelp", "Accept a server certificate or SSH host key with this SHA-256 "
                                      "fingerprint (as printed when one is not trusted)."),
         ConnectionOptions},
        {"identity", "FILE",
         QT_TRANSLATE_NOOP("CliHelp", "For sftp:// URLs: a private key file to log in with (after the "
                                      "ssh-agent's keys, before ~/.ssh's and the password)."),
         ConnectionOptions},
        {"insecure", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Accept any certificate (for tests; never for real servers)."),
         ConnectionOptions},

        {"site", "NAME",
         QT_TRANSLATE_NOOP("CliHelp", "Use a stored site (NAME or Folder/Name): commands then take remote "
                                      "paths instead of URLs, and the password comes from the keychain."),
         SiteOption},

        {"json", nullptr, QT_TRANSLATE_NOOP("CliHelp", "One JSON object per entry."),
         ListingOptions | SyncOptions},
        {"list-mode", "MODE", QT_TRANSLATE_NOOP("CliHelp", "auto, mlsd, list or nlst (default auto)."),
         ListingOptions},
        {"server-type", "TYPE",
         QT_TRANSLATE_NOOP("CliHelp", "The listing dialect (default auto; the types are listed below)."),
         ListingOptions | ParseOptions},
        {"today", "YYYY-MM-DD",
         QT_TRANSLATE_NOOP("CliHelp", "The date that decides the year of 'Mon DD HH:MM' entries."),
         ParseOptions},

        {"parallel", "N", QT_TRANSLATE_NOOP("CliHelp", "Connections at once, from 1 to 32 (default 4)."),
         TransferOptions},
        {"retries", "N",
         QT_TRANSLATE_NOOP("CliHelp", "Retries of a file after a drop, a timeout or a 4xx reply, from 0 to "
                                      "100 (default 3)."),
         TransferOptions},
        {"limit-rate", "RATE",
         QT_TRANSLATE_NOOP("CliHelp", "Cap the total speed in each direction, in bytes per second (e.g. "
                                      "500k or 2M)."),
         TransferOptions},
        {"progress", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Show the progress bar even when stderr is not a terminal."),
         TransferOptions},
        {"no-progress", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Never show the progress bar."),
         TransferOptions},
        {"no-follow-links", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Skip every link in a folder (get -r, put -r, queue run). By default "
                                      "put -r follows links that stay inside the folder it sends and get -r "
                                      "follows links on the server; loops, links leaving the sent folder and "
                                      "links to nothing are skipped. Every entry not sent gets a warning and "
                                      "counts as skipped."),
         TransferOptions},
        {"queue-db", "PATH",
         QT_TRANSLATE_NOOP("CliHelp", "Keep the queue in this SQLite file, to continue with queue run "
                                      "after a crash (queue's default: ~/.local/share/ferry/queue.sqlite)."),
         TransferOptions},

        {"r,recursive", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "A folder and everything in it (get, put, cp: transfer; rm, rmdir: "
                                      "delete, through the queue, never following a link)."),
         RecursiveOption},
        {"overwrite", "POLICY",
         QT_TRANSLATE_NOOP("CliHelp", "When the target exists: ask, overwrite (the default), newer, size, "
                                      "resume, rename or skip."),
         JobOptions},
        {"resume", nullptr,
         QT_TRANSLATE_NOOP("CliHelp",
                           "get: continue LOCAL.part; put and cp: append after the target's size."),
         JobOptions | CopyOptions},
        {"no-fxp", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "cp: copy through ferry-cli (download into upload), never server to "
                                      "server."),
         CopyOptions},
        {"ascii", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Transfer as ASCII text (TYPE A)."), JobOptions},
        {"binary", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Transfer byte for byte (TYPE I, the default)."),
         JobOptions},
        {"auto", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "ASCII for names with a text extension, binary for the others."),
         JobOptions},
        {"no-preserve-times", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Do not copy modification times to the target."), JobOptions},
        {"E,remove-source", nullptr,
         QT_TRANSLATE_NOOP("CliHelp",
                           "Move: delete each source file once its transfer is complete and verified "
                           "(put: the local file; get: the server's), and with -r each source folder "
                           "left empty. A file that failed or was skipped keeps its source."),
         JobOptions},

        {"force", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Let rm -r delete / (everything on the server)."),
         DeleteOptions},
        {"failed", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Remove the failed jobs (not the finished ones)."),
         QueueOptions},
        {"all", nullptr, QT_TRANSLATE_NOOP("CliHelp", "Remove every job: the queue is empty afterwards."),
         QueueOptions},

        {"dry-run", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Print the plan, one action a line (with --json, one object a line), "
                                      "and change nothing."),
         SyncOptions},
        {"direction", "DIR",
         QT_TRANSLATE_NOOP("CliHelp",
                           "up (the default: LOCAL to the server), down, or both (the side changed "
                           "since the last sync wins, before a first sync the newer one; a file "
                           "changed on both sides is a conflict, left as it is)."),
         SyncOptions},
        {"delete", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Delete what is only on the target side (folders with everything in "
                                      "them); never without this flag, never outside the two folders."),
         SyncOptions},
        {"compare", "HOW",
         QT_TRANSLATE_NOOP("CliHelp", "size,time (the default), size, time, or checksum (the server's "
                                      "HASH/XSHA*/XMD5 against the local file)."),
         SyncOptions},
        {"exclude", "GLOB",
         QT_TRANSLATE_NOOP("CliHelp", "Leave out names matching GLOB (with a '/': paths from the two "
                                      "folders); neither copied nor deleted. May be repeated."),
         SyncOptions},
        {"time-offset", "MINUTES",
         QT_TRANSLATE_NOOP("CliHelp",
                           "Add MINUTES to the times the server lists (FileZilla's \"adjust "
                           "server time\"; by default a site's offset; MLSD times are UTC and never "
                           "shifted)."),
         SyncOptions},

        {"name", "NAME", QT_TRANSLATE_NOOP("CliHelp", "The site's name (required)."), SitesAddOptions},
        {"host", "HOST", QT_TRANSLATE_NOOP("CliHelp", "The server's host name or address (required)."),
         SitesAddOptions},
        {"port", "N", QT_TRANSLATE_NOOP("CliHelp", "The port (default 21; 990 for ftps, 22 for sftp)."),
         SitesAddOptions},
        {"protocol", "PROTOCOL", QT_TRANSLATE_NOOP("CliHelp", "ftp (the default), ftpes, ftps or sftp."),
         SitesAddOptions},
        {"tls", "POLICY",
         QT_TRANSLATE_NOOP("CliHelp", "With --protocol ftp: require (the default), if-available or plain."),
         SitesAddOptions},
        {"user", "USER", QT_TRANSLATE_NOOP("CliHelp", "The user name (without one: anonymous)."),
         SitesAddOptions},
        {"password-stdin", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Read the password from stdin and keep it in the system keychain."),
         SitesAddOptions},
        {"ask-password", nullptr,
         QT_TRANSLATE_NOOP("CliHelp", "Never keep the password; ask for it when connecting."),
         SitesAddOptions},
        {"account", "ACCOUNT", QT_TRANSLATE_NOOP("CliHelp", "The account for servers that ask for ACCT."),
         SitesAddOptions},
        {"key-file", "FILE",
         QT_TRANSLATE_NOOP("CliHelp", "SFTP: log in with this private key (its passphrase is asked for "
                                      "when needed)."),
         SitesAddOptions},
        {"no-agent", nullptr, QT_TRANSLATE_NOOP("CliHelp", "SFTP: do not offer the ssh-agent's keys."),
         SitesAddOptions},
        {"folder", "PATH", QT_TRANSLATE_NOOP("CliHelp", "The site manager folder the site goes in."),
         SitesAddOptions},
        {"remote-folder", "PATH", QT_TRANSLATE_NOOP("CliHelp", "Where relative remote paths start."),
         SitesAddOptions},
        {"transfer-mode", "MODE", QT_TRANSLATE_NOOP("CliHelp", "default, passive or active."),
         SitesAddOptions},
        {"charset", "NAME", QT_TRANSLATE_NOOP("CliHelp", "File-name charset for servers without UTF-8."),
         SitesAddOptions},
        {"comments", "TEXT", QT_TRANSLATE_NOOP("CliHelp", "Free text."), SitesAddOptions},
    };
    return table;
}

QCommandLineOption parserOption(const OptionSpec &spec)
{
    const QStringList names = QString::fromLatin1(spec.names).split(QLatin1Char(','));
    if (!spec.valueName)
        return QCommandLineOption(names);
    return QCommandLineOption(names, QString(), QString::fromLatin1(spec.valueName));
}

void addOptions(QCommandLineParser *parser, unsigned groups)
{
    for (const OptionSpec &spec : optionTable()) {
        if (spec.groups & groups)
            parser->addOption(parserOption(spec));
    }
}

QString wrapped(const QString &text, int indent)
{
    QString result;
    qsizetype length = indent;
    bool lineStart = true;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (!lineStart && length + 1 + word.size() > kHelpWidth) {
            result += QLatin1Char('\n') + QString(indent, QLatin1Char(' '));
            length = indent;
            lineStart = true;
        }
        if (!lineStart) {
            result += QLatin1Char(' ');
            ++length;
        }
        result += word;
        length += word.size();
        lineStart = false;
    }
    return result;
}

QString helpRow(const QString &left, const QString &text)
{
    QString row = QStringLiteral("  ") + left;
    if (row.size() > kHelpColumn - 2)
        row += QLatin1Char('\n') + QString(kHelpColumn, QLatin1Char(' '));
    else
        row = row.leftJustified(kHelpColumn);
    return row + wrapped(text, kHelpColumn) + QLatin1Char('\n');
}

QString helpString(const char *text)
{
    return QCoreApplication::translate("CliHelp", text);
}

QList<OptionSection> optionSections(unsigned groups)
{
    QList<OptionSection> sections;
    for (const GroupHeading &heading : kGroupHeadings) {
        if (!(heading.group & groups))
            continue;
        OptionSection section{helpString(heading.title), {}};
        for (const OptionSpec &spec : optionTable()) {
            // An option of several groups is shown under the first of them the command takes.
            if (!(spec.groups & heading.group) || (spec.groups & groups & (unsigned(heading.group) - 1)))
                continue;
            QStringList names;
            for (const QString &name : QString::fromLatin1(spec.names).split(QLatin1Char(',')))
                names << (name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--")) + name;
            QString left = names.join(QLatin1String(", "));
            if (spec.valueName)
                left += QLatin1Char(' ') + QString::fromLatin1(spec.valueName);
            section.rows.append({left, helpString(spec.help)});
        }
        sections.append(section);
    }
    return sections;
}

QString optionsHelp(unsigned groups)
{
    QString text;
    for (const OptionSection &section : optionSections(groups)) {
        text += QLatin1Char('\n') + section.heading + QLatin1Char('\n');
        for (const auto &[left, help] : section.rows)
            text += helpRow(left, help);
    }
    return text;
}

int readOptions(const QCommandLineParser &parser, Options *options)
{
    if (int rc = readConnectionOptions(parser, options))
        return rc;
    if (int rc = readListingOptions(parser, options))
        return rc;
    return readTransferOptions(parser, options);
}

std::optional<QString> readStdinLine()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return std::nullopt;
    QByteArray line = in.readLine(64 * 1024);
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

} // namespace ferry::cli
