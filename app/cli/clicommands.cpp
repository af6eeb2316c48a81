#include "clicommands.h"
#include "clioutput.h"

#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/listoperation.h"
#include "ftp/logonoperation.h"
#include "ftp/transferoperation.h"
#include "listing/direntryjson.h"
#include "listing/listingparser.h"
#include "remote/certificaterequest.h"
#include "remote/certificatestore.h"
#include "sitecommands.h"
#include "sites/ftpurl.h"
#include "transfer/localfile.h"
#include "transfer/overwriterequest.h"
#include "transfer/transferqueue.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QMetaEnum>
#include <QSet>
#include <QTextStream>
#include <cstdio>
#include <functional>
#include <unistd.h>

namespace ferry::cli {

namespace {

int exitCodeFor(const RemoteError &error)
{
    switch (error.kind()) {
    case RemoteError::Kind::None:
        return ExitOk;
    case RemoteError::Kind::Tls:
        return ExitTls;
    case RemoteError::Kind::Network:
    case RemoteError::Kind::Timeout:
    case RemoteError::Kind::Protocol:
        return ExitNetwork;
    case RemoteError::Kind::Auth:
        return ExitAuth;
    case RemoteError::Kind::NotFound:
    case RemoteError::Kind::Permission:
        return ExitRemote;
    case RemoteError::Kind::LocalIo:
        return ExitLocal;
    case RemoteError::Kind::InvalidArgument:
        return ExitUsage;
    case RemoteError::Kind::Cancelled:
        return ExitCancelled;
    case RemoteError::Kind::Server:
        break;
    }
    return ExitFailure;
}

// Runs the event loop until `op` finishes. `inspect` reads its results inside finished(),
// since the session deletes an operation right after.
template<typename Op>
RemoteError await(Op *op, const std::function<void(Op *)> &inspect = {})
{
    QEventLoop loop;
    RemoteError error;
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
    // Transfers (get/put and the queue)
    bool recursive = false;
    int parallel = 4;
    int retries = 3;
    qint64 limitRate = 0;
    TransferJob::Overwrite overwrite = TransferJob::Overwrite::Overwrite;
    TransferJob::Mode mode = TransferJob::Mode::Binary;
    bool preserveTime = true;
    bool progress = false;    // --progress: a progress bar even without a TTY
    bool progressAuto = true; // a bar when stderr is a TTY
    QString queueDb;          // --queue-db: a queue that survives the process
};

SessionConfig sessionConfigFor(const FtpUrl &url, const Options &options)
{
    SessionConfig config = options.config;
    url.applyTo(config, options.tlsPolicy.value_or(TlsPolicy::IfAvailable));
    if (options.stdinPassword)
        config.password = *options.stdinPassword;
    else if (!url.hasPassword)
        config.password = qEnvironmentVariable("FERRY_PASSWORD");
    return config;
}

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
        SessionConfig config = sessionConfigFor(url, options);
        config.certificateStore = &m_store;
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

    int report(const RemoteError &error) const
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
    const RemoteError error = await<ListOperation>(op, [&](ListOperation *list) {
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

// --- Transfers: get and put go through the transfer queue (core/transfer) ---

struct TransferItem {
    bool upload = false;
    bool folder = false;
    QString local;
    QString remote;
};

QString siteKeyFor(const FtpUrl &url)
{
    FtpUrl site = url;
    site.path = QStringLiteral("/");
    site.hasPassword = false;
    site.password.clear();
    return site.toDisplayString();
}

QString humanBytes(double bytes)
{
    const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    return unit == 0 ? QStringLiteral("%1 B").arg(qint64(bytes))
                     : QStringLiteral("%1 %2").arg(bytes, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

// "1m", "500k", "2M", "100000": bytes per second; k/m/g are powers of 1024.
std::optional<qint64> parseRate(const QString &text)
{
    QString t = text.trimmed().toLower();
    if (t.endsWith(QLatin1String("/s")))
        t.chop(2);
    if (t.endsWith(QLatin1Char('b')))
        t.chop(1);
    qint64 factor = 1;
    if (t.endsWith(QLatin1Char('k')))
        factor = 1024;
    else if (t.endsWith(QLatin1Char('m')))
        factor = 1024 * 1024;
    else if (t.endsWith(QLatin1Char('g')))
        factor = 1024 * 1024 * 1024;
    if (factor != 1)
        t.chop(1);
    bool ok = false;
    const double value = t.toDouble(&ok);
    if (!ok || value < 0 || value * double(factor) > 1e13)
        return std::nullopt;
    return qint64(value * double(factor));
}

// Answers "the target exists" at a TTY; without one, the policy decides (skip for ask).
void answerOverwrite(OverwriteRequest *request)
{
    if (!(::isatty(STDIN_FILENO) && ::isatty(STDERR_FILENO))) {
        err() << tr("ferry-cli: %1 exists; skipped (use --overwrite=POLICY).").arg(request->targetPath())
              << Qt::endl;
        request->answer(TransferJob::Overwrite::Skip);
        return;
    }
    err() << '\n'
          << tr("%1 exists (%2 bytes; the source has %3).")
                 .arg(request->targetPath())
                 .arg(request->targetSize())
                 .arg(request->sourceSize())
          << '\n'
          << tr("[o]verwrite, [s]kip, [r]esume, re[n]ame, [n]ewer only; capital letter: for all? ")
          << Qt::flush;
    QFile in;
    QByteArray line;
    if (in.open(stdin, QIODevice::ReadOnly))
        line = in.readLine(64).trimmed();
    const bool all = !line.isEmpty() && QChar::fromLatin1(line.at(0)).isUpper();
    using O = TransferJob::Overwrite;
    O action = O::Skip;
    switch (line.isEmpty() ? 's' : QChar::fromLatin1(line.at(0)).toLower().toLatin1()) {
    case 'o':
        action = O::Overwrite;
        break;
    case 'r':
        action = O::Resume;
        break;
    case 'n':
        action = line.toLower().startsWith("ne") ? O::IfNewer : O::Rename;
        break;
    default:
        break;
    }
    request->answer(action, all);
}

int driveQueue(TransferQueue &queue, const QList<TransferItem> &items, const QString &site,
               const Options &options, bool summary);

int runTransfers(const FtpUrl &url, const QList<TransferItem> &items, const Options &options, bool summary)
{
    CertificateStore store(CertificateStore::defaultPath());
    TransferQueue queue(options.queueDb.isEmpty() ? QStringLiteral(":memory:") : options.queueDb);
    if (!queue.open())
        return fail(ExitLocal, queue.errorString());
    const QString site = siteKeyFor(url);
    SessionConfig config = sessionConfigFor(url, options);
    config.certificateStore = &store;
    queue.setSite(site, config, options.parallel);
    queue.setMaxRetries(options.retries);
    queue.setSpeedLimits(options.limitRate, options.limitRate);
    return driveQueue(queue, items, site, options, summary);
}

int driveQueue(TransferQueue &queue, const QList<TransferItem> &items, const QString &site,
               const Options &options, bool summary)
{
    QObject::connect(&queue, &TransferQueue::certificateCheckRequired,
                     [&options](CertificateRequest *request) { answerCertificate(request, options); });
    QObject::connect(&queue, &TransferQueue::overwriteQuestion, &answerOverwrite);
    QSet<QString> warned; // parallel connections say the same warning once each
    QObject::connect(
        &queue, &TransferQueue::transcript, [&options, &warned](const QString &, const TranscriptLine &line) {
            if (options.verbose) {
                static const char *const prefix[] = {"* ", "> ", "< ", "! "};
                err() << prefix[int(line.kind)] << line.text << Qt::endl;
            } else if (line.kind == TranscriptLine::Kind::Status &&
                       line.text.startsWith(QLatin1String("WARNING")) && !warned.contains(line.text)) {
                warned.insert(line.text);
                err() << "ferry-cli: " << line.text << Qt::endl;
            }
        });
    QObject::connect(&queue, &TransferQueue::message, [&options](const QString &text) {
        if (options.verbose)
            err() << "* " << text << Qt::endl;
    });
    QObject::connect(&queue, &TransferQueue::connectionLimitLowered, [](const QString &key, int limit) {
        err() << tr("ferry-cli: %1 refused more connections; continuing with %2.").arg(key).arg(limit)
              << Qt::endl;
    });

    RemoteError firstError;
    QStringList failures;
    QObject::connect(&queue, &TransferQueue::jobChanged, [&](const TransferJob &job) {
        if (job.state != TransferJob::State::Failed)
            return;
        if (!firstError.isError())
            firstError = RemoteError(RemoteError::Kind(job.errorKind), job.error);
        failures.append(job.error);
        if (job.kind == TransferJob::Kind::Download &&
            QFileInfo::exists(PartFile::partPathFor(job.localPath)))
            failures.append(tr("the partial download is kept in %1; run again with --resume to continue.")
                                .arg(PartFile::partPathFor(job.localPath)));
    });

    const bool bar =
        options.progress || (options.progressAuto && ::isatty(STDERR_FILENO) && !options.verbose);
    QElapsedTimer clock;
    clock.start();
    QueueProgress last;
    QObject::connect(&queue, &TransferQueue::progressChanged, [&](const QueueProgress &p) {
        last = p;
        if (!bar)
            return;
        const int percent = p.bytesTotal > 0 ? int(100.0 * double(p.bytesDone) / double(p.bytesTotal)) : 0;
        QString line = QStringLiteral("\r%1%  %2 / %3  %4/s")
                           .arg(percent, 3)
                           .arg(humanBytes(double(p.bytesDone)), humanBytes(double(p.bytesTotal)),
                                humanBytes(p.bytesPerSecond));
        if (p.etaSeconds >= 0)
            line += QStringLiteral("  ETA %1:%2")
                        .arg(p.etaSeconds / 60)
                        .arg(p.etaSeconds % 60, 2, 10, QLatin1Char('0'));
        line += QStringLiteral("  %1/%2 files").arg(p.filesDone + p.filesSkipped).arg(p.filesTotal);
        err() << line.leftJustified(79) << Qt::flush;
    });

    TransferQueue::JobOptions jobOptions;
    jobOptions.overwrite = options.overwrite;
    jobOptions.mode = options.mode;
    jobOptions.resume = options.resume;
    jobOptions.preserveTime = options.preserveTime;
    for (const TransferItem &item : items) {
        qint64 id = 0;
        if (item.upload)
            id = item.folder ? queue.enqueueUploadFolder(site, item.local, item.remote, jobOptions)
                             : queue.enqueueUpload(site, item.local, item.remote, jobOptions);
        else
            id = item.folder ? queue.enqueueDownloadFolder(site, item.remote, item.local, jobOptions)
                             : queue.enqueueDownload(site, item.remote, item.local, jobOptions);
        if (id == 0)
            return fail(ExitLocal, queue.errorString());
    }

    // SIGINT/SIGTERM stop the queue cleanly: part files stay for --resume or `queue run`.
    QEventLoop loop;
    QObject::connect(&queue, &TransferQueue::drained, &loop, &QEventLoop::quit);
    queue.start();
    loop.exec();
    queue.stop();
    if (bar)
        err() << '\n';
    for (const QString &failure : std::as_const(failures))
        err() << "ferry-cli: " << failure << Qt::endl;
    if (summary || bar) {
        const double seconds = double(clock.elapsed()) / 1000.0;
        err() << tr("ferry-cli: %1 file(s), %2 in %3 s (%4/s); %5 failed, %6 skipped.")
                     .arg(last.filesDone)
                     .arg(humanBytes(double(last.bytesDone)))
                     .arg(seconds, 0, 'f', 2)
                     .arg(humanBytes(seconds > 0 ? double(last.bytesDone) / seconds : 0))
                     .arg(last.filesFailed)
                     .arg(last.filesSkipped)
              << Qt::endl;
    }
    return firstError.isError() ? exitCodeFor(firstError) : int(ExitOk);
}

int cmdGet(const FtpUrl &url, const QString &localArg, const Options &options)
{
    TransferItem item;
    item.remote = url.path;
    if (url.namesFolder() && !options.recursive)
        return fail(ExitUsage, tr("get needs a file URL, not a folder: %1 (folders come with get -r)")
                                   .arg(url.toDisplayString()));
    QString remote = url.path;
    while (remote.size() > 1 && remote.endsWith(QLatin1Char('/')))
        remote.chop(1);
    const QString name = remote.section(QLatin1Char('/'), -1);
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String(".."))
        return fail(ExitUsage, tr("Refusing to download to the local name \"%1\".").arg(name));
    QString local = localArg.isEmpty() ? name : localArg;
    if (options.recursive) {
        // get -r URL/folder/ DIR: creates DIR/folder (like cp -r into a folder).
        if (localArg.isEmpty() || localArg.endsWith(QLatin1Char('/')) || QFileInfo(localArg).isDir())
            local = QDir(localArg.isEmpty() ? QStringLiteral(".") : localArg).filePath(name);
        item.folder = true;
        item.remote = remote;
    } else if (local.endsWith(QLatin1Char('/')) || QFileInfo(local).isDir()) {
        // LOCAL ending in '/' always names a folder, existing or not (like a remote URL).
        local = QDir(local).filePath(name);
    }
    item.local = QFileInfo(local).absoluteFilePath();
    if (!item.folder) {
        // Check the local side before connecting, so that a bad target costs no transfer.
        PartFile probe(item.local);
        const RemoteError openError = probe.open(true);
        if (openError.isError())
            return fail(ExitLocal, openError.toString());
        probe.abandon();
    }
    return runTransfers(url, {item}, options, options.recursive);
}

int cmdPut(const QStringList &locals, const FtpUrl &url, const Options &options)
{
    if (locals.size() > 1 && !url.namesFolder())
        return fail(ExitUsage, tr("Several files go to a folder: end the URL with '/'."));
    QList<TransferItem> items;
    // Check every local file before connecting, so that a typo costs no transfer.
    for (const QString &local : locals) {
        const QFileInfo info(local);
        if (!info.exists())
            return fail(ExitLocal, tr("No such local file: %1").arg(local));
        if (info.isDir() && !options.recursive)
            return fail(ExitLocal, tr("Not a regular file: %1 (folders come with put -r)").arg(local));
        if (!info.isDir() && !info.isFile())
            return fail(ExitLocal, tr("Not a regular file: %1").arg(local));
        if (info.isFile()) {
            QFile file(local);
            if (!file.open(QIODevice::ReadOnly))
                return fail(ExitLocal, tr("Cannot read %1: %2").arg(local, file.errorString()));
        }
        TransferItem item;
        item.upload = true;
        item.folder = info.isDir();
        item.local = info.absoluteFilePath();
        QString name = QDir::cleanPath(item.local).section(QLatin1Char('/'), -1);
        item.remote = url.namesFolder() ? url.path + name : url.path;
        items.append(item);
    }
    return runTransfers(url, items, options, options.recursive || locals.size() > 1);
}

// `ferry-cli queue run|list|retry|clear`: a stored queue (--queue-db), e.g. after a crash.
int cmdQueue(const QStringList &args, const Options &options)
{
    const QString action = args.value(1);
    const QString path = options.queueDb.isEmpty() ? TransferQueue::defaultStorePath() : options.queueDb;
    TransferQueue queue(path);
    if (!queue.open())
        return fail(ExitLocal, queue.errorString());
    if (action == QLatin1String("list")) {
        for (qint64 offset = 0;; offset += 1000) {
            const QList<TransferJob> jobs = queue.jobs(offset, 1000);
            for (const TransferJob &job : jobs) {
                out() << job.id << '\t' << TransferJob::stateName(job.state) << '\t'
                      << QString::fromLatin1(
                             QMetaEnum::fromType<TransferJob::Kind>().valueToKey(int(job.kind)))
                      << '\t' << job.site << '\t' << job.remotePath << '\t' << job.localPath;
                if (!job.error.isEmpty())
                    out() << '\t' << job.error;
                out() << '\n';
            }
            if (jobs.size() < 1000)
                break;
        }
        out().flush();
        return ExitOk;
    }
    if (action == QLatin1String("clear")) {
        out() << tr("%1 finished job(s) removed.").arg(queue.removeFinished()) << Qt::endl;
        return ExitOk;
    }
    if (action != QLatin1String("run") && action != QLatin1String("retry"))
        return fail(ExitUsage, tr("usage: ferry-cli [--queue-db PATH] queue run|retry|list|clear"));
    if (action == QLatin1String("retry"))
        queue.retryFailed();
    // Every site with work left: its URL is the key; the password comes from
    // --password-stdin or $FERRY_PASSWORD (never from the queue file).
    CertificateStore store(CertificateStore::defaultPath());
    for (const QString &key : queue.pendingSites()) {
        QString error;
        const std::optional<FtpUrl> url = FtpUrl::parse(key, &error);
        if (!url)
            return fail(ExitFailure, tr("The queue names an unusable site %1: %2").arg(key, error));
        SessionConfig config = sessionConfigFor(*url, options);
        config.certificateStore = &store;
        queue.setSite(key, config, options.parallel);
    }
    if (queue.recoveredJobs() > 0)
        err() << tr("ferry-cli: %1 interrupted job(s) resume.").arg(queue.recoveredJobs()) << Qt::endl;
    queue.setMaxRetries(options.retries);
    queue.setSpeedLimits(options.limitRate, options.limitRate);
    return driveQueue(queue, {}, QString(), options, true);
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
    const QCommandLineOption recursive(QStringList{QStringLiteral("r"), QStringLiteral("recursive")});
    const QCommandLineOption parallel(QStringLiteral("parallel"), QString(), QStringLiteral("N"));
    const QCommandLineOption retries(QStringLiteral("retries"), QString(), QStringLiteral("N"));
    const QCommandLineOption overwrite(QStringLiteral("overwrite"), QString(), QStringLiteral("POLICY"));
    const QCommandLineOption limitRate(QStringLiteral("limit-rate"), QString(), QStringLiteral("RATE"));
    const QCommandLineOption autoMode(QStringLiteral("auto"));
    const QCommandLineOption progress(QStringLiteral("progress"));
    const QCommandLineOption noProgress(QStringLiteral("no-progress"));
    const QCommandLineOption noTimes(QStringLiteral("no-preserve-times"));
    const QCommandLineOption queueDb(QStringLiteral("queue-db"), QString(), QStringLiteral("PATH"));
    parser.addOptions({recursive, parallel, retries, overwrite, limitRate, autoMode, progress, noProgress,
                       noTimes, queueDb});
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
    if (int(parser.isSet(ascii)) + int(parser.isSet(binary)) + int(parser.isSet(autoMode)) > 1)
        return fail(ExitUsage, tr("--ascii, --binary and --auto exclude each other."));
    options.type = parser.isSet(ascii) ? TransferType::Ascii : TransferType::Binary;
    options.mode = parser.isSet(ascii)      ? TransferJob::Mode::Ascii
                   : parser.isSet(autoMode) ? TransferJob::Mode::Auto
                                            : TransferJob::Mode::Binary;
    options.recursive = parser.isSet(recursive);
    const auto intOption = [&parser](const QCommandLineOption &option, int min, int max, int *value) {
        if (!parser.isSet(option))
            return true;
        bool ok = false;
        const int n = parser.value(option).toInt(&ok);
        if (!ok || n < min || n > max)
            return false;
        *value = n;
        return true;
    };
    if (!intOption(parallel, 1, 32, &options.parallel))
        return fail(ExitUsage, tr("--parallel takes a number of connections from 1 to 32."));
    if (!intOption(retries, 0, 100, &options.retries))
        return fail(ExitUsage, tr("--retries takes a number from 0 to 100."));
    if (parser.isSet(overwrite) && !TransferJob::parseOverwrite(parser.value(overwrite), &options.overwrite))
        return fail(ExitUsage, tr("--overwrite takes ask, overwrite, newer, size, resume, rename or skip."));
    if (parser.isSet(resume) && !parser.isSet(overwrite))
        options.overwrite = TransferJob::Overwrite::Resume;
    if (parser.isSet(limitRate)) {
        const std::optional<qint64> rate = parseRate(parser.value(limitRate));
        if (!rate)
            return fail(ExitUsage, tr("--limit-rate takes bytes per second, e.g. 500k or 2M."));
        options.limitRate = *rate;
    }
    options.progress = parser.isSet(progress);
    options.progressAuto = !parser.isSet(noProgress);
    options.preserveTime = !parser.isSet(noTimes);
    options.queueDb = parser.value(queueDb);
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

    if (command == QLatin1String("queue"))
        return cmdQueue(args, options);

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
        const RemoteError error = await(op);
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
