#include "clicommands.h"
#include "clioutput.h"

#include "ftp/certificaterequest.h"
#include "ftp/certificatestore.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/listoperation.h"
#include "ftp/logonoperation.h"
#include "ftp/transferoperation.h"
#include "listing/direntryjson.h"
#include "listing/listingparser.h"
#include "sitecommands.h"
#include "sites/ftpurl.h"
#include "transfer/localfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <cstdio>
#include <functional>
#include <unistd.h>

namespace ferry::cli {

namespace {

int exitCodeFor(const FtpError &error)
{
    switch (error.kind()) {
    case FtpError::Kind::None:
        return ExitOk;
    case FtpError::Kind::Tls:
        return ExitTls;
    case FtpError::Kind::Network:
    case FtpError::Kind::Timeout:
    case FtpError::Kind::Protocol:
        return ExitNetwork;
    case FtpError::Kind::Auth:
        return ExitAuth;
    case FtpError::Kind::NotFound:
    case FtpError::Kind::Permission:
        return ExitRemote;
    case FtpError::Kind::LocalIo:
        return ExitLocal;
    case FtpError::Kind::InvalidArgument:
        return ExitUsage;
    case FtpError::Kind::Cancelled:
        return ExitCancelled;
    case FtpError::Kind::Server:
        break;
    }
    return ExitFailure;
}

// Runs the event loop until `op` finishes. `inspect` reads its results inside finished(),
// since the session deletes an operation right after.
template<typename Op>
FtpError await(Op *op, const std::function<void(Op *)> &inspect = {})
{
    QEventLoop loop;
    FtpError error;
    QObject::connect(op, &FtpOperation::finished, &loop, [&] {
        error = op->error();
        if (!error.isError() && inspect)
            inspect(op);
        loop.quit();
    });
    loop.exec();
    return error;
}

struct Options {
    bool verbose = false;
    bool json = false;
    bool resume = false;
    SessionConfig config;
    TransferType type = TransferType::Binary;
    ListMode listMode = ListMode::Auto;
    ServerType serverType = ServerType::Auto;
    QDate today;
    std::optional<QString> stdinPassword;
    std::optional<TlsPolicy> tlsPolicy; // --tls, for ftp:// URLs
    QByteArray trustFingerprint;        // --trust-fingerprint
    bool insecure = false;              // --insecure
};

// Answers the engine's certificate question from the flags, or at a TTY prompt.
void answerCertificate(CertificateRequest *request, const Options &options)
{
    using Answer = CertificateRequest::Answer;
    if (options.insecure) {
        err() << QCoreApplication::translate("ferry-cli", "ferry-cli: accepting an untrusted certificate "
                                                          "(--insecure): SHA256:%1")
                     .arg(QString::fromLatin1(request->fingerprint()))
              << Qt::endl;
        request->answer(Answer::AcceptOnce);
        return;
    }
    if (!options.trustFingerprint.isEmpty()) {
        if (options.trustFingerprint == request->fingerprint()) {
            request->answer(Answer::AcceptOnce);
            return;
        }
        err() << request->describe() << '\n'
              << QCoreApplication::translate("ferry-cli",
                                             "ferry-cli: the certificate does not match --trust-fingerprint.")
              << Qt::endl;
        request->answer(Answer::Reject);
        return;
    }
    err() << request->describe() << Qt::endl;
    if (::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO)) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            err() << QCoreApplication::translate("ferry-cli", "[r]eject, accept [o]nce, or [a]lways trust? ")
                  << Qt::flush;
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly))
                break;
            const QByteArray line = in.readLine(256).trimmed().toLower();
            if (line == "o" || line == "once") {
                request->answer(Answer::AcceptOnce);
                return;
            }
            if (line == "a" || line == "always") {
                request->answer(Answer::TrustAlways);
                return;
            }
            if (line == "r" || line == "reject" || line.isEmpty())
                break;
        }
    } else {
        err() << QCoreApplication::translate("ferry-cli",
                                             "ferry-cli: to trust this certificate, run again with "
                                             "--trust-fingerprint SHA256:%1")
                     .arg(QString::fromLatin1(request->fingerprint()))
              << Qt::endl;
    }
    request->answer(Answer::Reject);
}

class Client {
public:
    Client(const FtpUrl &url, const Options &options)
        : m_url(url)
        , m_options(options)
        , m_store(CertificateStore::defaultPath())
    {
        SessionConfig config = options.config;
        config.host = url.host;
        config.port = url.port;
        config.user = url.user;
        config.certificateStore = &m_store;
        switch (url.scheme) {
        case FtpUrl::Scheme::Ftpes:
            config.tlsPolicy = TlsPolicy::Require;
            config.tlsMode = TlsMode::Explicit;
            break;
        case FtpUrl::Scheme::Ftps:
            config.tlsPolicy = TlsPolicy::Require;
            config.tlsMode = TlsMode::Implicit;
            break;
        case FtpUrl::Scheme::Ftp:
            config.tlsPolicy = options.tlsPolicy.value_or(TlsPolicy::IfAvailable);
            config.tlsMode = TlsMode::Explicit;
            break;
        }
        if (options.stdinPassword)
            config.password = *options.stdinPassword;
        else if (url.hasPassword)
            config.password = url.password;
        else
            config.password = qEnvironmentVariable("FERRY_PASSWORD");
        m_session = std::make_unique<FtpSession>(config);
        QObject::connect(m_session.get(), &FtpSession::certificateCheckRequired,
                         [this](CertificateRequest *request) { answerCertificate(request, m_options); });
        // Without -v, still say when a password is about to go out unencrypted.
        QObject::connect(m_session.get(), &FtpSession::transcript, [this](const TranscriptLine &line) {
            if (!m_options.verbose && line.kind == TranscriptLine::Kind::Status &&
                line.text.startsWith(QLatin1String("WARNING")))
                err() << "ferry-cli: " << line.text << Qt::endl;
        });
        if (options.verbose) {
            QObject::connect(m_session.get(), &FtpSession::transcript, [](const TranscriptLine &line) {
                static const char *const prefix[] = {"* ", "> ", "< ", "! "};
                err() << prefix[int(line.kind)] << line.text << Qt::endl;
            });
        }
    }

    ~Client()
    {
        // Say goodbye politely; a failed QUIT changes nothing for the caller.
        if (m_session->isLoggedIn())
            (void)await(m_session->quit());
    }

    FtpSession *session() const { return m_session.get(); }

    int report(const FtpError &error) const
    {
        if (!error.isError())
            return ExitOk;
        return fail(exitCodeFor(error), error.toString());
    }

private:
    FtpUrl m_url;
    Options m_options;
    CertificateStore m_store;
    std::unique_ptr<FtpSession> m_session;
};

QString formatEntry(const DirEntry &e)
{
    QString time;
    switch (e.timePrecision) {
    case DirEntry::TimePrecision::None:
        break;
    case DirEntry::TimePrecision::Day:
        time = e.date.toString(QStringLiteral("yyyy-MM-dd"));
        break;
    case DirEntry::TimePrecision::Minute:
        time = e.date.toString(QStringLiteral("yyyy-MM-dd")) + QLatin1Char(' ') +
               e.time.toString(QStringLiteral("HH:mm"));
        break;
    case DirEntry::TimePrecision::Second:
        time = e.date.toString(QStringLiteral("yyyy-MM-dd")) + QLatin1Char(' ') +
               e.time.toString(QStringLiteral("HH:mm:ss"));
        break;
    }
    const QChar type = e.isLink ? QLatin1Char('l') : e.isDir ? QLatin1Char('d') : QLatin1Char('-');
    QString line = QString(type) + QLatin1String("  ") +
                   (e.size >= 0 ? QString::number(e.size) : QStringLiteral("-")).rightJustified(12) +
                   QLatin1String("  ") + time.leftJustified(19) + QLatin1String("  ") + e.name;
    if (e.isDir)
        line += QLatin1Char('/');
    if (e.isLink && !e.target.isEmpty())
        line += QLatin1String(" -> ") + e.target;
    return line;
}

int cmdLs(const FtpUrl &url, const Options &options)
{
    Client client(url, options);
    auto *op = client.session()->list(url.path, options.listMode);
    const FtpError error = await<ListOperation>(op, [&](ListOperation *list) {
        if (list->usedMode() == ListMode::Nlst) {
            for (const QString &name : list->names()) {
                if (!options.json) {
                    out() << name << '\n';
                    continue;
                }
                DirEntry entry; // NLST says nothing but the name
                entry.name = name;
                out() << QString::fromUtf8(direntryToJsonLine(entry)) << '\n';
            }
            return;
        }
        for (const DirEntry &entry : list->entries()) {
            if (options.json)
                out() << QString::fromUtf8(direntryToJsonLine(entry)) << '\n';
            else
                out() << formatEntry(entry) << '\n';
        }
    });
    out().flush();
    return client.report(error);
}

int cmdGet(const FtpUrl &url, const QString &localArg, const Options &options)
{
    if (url.namesFolder())
        return fail(ExitUsage, tr("get needs a file URL, not a folder: %1").arg(url.toDisplayString()));
    const QString name = url.fileName();
    if (name == QLatin1String(".") || name == QLatin1String(".."))
        return fail(ExitUsage, tr("Refusing to download to the local name \"%1\".").arg(name));
    QString local = localArg.isEmpty() ? name : localArg;
    // LOCAL ending in '/' always names a folder, existing or not (like a remote URL).
    if (local.endsWith(QLatin1Char('/')) || QFileInfo(local).isDir())
        local = QDir(local).filePath(name);

    PartFile part(local);
    const FtpError openError = part.open(options.resume);
    if (openError.isError())
        return fail(ExitLocal, openError.toString());

    Client client(url, options);
    if (part.resumeOffset() > 0) {
        // A part file as large as the remote file is complete; a larger one is stale
        // (the remote file changed): REST beyond the end would fail on every retry.
        qint64 remoteSize = -1;
        const FtpError sizeError = await<CommandOperation>(
            client.session()->size(url.path), [&](CommandOperation *op) { remoteSize = op->sizeResult(); });
        if (sizeError.kind() == FtpError::Kind::NotFound)
            return client.report(sizeError);
        if (remoteSize >= 0 && part.resumeOffset() == remoteSize) {
            const FtpError commitError = part.commit();
            return commitError.isError() ? fail(ExitLocal, commitError.toString()) : int(ExitOk);
        }
        if (remoteSize >= 0 && part.resumeOffset() > remoteSize) {
            err() << tr("ferry-cli: %1 is larger than the remote file; downloading again from the start.")
                         .arg(part.partPath())
                  << Qt::endl;
            const FtpError restartError = part.restart();
            if (restartError.isError())
                return fail(ExitLocal, restartError.toString());
        }
    }
    TransferOptions transfer;
    transfer.type = options.type;
    transfer.offset = part.resumeOffset();
    const FtpError error = await(client.session()->download(url.path, part.device(), transfer));
    if (error.isError()) {
        part.abandon();
        if (part.kept())
            err() << tr("ferry-cli: the partial download is kept in %1; run again with --resume to continue.")
                         .arg(part.partPath())
                  << Qt::endl;
        return client.report(error);
    }
    const FtpError commitError = part.commit();
    if (commitError.isError())
        return fail(ExitLocal, commitError.toString());
    return ExitOk;
}

int cmdPut(const QStringList &locals, const FtpUrl &url, const Options &options)
{
    if (locals.size() > 1 && !url.namesFolder())
        return fail(ExitUsage, tr("Several files go to a folder: end the URL with '/'."));
    // Check every local file before connecting, so that a typo costs no transfer.
    for (const QString &local : locals) {
        const QFileInfo info(local);
        if (!info.exists())
            return fail(ExitLocal, tr("No such local file: %1").arg(local));
        if (!info.isFile())
            return fail(ExitLocal, tr("Not a regular file: %1 (folders come with put -r)").arg(local));
    }
    Client client(url, options);
    for (const QString &local : locals) {
        QFile file(local);
        if (!file.open(QIODevice::ReadOnly))
            return fail(ExitLocal, tr("Cannot read %1: %2").arg(local, file.errorString()));
        const QString remote = url.namesFolder() ? url.path + QFileInfo(local).fileName() : url.path;
        TransferOptions transfer;
        transfer.type = options.type;
        transfer.sizeHint = file.size();
        if (options.resume) {
            qint64 remoteSize = -1;
            const FtpError sizeError = await<CommandOperation>(
                client.session()->size(remote), [&](CommandOperation *op) { remoteSize = op->sizeResult(); });
            if (!sizeError.isError() && remoteSize > 0) {
                if (remoteSize > file.size())
                    return fail(ExitFailure,
                                tr("The remote %1 is larger than the local file; not resuming.").arg(remote));
                if (!file.seek(remoteSize))
                    return fail(ExitLocal, tr("Cannot seek in %1: %2").arg(local, file.errorString()));
                transfer.uploadMode = TransferOptions::UploadMode::Append;
            }
        }
        const FtpError error = await(client.session()->upload(&file, remote, transfer));
        if (error.isError())
            return client.report(error);
    }
    return ExitOk;
}

int runSimple(const FtpUrl &url, const Options &options,
              const std::function<CommandOperation *(FtpSession *)> &make,
              const std::function<void(CommandOperation *)> &inspect = {})
{
    Client client(url, options);
    return client.report(await<CommandOperation>(make(client.session()), inspect));
}

int cmdParseListing(const Options &options)
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return fail(ExitLocal, tr("Cannot read standard input."));
    ListingParser::Options parserOptions;
    parserOptions.serverType = options.serverType;
    parserOptions.today = options.today.isValid() ? options.today : QDate::currentDate();
    parserOptions.charset = options.config.charset.fallbackName();
    parserOptions.keepUnsafeNames = true;
    ListingParser parser(parserOptions);
    while (true) {
        const QByteArray chunk = in.read(1 << 20);
        if (chunk.isEmpty())
            break;
        parser.addData(chunk);
        for (const DirEntry &entry : parser.takeEntries())
            out() << QString::fromUtf8(direntryToJsonLine(entry, true)) << '\n';
    }
    parser.finish();
    for (const DirEntry &entry : parser.takeEntries())
        out() << QString::fromUtf8(direntryToJsonLine(entry, true)) << '\n';
    out().flush();
    return ExitOk;
}

QString helpText()
{
    return tr("Usage: ferry-cli [options] COMMAND [arguments]\n"
              "\n"
              "Commands:\n"
              "  ls URL                   list a remote folder (--json: one JSON object per entry)\n"
              "  get URL [LOCAL]          download a file (to LOCAL, a folder or a file name)\n"
              "  put LOCAL... URL         upload files; a URL ending in '/' names a folder\n"
              "  mkdir URL                create a remote folder\n"
              "  rm URL                   delete a remote file\n"
              "  rmdir URL                remove an empty remote folder\n"
              "  mv URL NEWPATH           rename; NEWPATH is absolute or relative to the URL's folder\n"
              "  chmod MODE URL           change permissions (SITE CHMOD)\n"
              "  quote URL COMMAND...     send a raw command and print the reply\n"
              "  parse-listing            parse a raw listing on stdin, print JSON lines\n"
              "  sites list|show NAME|add|remove NAME|import-filezilla FILE|export FILE|import FILE\n"
              "                           the site manager (see docs/sites.md); must come first\n"
              "\n"
              "URLs: ftp://[user[:password]@]host[:port]/path; ftpes:// is explicit FTPS (AUTH TLS,\n"
              "TLS required), ftps:// implicit FTPS (port 990).\n"
              "Percent-encode special characters; IPv6 hosts in brackets: ftp://[::1]:2121/\n"
              "\n"
              "Options:\n"
              "  --passive / --active     data connection mode (default: passive, falls back to active)\n"
              "  --timeout S              give up after S seconds without progress (default 30)\n"
              "  -v, --verbose            print the protocol transcript on stderr (PASS is masked)\n"
              "  --password-stdin         read the password from the first line of stdin\n"
              "                           (else the URL's, else $FERRY_PASSWORD)\n"
              "  --json                   ls: one JSON object per entry\n"
              "  --list-mode MODE         ls: auto, mlsd, list or nlst (default auto)\n"
              "  --charset NAME           file-name charset for servers without UTF-8 (e.g. windows-1252)\n"
              "  --ascii / --binary       transfer type for get/put (default binary)\n"
              "  --resume                 get: continue LOCAL.part; put: append after the remote size\n"
              "  --server-type TYPE       parse-listing/ls: the listing dialect (default auto; see\n"
              "                           the list below)\n"
              "  --today YYYY-MM-DD       parse-listing: the date that decides years of 'Mon DD HH:MM'\n"
              "  --tls POLICY             ftp:// URLs: require, try (default: TLS when offered) or none\n"
              "  --trust-fingerprint FP   accept a server certificate with this SHA-256 fingerprint\n"
              "                           (SHA256:hex, as printed when a certificate is not trusted)\n"
              "  --insecure               accept any certificate (for tests; never for real servers)\n"
              "  --site NAME              use a stored site (NAME or Folder/Name); commands then take\n"
              "                           remote paths instead of URLs (password from the keychain)\n"
              "  --version, --help\n"
              "\n"
              "Exit status: 0 ok, 1 failure, 2 usage, 3 network/timeout, 4 login, 5 remote file,\n"
              "6 local file, 7 cancelled, 8 TLS/certificate.\n"
              "Certificates you trust always are pinned in ~/.config/ferry/trusted-certificates.json.\n") +
           tr("Server types: %1\n").arg(ListingParser::serverTypeNames().join(QLatin1String(", ")));
}

} // namespace

int run(const QStringList &arguments)
{
    QCoreApplication::setApplicationName(QStringLiteral("ferry-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FERRY_VERSION_STRING));
    // `ferry-cli sites ...` has its own options (sitecommands.cpp).
    if (arguments.size() > 1 && arguments.at(1) == QLatin1String("sites"))
        return runSites(arguments);

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption active(QStringLiteral("active"));
    const QCommandLineOption passive(QStringLiteral("passive"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QString(), QStringLiteral("S"));
    const QCommandLineOption verbose(QStringList{QStringLiteral("v"), QStringLiteral("verbose")});
    const QCommandLineOption passwordStdin(QStringLiteral("password-stdin"));
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption listMode(QStringLiteral("list-mode"), QString(), QStringLiteral("MODE"));
    const QCommandLineOption charset(QStringLiteral("charset"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption ascii(QStringLiteral("ascii"));
    const QCommandLineOption binary(QStringLiteral("binary"));
    const QCommandLineOption resume(QStringLiteral("resume"));
    const QCommandLineOption serverType(QStringLiteral("server-type"), QString(), QStringLiteral("TYPE"));
    const QCommandLineOption today(QStringLiteral("today"), QString(), QStringLiteral("DATE"));
    const QCommandLineOption tls(QStringLiteral("tls"), QString(), QStringLiteral("POLICY"));
    const QCommandLineOption trustFingerprint(QStringLiteral("trust-fingerprint"), QString(),
                                              QStringLiteral("FP"));
    const QCommandLineOption insecure(QStringLiteral("insecure"));
    const QCommandLineOption site(QStringLiteral("site"), QString(), QStringLiteral("NAME"));
    const QCommandLineOption version(QStringLiteral("version"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    parser.addOptions({active, passive, timeout, verbose, passwordStdin, json, listMode, charset, ascii,
                       binary, resume, serverType, today, tls, trustFingerprint, insecure, version, help});
    parser.addOption(site);
    if (!parser.parse(arguments))
        return fail(ExitUsage, parser.errorText() + QLatin1String(" (see --help)"));
    if (parser.isSet(help)) {
        out() << helpText();
        return ExitOk;
    }
    if (parser.isSet(version)) {
        out() << "ferry-cli " << QStringLiteral(FERRY_VERSION_STRING) << Qt::endl;
        return ExitOk;
    }

    Options options;
    options.verbose = parser.isSet(verbose);
    options.json = parser.isSet(json);
    options.resume = parser.isSet(resume);
    if (parser.isSet(active) && parser.isSet(passive))
        return fail(ExitUsage, tr("--active and --passive exclude each other."));
    options.config.dataMode = parser.isSet(active) ? DataMode::Active : DataMode::Passive;
    if (parser.isSet(ascii) && parser.isSet(binary))
        return fail(ExitUsage, tr("--ascii and --binary exclude each other."));
    options.type = parser.isSet(ascii) ? TransferType::Ascii : TransferType::Binary;
    if (parser.isSet(timeout)) {
        bool ok = false;
        const double seconds = parser.value(timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 86400)
            return fail(ExitUsage, tr("--timeout takes a number of seconds."));
        options.config.timeoutMs = int(seconds * 1000);
    }
    if (parser.isSet(charset) && !options.config.charset.setName(parser.value(charset)))
        return fail(ExitUsage, tr("Unknown charset \"%1\".").arg(parser.value(charset)));
    if (parser.isSet(listMode)) {
        const QString mode = parser.value(listMode).toLower();
        if (mode == QLatin1String("auto"))
            options.listMode = ListMode::Auto;
        else if (mode == QLatin1String("mlsd"))
            options.listMode = ListMode::Mlsd;
        else if (mode == QLatin1String("list"))
            options.listMode = ListMode::List;
        else if (mode == QLatin1String("nlst"))
            options.listMode = ListMode::Nlst;
        else
            return fail(ExitUsage, tr("--list-mode takes auto, mlsd, list or nlst."));
    }
    if (parser.isSet(tls)) {
        const QString policy = parser.value(tls).toLower();
        if (policy == QLatin1String("require"))
            options.tlsPolicy = TlsPolicy::Require;
        else if (policy == QLatin1String("try"))
            options.tlsPolicy = TlsPolicy::IfAvailable;
        else if (policy == QLatin1String("none"))
            options.tlsPolicy = TlsPolicy::Never;
        else
            return fail(ExitUsage, tr("--tls takes require, try or none."));
    }
    if (parser.isSet(trustFingerprint)) {
        options.trustFingerprint = CertificateRequest::normalizeFingerprint(parser.value(trustFingerprint));
        if (options.trustFingerprint.isEmpty())
            return fail(ExitUsage, tr("--trust-fingerprint takes SHA256: and 64 hex digits."));
    }
    options.insecure = parser.isSet(insecure);
    if (parser.isSet(serverType) &&
        !ListingParser::parseServerType(parser.value(serverType), &options.serverType))
        return fail(ExitUsage, tr("Unknown server type \"%1\".").arg(parser.value(serverType)));
    options.config.serverType = options.serverType; // ls uses it too, not only parse-listing
    if (parser.isSet(today)) {
        options.today = QDate::fromString(parser.value(today), Qt::ISODate);
        if (!options.today.isValid())
            return fail(ExitUsage, tr("--today takes a date as YYYY-MM-DD."));
    }

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty())
        return fail(ExitUsage, tr("No command given (see --help)."));
    const QString command = args.first();

    if (command == QLatin1String("parse-listing")) {
        if (args.size() != 1)
            return fail(ExitUsage, tr("parse-listing reads stdin and takes no arguments."));
        return cmdParseListing(options);
    }

    if (parser.isSet(passwordStdin)) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return fail(ExitUsage, tr("Cannot read the password from stdin."));
        QByteArray line = in.readLine(64 * 1024);
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        options.stdinPassword = QString::fromUtf8(line);
    }

    // --site NAME: a stored profile stands in for the URLs (sitecommands.cpp); explicit
    // flags still win over the profile's settings.
    std::optional<SiteTarget> siteTarget;
    if (parser.isSet(site)) {
        QString error;
        int code = ExitUsage;
        siteTarget = resolveSite(parser.value(site), options.stdinPassword.has_value(), &error, &code);
        if (!siteTarget)
            return fail(code, error);
        if (!parser.isSet(active) && !parser.isSet(passive)) {
            options.config.dataMode = siteTarget->config.dataMode;
            options.config.allowModeFallback = siteTarget->config.allowModeFallback;
        }
        if (!parser.isSet(charset))
            options.config.charset = siteTarget->config.charset;
        options.config.account = siteTarget->config.account;
        if (!parser.isSet(serverType))
            options.config.serverType = siteTarget->config.serverType;
        if (!parser.isSet(tls) && siteTarget->tlsPolicy)
            options.tlsPolicy = siteTarget->tlsPolicy;
    }

    auto parseUrl = [&siteTarget](const QString &text, FtpUrl *url) -> int {
        QString error;
        if (siteTarget)
            return siteUrl(*siteTarget, text, url, &error) ? int(ExitOk) : fail(ExitUsage, error);
        const auto parsed = FtpUrl::parse(text, &error);
        if (!parsed)
            return fail(ExitUsage, error);
        *url = *parsed;
        return ExitOk;
    };
    auto expect = [&](qsizetype min, qsizetype max, const char *usage) {
        if (args.size() < min || (max >= 0 && args.size() > max)) {
            fail(ExitUsage, tr("usage: ferry-cli %1").arg(QLatin1String(usage)));
            return false;
        }
        return true;
    };

    FtpUrl url;
    if (command == QLatin1String("ls")) {
        if (!expect(2, 2, "ls URL"))
            return ExitUsage;
        if (int rc = parseUrl(args.at(1), &url))
            return rc;
        return cmdLs(url, options);
    }
    if (command == QLatin1String("get")) {
        if (!expect(2, 3, "get URL [LOCAL]"))
            return ExitUsage;
        if (int rc = parseUrl(args.at(1), &url))
            return rc;
        return cmdGet(url, args.value(2), options);
    }
    if (command == QLatin1String("put")) {
        if (!expect(3, -1, "put LOCAL... URL"))
            return ExitUsage;
        if (int rc = parseUrl(args.constLast(), &url))
            return rc;
        return cmdPut(args.mid(1, args.size() - 2), url, options);
    }
    if (command == QLatin1String("mkdir") || command == QLatin1String("rm") ||
        command == QLatin1String("rmdir")) {
        if (!expect(2, 2, "mkdir|rm|rmdir URL"))
            return ExitUsage;
        if (int rc = parseUrl(args.at(1), &url))
            return rc;
        QString path = url.path;
        if (path.size() > 1 && path.endsWith(QLatin1Char('/')))
            path.chop(1);
        return runSimple(url, options, [&](FtpSession *s) {
            if (command == QLatin1String("mkdir"))
                return s->makeDirectory(path);
            if (command == QLatin1String("rm"))
                return s->removeFile(path);
            return s->removeDirectory(path);
        });
    }
    if (command == QLatin1String("mv")) {
        if (!expect(3, 3, "mv URL NEWPATH"))
            return ExitUsage;
        if (int rc = parseUrl(args.at(1), &url))
            return rc;
        QString target = args.at(2);
        if (target.contains(QLatin1String("://"))) {
            FtpUrl other;
            if (int rc = parseUrl(target, &other))
                return rc;
            target = other.path;
        } else if (!target.startsWith(QLatin1Char('/'))) {
            target = url.folder() + target;
        }
        return runSimple(url, options, [&](FtpSession *s) { return s->rename(url.path, target); });
    }
    if (command == QLatin1String("chmod")) {
        if (!expect(3, 3, "chmod MODE URL"))
            return ExitUsage;
        if (int rc = parseUrl(args.at(2), &url))
            return rc;
        return runSimple(url, options, [&](FtpSession *s) { return s->chmod(args.at(1), url.path); });
    }
    if (command == QLatin1String("quote")) {
        if (!expect(3, -1, "quote URL COMMAND..."))
            return ExitUsage;
        if (int rc = parseUrl(args.at(1), &url))
            return rc;
        const QString line = args.mid(2).join(QLatin1Char(' '));
        Client client(url, options);
        FtpReply reply;
        auto *op = client.session()->raw(line);
        QObject::connect(op, &FtpOperation::finished, op, [&reply, op] { reply = op->lastReply(); });
        const FtpError error = await(op);
        if (reply.code != 0) {
            const qsizetype n = reply.lines.size();
            for (qsizetype i = 0; i < n; ++i) {
                // Like the server sent it: "ddd-" first, "ddd " last (RFC 959 §4.2).
                if (i == 0 || i + 1 == n)
                    out() << reply.code << (i + 1 == n ? ' ' : '-');
                out() << reply.lines.at(i) << '\n';
            }
            out().flush();
        }
        return client.report(error);
    }
    return fail(ExitUsage, tr("Unknown command \"%1\" (see --help).").arg(command));
}

} // namespace ferry::cli
