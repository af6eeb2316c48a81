// The fault matrix of issue #7 (§1–§2), seen from the transfer queue: each row is one
// fault a server (or the network) can produce at one step of a job. Every row must end
// in a clear error or a successful retry/resume, with no crash, no wait beyond the
// configured timeout, nothing written outside the target folder, no good file replaced
// by a partial one, and the queue consistent afterwards: every job in a final state, the
// counts of TransferQueue::progress() adding up, nothing running, and the session pool
// still usable (a follow-up job on the same queue succeeds).
//
// Most rows run against MiniFtpd below: an in-memory FTP server built on FakeFtpServer,
// with faults injected per command. The slow-data rows use pyftpdlib's --data-rate and
// --stall-data-after (TestServer::Options). tst_faults covers the same kinds of bad input
// at the FtpSession level; the rows here add what the queue makes of them.
#include "awaitop.h"
#include "awaitqueue.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpsession.h"
#include "ftp/logonoperation.h"
#include "miniftpd.h"
#include "testserver.h"
#include "testutil.h"
#include "transfer/transferqueue.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QPointer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <memory>
#include <sys/socket.h>

using namespace ferry;
using namespace ferry::test;

namespace {

// --- The queue side ---

enum class Job {
    Download,       // /dir/f.bin, size unknown: TYPE, SIZE, MDTM, EPSV, RETR
    DownloadKnown,  // /dir/f.bin with size and time from a listing: TYPE, EPSV, RETR
    ResumeDownload, // f.bin.part holds the first 50,000 bytes: SIZE, EPSV, REST, RETR, MDTM
    Upload,         // src/up.bin to /dir/up.bin: TYPE, EPSV, STOR, MFMT
    ResumeUpload,   // /dir/up.bin holds the first 40,000 bytes: SIZE, EPSV, APPE, SIZE, MFMT
    FolderMlsd,     // /tree to target/tree: MLSD per folder, then its files
    FolderList,     // the same without MLST in FEAT: CWD + LIST per folder, MDTM per file
    MakeDir,        // MKD /newdir
    DeleteFile,     // DELE /dir/del.txt
    DeleteFolder,   // MLSD /emptydir, RMD /emptydir
};

const QByteArray &payload()
{
    static const QByteArray bytes = randomBytes(150000, 7);
    return bytes;
}

const QByteArray &uploadPayload()
{
    static const QByteArray bytes = randomBytes(120000, 8);
    return bytes;
}

QByteArray oldContent()
{
    return QByteArrayLiteral("A GOOD OLD FILE THAT ONLY A COMPLETE DOWNLOAD MAY REPLACE");
}

QStringList treeOf(const QString &root)
{
    QStringList out;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        out << QDir(root).relativeFilePath(it.filePath()) +
                   (it.fileInfo().isDir() ? QStringLiteral("/") : QString());
    }
    out.sort();
    return out;
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<missing>");
}

void writeFile(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(data), qint64(data.size()));
}

// One queue on one MiniFtpd (or TestServer), with a temporary local folder:
// base/src (upload sources) and base/target (download targets); nothing else may appear
// in base.
class Harness {
public:
    // `parentDir`: where base goes (default: the system's temporary folder).
    explicit Harness(const SessionConfig &config, int maxRetries = 3, const QString &parentDir = QString())
        : base(QDir(parentDir.isEmpty() ? QDir::tempPath() : parentDir)
                   .filePath(QStringLiteral("tst_fault_matrix-XXXXXX")))
        , queue(QStringLiteral(":memory:"))
    {
        base.setAutoRemove(true);
        QDir(base.path()).mkpath(QStringLiteral("src"));
        QDir(base.path()).mkpath(QStringLiteral("target"));
        ok = queue.open();
        queue.setSite(SiteKey::fromString(QStringLiteral("s")), config, 1);
        queue.setRetryDelay(50);
        queue.setMaxRetries(maxRetries);
        QObject::connect(&queue, &TransferQueue::message, &queue,
                         [this](qint64, TransferQueue::Severity, const QString &text) { messages << text; });
        QObject::connect(&queue, &TransferQueue::transcript, &queue,
                         [this](const SiteKey &, const TranscriptLine &line) {
                             if (line.kind == TranscriptLine::Kind::Command)
                                 commands << line.text;
                             else if (line.kind == TranscriptLine::Kind::Status)
                                 statuses << line.text;
                         });
    }

    QString src(const QString &name = {}) const { return base.filePath(QStringLiteral("src/") + name); }
    QString target(const QString &name = {}) const { return base.filePath(QStringLiteral("target/") + name); }

    // Runs the queue until it drains (bounded); elapsedMs says how long it took.
    bool run(int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        const bool drained = runUntilDrained(queue, timeoutMs);
        elapsedMs = timer.elapsed();
        return drained;
    }
    QString log() const
    {
        return QStringLiteral("elapsed %1 ms\nmessages:\n  %2\ncommands:\n  %3")
            .arg(elapsedMs)
            .arg(messages.join(QStringLiteral("\n  ")), commands.join(QStringLiteral("\n  ")));
    }

    QTemporaryDir base;
    TransferQueue queue;
    bool ok = false;
    qint64 elapsedMs = 0;
    QStringList messages;
    QStringList commands;
    QStringList statuses;
};

SessionConfig configFor(quint16 port, int timeoutMs)
{
    SessionConfig config;
    config.host = QStringLiteral("127.0.0.1");
    config.port = port;
    config.user = QStringLiteral("u");
    config.password = QStringLiteral("secret-pw");
    config.timeoutMs = timeoutMs;
    config.tlsPolicy = TlsPolicy::Never;
    return config;
}

TransferQueue::JobOptions overwriteOptions()
{
    TransferQueue::JobOptions options;
    options.overwrite = TransferJob::Overwrite::Overwrite;
    return options;
}

// Puts what `kind` needs on the server and on disk, and queues the job.
qint64 setUp(Job kind, MiniFtpd &server, Harness &h)
{
    server.dirs.insert("/dir");
    server.files["/dir/f.bin"] = payload();
    server.files["/dir/del.txt"] = "delete me";
    server.dirs.insert("/tree");
    server.dirs.insert("/tree/sub");
    server.dirs.insert("/emptydir");
    server.files["/tree/a.bin"] = randomBytes(70000, 11);
    server.files["/tree/b.txt"] = "bee\n";
    server.files["/tree/sub/c.bin"] = randomBytes(30000, 12);
    server.setMlsd(kind != Job::FolderList);
    const SiteKey site = SiteKey::fromString(QStringLiteral("s"));
    const QString f = QStringLiteral("/dir/f.bin");
    TransferQueue::JobOptions options = overwriteOptions();
    switch (kind) {
    case Job::Download:
        return h.queue.enqueueDownload(site, f, h.target(QStringLiteral("f.bin")), options);
    case Job::DownloadKnown:
        return h.queue.enqueueDownload(
            site, f, h.target(QStringLiteral("f.bin")), options, payload().size(),
            QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5), QTimeZone::utc()).toMSecsSinceEpoch());
    case Job::ResumeDownload:
        writeFile(h.target(QStringLiteral("f.bin.part")), payload().left(50000));
        options.overwrite = TransferJob::Overwrite::Resume;
        options.resume = true;
        return h.queue.enqueueDownload(site, f, h.target(QStringLiteral("f.bin")), options);
    case Job::Upload:
        writeFile(h.src(QStringLiteral("up.bin")), uploadPayload());
        return h.queue.enqueueUpload(site, h.src(QStringLiteral("up.bin")), QStringLiteral("/dir/up.bin"),
                                     options);
    case Job::ResumeUpload:
        writeFile(h.src(QStringLiteral("up.bin")), uploadPayload());
        server.files["/dir/up.bin"] = uploadPayload().left(40000);
        options.resume = true;
        return h.queue.enqueueUpload(site, h.src(QStringLiteral("up.bin")), QStringLiteral("/dir/up.bin"),
                                     options);
    case Job::FolderMlsd:
    case Job::FolderList:
        return h.queue.enqueueDownloadFolder(site, QStringLiteral("/tree"), h.target(QStringLiteral("tree")),
                                             options);
    case Job::MakeDir:
        return h.queue.enqueueMakeDirectory(site, QStringLiteral("/newdir"));
    case Job::DeleteFile:
        return h.queue.enqueueDelete(site, QStringLiteral("/dir/del.txt"), false);
    case Job::DeleteFolder:
        return h.queue.enqueueDelete(site, QStringLiteral("/emptydir"), true);
    }
    return 0;
}

// The job did what it was for.
void verifyDone(Job kind, MiniFtpd &server, Harness &h)
{
    switch (kind) {
    case Job::Download:
    case Job::DownloadKnown:
    case Job::ResumeDownload:
        QCOMPARE(sha256(readAll(h.target(QStringLiteral("f.bin")))), sha256(payload()));
        QVERIFY(!QFileInfo::exists(h.target(QStringLiteral("f.bin.part"))));
        return;
    case Job::Upload:
    case Job::ResumeUpload:
        QCOMPARE(sha256(server.files.value("/dir/up.bin")), sha256(uploadPayload()));
        return;
    case Job::FolderMlsd:
    case Job::FolderList:
        QCOMPARE(treeOf(h.target(QStringLiteral("tree"))),
                 (QStringList{QStringLiteral("a.bin"), QStringLiteral("b.txt"), QStringLiteral("sub/"),
                              QStringLiteral("sub/c.bin")}));
        QCOMPARE(readAll(h.target(QStringLiteral("tree/a.bin"))), server.files.value("/tree/a.bin"));
        QCOMPARE(readAll(h.target(QStringLiteral("tree/b.txt"))), server.files.value("/tree/b.txt"));
        QCOMPARE(readAll(h.target(QStringLiteral("tree/sub/c.bin"))), server.files.value("/tree/sub/c.bin"));
        return;
    case Job::MakeDir:
        QVERIFY(server.dirs.contains("/newdir"));
        return;
    case Job::DeleteFile:
        QVERIFY(!server.files.contains("/dir/del.txt"));
        return;
    case Job::DeleteFolder:
        QVERIFY(!server.dirs.contains("/emptydir"));
        return;
    }
}

// The job failed and left things as they were: no file under the final name, a part
// file only as a prefix of the source (for a later resume), the server untouched.
void verifyUntouched(Job kind, MiniFtpd &server, Harness &h, bool oldTarget)
{
    switch (kind) {
    case Job::Download:
    case Job::DownloadKnown:
    case Job::ResumeDownload: {
        if (oldTarget)
            QCOMPARE(readAll(h.target(QStringLiteral("f.bin"))), oldContent());
        else
            QVERIFY(!QFileInfo::exists(h.target(QStringLiteral("f.bin"))));
        const QString part = h.target(QStringLiteral("f.bin.part"));
        if (QFileInfo::exists(part))
            QVERIFY(payload().startsWith(readAll(part)));
        return;
    }
    case Job::Upload:
    case Job::ResumeUpload:
        QVERIFY(uploadPayload().startsWith(server.files.value("/dir/up.bin")));
        return;
    case Job::FolderMlsd:
    case Job::FolderList:
        QCOMPARE(treeOf(h.target(QStringLiteral("tree"))), QStringList());
        return;
    case Job::MakeDir:
        QVERIFY(!server.dirs.contains("/newdir"));
        return;
    case Job::DeleteFile:
        QVERIFY(server.files.contains("/dir/del.txt"));
        return;
    case Job::DeleteFolder:
        QVERIFY(server.dirs.contains("/emptydir"));
        return;
    }
}

// Every job final, every Done download's file there, the counts adding up, nothing
// running, nothing outside base/src and base/target.
void verifyConsistent(Harness &h)
{
    QVERIFY(h.queue.isIdle());
    qint64 files = 0, done = 0, failed = 0, skipped = 0;
    for (const TransferJob &job : h.queue.jobs(0, 100000)) {
        QVERIFY2(job.isFinished(), qPrintable(QStringLiteral("job %1 (%2) is %3")
                                                  .arg(job.id)
                                                  .arg(job.remotePath, TransferJob::stateName(job.state))));
        if (!job.isFile() || job.state == TransferJob::State::Cancelled)
            continue;
        // A download that says Done has its file, of the size it recorded.
        if (job.kind == TransferJob::Kind::Download && job.state == TransferJob::State::Done)
            QVERIFY2(QFileInfo(job.localPath).isFile() && QFileInfo(job.localPath).size() == job.size,
                     qPrintable(job.localPath + QStringLiteral(" is Done but missing or of another size")));
        ++files;
        done += job.state == TransferJob::State::Done;
        failed += job.state == TransferJob::State::Failed;
        skipped += job.state == TransferJob::State::Skipped;
    }
    const QueueProgress p = h.queue.progress();
    QCOMPARE(p.running, 0);
    QCOMPARE(p.filesTotal, files);
    QCOMPARE(p.filesDone, done);
    QCOMPARE(p.filesFailed, failed);
    QCOMPARE(p.filesSkipped, skipped);
    QCOMPARE(p.filesDone + p.filesFailed + p.filesSkipped, p.filesTotal);
    QCOMPARE(
        QDir(h.base.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System),
        (QStringList{QStringLiteral("src"), QStringLiteral("target")}));
}

// The pool is still usable: a new job on the same queue, without faults, succeeds.
void verifyFollowUp(MiniFtpd &server, Harness &h)
{
    server.clearFaults();
    server.files["/follow.bin"] = "follow-up";
    const qint64 id =
        h.queue.enqueueDownload(SiteKey::fromString(QStringLiteral("s")), QStringLiteral("/follow.bin"),
                                h.target(QStringLiteral("follow.bin")), overwriteOptions());
    QVERIFY(h.run());
    const auto job = h.queue.job(id);
    QVERIFY2(job && job->state == TransferJob::State::Done, qPrintable(job ? job->error : QString()));
    QCOMPARE(readAll(h.target(QStringLiteral("follow.bin"))), QByteArray("follow-up"));
    verifyConsistent(h);
}

#define CHECK(call)                                                                                          \
    do {                                                                                                     \
        call;                                                                                                \
        if (QTest::currentTestFailed())                                                                      \
            return;                                                                                          \
    } while (false)

} // namespace

Q_DECLARE_METATYPE(Job)

class TestFaultMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void dropControl_data();
    void dropControl();
    void stallControl_data();
    void stallControl();
    void pwdDropAndStall();
    void reply421_data();
    void reply421();
    void errorReplies_data();
    void errorReplies();
    void malformedReplies_data();
    void malformedReplies();
    void passiveReplies_data();
    void passiveReplies();
    void hostileListing_data();
    void hostileListing();
    void moreBytesThanSize_data();
    void moreBytesThanSize();
    void dataNeverCloses_data();
    void dataNeverCloses();
    void slowData_data();
    void slowData();
    void prefetchedDataConnection_data();
    void prefetchedDataConnection();

private:
    struct Row {
        Job job = Job::DownloadKnown;
        std::function<void(MiniFtpd &, Harness &)> faults;
        bool oldTarget = false; // target/f.bin holds a good old file that must survive a failure
        int timeoutMs = 5000;
        int maxRetries = 3;
        TransferJob::State state = TransferJob::State::Done;
        int attempts = 0;
        int maxAttempts = -1; // >= 0: any number of failed attempts from `attempts` to this
        qint64 minMs = 0;
        qint64 maxMs = 4500; // below timeoutMs: no timeout was involved
        std::function<void(MiniFtpd &, Harness &, const TransferJob &)> extra;
    };
    void runRow(const Row &row);
};

// Runs one row: the job, its faults, the expected end (state, failed attempts, time),
// what is on disk and on the server, the queue's consistency, and a follow-up job.
void TestFaultMatrix::runRow(const Row &row)
{
    MiniFtpd server;
    QVERIFY(server.listen());
    Harness h(configFor(server.port(), row.timeoutMs), row.maxRetries);
    QVERIFY(h.ok);
    if (row.oldTarget)
        CHECK(writeFile(h.target(QStringLiteral("f.bin")), oldContent()));
    const qint64 id = setUp(row.job, server, h);
    QVERIFY(id > 0);
    if (row.faults)
        row.faults(server, h);
    QVERIFY2(h.run(), qPrintable(h.log()));
    const auto job = h.queue.job(id);
    QVERIFY(job);
    qInfo("%s after %lld ms, %d failed attempt(s)", qPrintable(TransferJob::stateName(job->state)),
          h.elapsedMs, job->attempts);
    QVERIFY2(job->state == row.state, qPrintable(TransferJob::stateName(job->state) + QLatin1Char(' ') +
                                                 job->error + QLatin1Char('\n') + h.log()));
    QVERIFY2(row.maxAttempts >= 0 ? job->attempts >= row.attempts && job->attempts <= row.maxAttempts
                                  : job->attempts == row.attempts,
             qPrintable(QStringLiteral("%1 failed attempt(s)\n").arg(job->attempts) + h.log()));
    QVERIFY2(h.elapsedMs >= row.minMs && h.elapsedMs < row.maxMs, qPrintable(h.log()));
    if (row.state == TransferJob::State::Done) {
        QVERIFY2(h.queue.progress().filesFailed == 0, qPrintable(h.log()));
        CHECK(verifyDone(row.job, server, h));
    } else {
        QVERIFY(!job->error.isEmpty());
        CHECK(verifyUntouched(row.job, server, h, row.oldTarget));
    }
    if (row.extra)
        CHECK(row.extra(server, h, *job));
    CHECK(verifyConsistent(h));
    CHECK(verifyFollowUp(server, h));
}

// §1: the control connection closes (FIN or RST, no reply) at each step. The job fails
// once with a network error and the retry succeeds.
void TestFaultMatrix::dropControl_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<Job>("job");
    QTest::addColumn<bool>("reset");
    QTest::addColumn<int>("attempts");
    const QList<std::tuple<const char *, Job, int>> steps{
        {"GREETING", Job::DownloadKnown, 1},
        {"USER", Job::DownloadKnown, 1},
        {"PASS", Job::DownloadKnown, 1},
        {"FEAT", Job::DownloadKnown, 1},
        {"CWD", Job::FolderList, 1},
        {"EPSV", Job::DownloadKnown, 1},
        {"PASV", Job::DownloadKnown, 1},
        {"LIST", Job::FolderList, 1},
        {"MLSD", Job::FolderMlsd, 1},
        {"RETR", Job::DownloadKnown, 1},
        {"STOR", Job::Upload, 1},
        {"TYPE", Job::DownloadKnown, 1},
        {"SIZE", Job::Download, 1},
        {"REST", Job::ResumeDownload, 1},
        {"APPE", Job::ResumeUpload, 1},
        {"MKD", Job::MakeDir, 1},
        {"DELE", Job::DeleteFile, 1},
        {"RMD", Job::DeleteFolder, 1},
        // Best effort: the time is not worth a failed job; the job continues on a new login.
        {"MDTM", Job::Download, 0},
        {"MFMT", Job::Upload, 0},
    };
    for (const auto &[step, job, attempts] : steps) {
        for (const bool reset : {false, true})
            QTest::addRow("%s, %s", step, reset ? "RST" : "FIN")
                << QByteArray(step) << job << reset << attempts;
    }
}

void TestFaultMatrix::dropControl()
{
    QFETCH(QByteArray, step);
    QFETCH(Job, job);
    QFETCH(bool, reset);
    QFETCH(int, attempts);
    Row row;
    row.job = job;
    row.attempts = attempts;
    if (step == "GREETING" && reset) {
        // An RST right after the accept may reach Qt while it is still connecting: then
        // QAbstractSocket connects again on its own, and the job never sees the drop.
        row.attempts = 0;
        row.maxAttempts = 1;
    }
    row.faults = [step, reset](MiniFtpd &server, Harness &) {
        if (step == "PASV")
            server.inject("EPSV", replyAction("500 EPSV not understood.\r\n"), -1);
        server.inject(step, dropAction(reset));
    };
    row.extra = [step](MiniFtpd &server, Harness &h, const TransferJob &) {
        QVERIFY2(server.count(step) >= 1, qPrintable(h.log()));
        QVERIFY2(h.messages.filter(QStringLiteral("within")).isEmpty(), qPrintable(h.log())); // no timeout
    };
    runRow(row);
}

// §2: no reply at all at each step: a timeout after timeoutMs (not before, not much
// later), then a successful retry.
void TestFaultMatrix::stallControl_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<Job>("job");
    const QList<std::pair<const char *, Job>> steps{
        {"GREETING", Job::DownloadKnown}, {"USER", Job::DownloadKnown}, {"PASS", Job::DownloadKnown},
        {"FEAT", Job::DownloadKnown},     {"CWD", Job::FolderList},     {"EPSV", Job::DownloadKnown},
        {"PASV", Job::DownloadKnown},     {"LIST", Job::FolderList},    {"MLSD", Job::FolderMlsd},
        {"RETR", Job::DownloadKnown},     {"STOR", Job::Upload},
    };
    for (const auto &[step, job] : steps)
        QTest::addRow("%s", step) << QByteArray(step) << job;
}

void TestFaultMatrix::stallControl()
{
    QFETCH(QByteArray, step);
    QFETCH(Job, job);
    Row row;
    row.job = job;
    row.timeoutMs = 1500;
    row.attempts = 1;
    row.minMs = 1350; // a 1.5 s QTimer (CoarseTimer) may fire up to 5 % early
    row.maxMs = 2 * 1500 + 2500;
    row.faults = [step](MiniFtpd &server, Harness &) {
        if (step == "PASV")
            server.inject("EPSV", replyAction("500 EPSV not understood.\r\n"), -1);
        server.inject(step, stallAction());
    };
    row.extra = [](MiniFtpd &, Harness &h, const TransferJob &) {
        QVERIFY2(h.messages.filter(QRegularExpression(QStringLiteral("within 1.5 s.*Retrying"))).size() == 1,
                 qPrintable(h.log()));
    };
    runRow(row);
}

// PWD is not used by the queue: the session's own view of a drop and a stall there.
void TestFaultMatrix::pwdDropAndStall()
{
    MiniFtpd server;
    QVERIFY(server.listen());
    FtpSession session(configFor(server.port(), 1500));
    QVERIFY(!awaitOp(session.connectToHost()).isError());
    server.inject("PWD", dropAction(true));
    QElapsedTimer timer;
    timer.start();
    RemoteError error = awaitOp(session.printWorkingDirectory(), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Network);
    QVERIFY(timer.elapsed() < 1400);
    QString path;
    error = awaitOp<CommandOperation>(session.printWorkingDirectory(),
                                      [&](CommandOperation *op) { path = op->path(); });
    QVERIFY2(!error.isError(), qPrintable(error.toString())); // logs in again on demand
    QCOMPARE(path, QStringLiteral("/"));
    server.inject("PWD", stallAction());
    timer.restart();
    error = awaitOp(session.printWorkingDirectory(), {}, 10000);
    QCOMPARE(error.kind(), RemoteError::Kind::Timeout);
    QVERIFY2(timer.elapsed() >= 1350 && timer.elapsed() < 3500, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(!awaitOp(session.printWorkingDirectory()).isError());
}

// §3: 421 at the greeting and in the middle of a session.
void TestFaultMatrix::reply421_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<int>("times");
    QTest::newRow("greeting, once") << QByteArray("GREETING") << 1;
    QTest::newRow("RETR, once") << QByteArray("RETR") << 1;
    QTest::newRow("SIZE, once") << QByteArray("SIZE") << 1;
    QTest::newRow("greeting, always") << QByteArray("GREETING") << -1;
}

void TestFaultMatrix::reply421()
{
    QFETCH(QByteArray, step);
    QFETCH(int, times);
    Row row;
    row.job = step == "SIZE" ? Job::Download : Job::DownloadKnown;
    // "Always": every retry waits for the retry timer with nothing else running, which is
    // where a retry could be lost (TransferQueue::schedule() read the clock twice).
    row.maxRetries = times < 0 ? 4 : 2;
    row.attempts = times < 0 ? 4 : 1;
    row.state = times < 0 ? TransferJob::State::Failed : TransferJob::State::Done;
    row.faults = [step, times](MiniFtpd &server, Harness &) {
        server.inject(step, replyAction("421 Service not available, closing control connection.\r\n", true),
                      times);
    };
    row.extra = [](MiniFtpd &, Harness &h, const TransferJob &job) {
        if (job.state == TransferJob::State::Failed)
            QVERIFY2(job.error.contains(QStringLiteral("421")), qPrintable(job.error));
        QVERIFY2(h.messages.filter(QStringLiteral("421")).size() >= 1, qPrintable(h.log()));
    };
    runRow(row);
}

// §4: a 4xx and a 5xx reply to each command the queue uses. 4xx: retried; 5xx: final,
// except where the protocol has a way on (EPSV → PASV → active; an unknown SIZE lets
// RETR decide; MLSD 500 → LIST) and for the best-effort times (MDTM, MFMT).
void TestFaultMatrix::errorReplies_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<Job>("job");
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("state");
    QTest::addColumn<int>("attempts");
    using S = TransferJob::State;
    const QByteArray r4 = "450 Requested file action not taken, try again.\r\n";
    const QByteArray r5 = "550 Requested action not taken.\r\n";
    struct R {
        const char *verb;
        Job job;
        S on4;
        int attempts4;
        S on5;
    };
    const QList<R> rows{
        {"CWD", Job::FolderList, S::Done, 1, S::Failed},
        {"MKD", Job::MakeDir, S::Done, 1, S::Failed},
        {"SIZE", Job::Download, S::Done, 1, S::Done},
        {"MDTM", Job::Download, S::Done, 0, S::Done},
        {"MFMT", Job::Upload, S::Done, 0, S::Done},
        {"TYPE", Job::DownloadKnown, S::Done, 1, S::Failed},
        {"EPSV", Job::DownloadKnown, S::Done, 1, S::Done},
        {"PASV", Job::DownloadKnown, S::Done, 1, S::Done},
        {"REST", Job::ResumeDownload, S::Done, 1, S::Failed},
        {"RETR", Job::DownloadKnown, S::Done, 1, S::Failed},
        {"STOR", Job::Upload, S::Done, 1, S::Failed},
        {"APPE", Job::ResumeUpload, S::Done, 1, S::Failed},
        {"MLSD", Job::FolderMlsd, S::Done, 1, S::Failed},
        {"LIST", Job::FolderList, S::Done, 1, S::Failed},
        {"DELE", Job::DeleteFile, S::Done, 1, S::Failed},
        {"RMD", Job::DeleteFolder, S::Done, 1, S::Failed},
    };
    for (const R &r : rows) {
        QTest::addRow("%s 450", r.verb) << QByteArray(r.verb) << r.job << r4 << int(r.on4) << r.attempts4;
        QTest::addRow("%s 550", r.verb) << QByteArray(r.verb) << r.job << r5 << int(r.on5) << 0;
    }
    QTest::newRow("MLSD 500 (falls back to LIST)")
        << QByteArray("MLSD") << Job::FolderMlsd << QByteArray("500 Unknown command.\r\n") << int(S::Done)
        << 0;
}

void TestFaultMatrix::errorReplies()
{
    QFETCH(QByteArray, verb);
    QFETCH(Job, job);
    QFETCH(QByteArray, reply);
    QFETCH(int, state);
    QFETCH(int, attempts);
    Row row;
    row.job = job;
    row.state = TransferJob::State(state);
    row.attempts = attempts;
    row.faults = [verb, reply](MiniFtpd &server, Harness &) {
        if (verb == "PASV")
            server.inject("EPSV", replyAction("500 EPSV not understood.\r\n"), -1);
        server.inject(verb, replyAction(reply));
    };
    row.extra = [verb, reply](MiniFtpd &server, Harness &h, const TransferJob &end) {
        QVERIFY2(server.count(verb) >= 1, qPrintable(h.log()));
        if (end.state == TransferJob::State::Failed)
            QVERIFY2(end.error.contains(QString::fromLatin1(reply.left(3))), qPrintable(end.error));
        // The protocol's ways on.
        if (verb == "EPSV" && reply.startsWith('5'))
            QVERIFY2(server.count("PASV") >= 1, qPrintable(h.log()));
        if (verb == "PASV" && reply.startsWith('5'))
            QVERIFY2(server.count("EPRT") >= 1, qPrintable(h.log()));
        if (verb == "MLSD" && reply.startsWith("500"))
            QVERIFY2(server.count("LIST") >= 1, qPrintable(h.log()));
        if (verb == "MFMT")
            QVERIFY2(h.messages.filter(QStringLiteral("did not set the modification time")).size() == 1,
                     qPrintable(h.log()));
    };
    runRow(row);
}

// §5: malformed replies, where the queue meets them: a multi-line reply that never ends
// (wrong closing code, no space after it) is a timeout and a retry; a line that is no
// reply, a line of 1 MiB and a reply of 100,000 lines are protocol errors (final); a
// reply split across packets is fine.
void TestFaultMatrix::malformedReplies_data()
{
    QTest::addColumn<QString>("fault");
    for (const char *fault :
         {"wrong closing code", "no space after the closing code", "no space after the code",
          "split across packets", "1 MiB line without newline", "100000 lines"})
        QTest::newRow(fault) << QString::fromLatin1(fault);
}

void TestFaultMatrix::malformedReplies()
{
    QFETCH(QString, fault);
    Row row;
    if (fault == QLatin1String("wrong closing code") ||
        fault == QLatin1String("no space after the closing code")) {
        const QByteArray feat = fault.startsWith(QLatin1String("wrong"))
                                    ? "211-Features:\r\n EPSV\r\n SIZE\r\n212 End\r\n"
                                    : "211-Features:\r\n EPSV\r\n SIZE\r\n211End\r\n";
        row.timeoutMs = 1500;
        row.attempts = 1;
        row.minMs = 1350;
        row.maxMs = 2 * 1500 + 2500;
        row.faults = [feat](MiniFtpd &server, Harness &) { server.inject("FEAT", replyAction(feat)); };
    } else if (fault == QLatin1String("no space after the code")) {
        row.job = Job::Download;
        row.state = TransferJob::State::Failed;
        row.faults = [](MiniFtpd &server, Harness &) { server.inject("SIZE", replyAction("213150000\r\n")); };
        row.extra = [](MiniFtpd &, Harness &, const TransferJob &job) {
            QVERIFY2(job.error.contains(QStringLiteral("malformed")), qPrintable(job.error));
        };
    } else if (fault == QLatin1String("split across packets")) {
        row.faults = [](MiniFtpd &server, Harness &) {
            server.inject("RETR", [](MiniFtpd &s, QTcpSocket *control, const QByteArray &argument) {
                const QByteArray data = s.files.value(s.resolve(control, argument)).mid(s.takeRest(control));
                QPointer<QTcpSocket> ctl(control);
                s.hold(control); // like a real server: the next command after the final reply
                writeInPackets(control, {"150-Opening", " data connection\r", "\n150 for the file\r\n"},
                               [&s, ctl, data] {
                                   if (!ctl)
                                       return;
                                   s.withData(ctl, [&s, ctl, data](QTcpSocket *d) {
                                       QObject::connect(
                                           d, &QTcpSocket::disconnected, ctl,
                                           [&s, ctl] {
                                               writeInPackets(ctl,
                                                              {"22", "6-Transfer complete\r\n 226 is",
                                                               " not the end\r\n226", " End\r", "\n"},
                                                              [&s, ctl] { s.release(ctl); });
                                           },
                                           Qt::SingleShotConnection);
                                       d->write(data);
                                       d->disconnectFromHost();
                                   });
                               });
            });
        };
        row.extra = [](MiniFtpd &, Harness &h, const TransferJob &) {
            QVERIFY2(h.messages.isEmpty(), qPrintable(h.log())); // no retry
        };
    } else if (fault == QLatin1String("1 MiB line without newline")) {
        row.state = TransferJob::State::Failed;
        row.faults = [](MiniFtpd &server, Harness &) {
            server.inject("RETR", replyAction("150 " + QByteArray(1024 * 1024, 'x')));
        };
        row.extra = [](MiniFtpd &, Harness &h, const TransferJob &job) {
            QVERIFY2(job.error.contains(QStringLiteral("longer than")), qPrintable(job.error));
            QVERIFY(!QFileInfo::exists(h.target(QStringLiteral("f.bin.part")))); // empty: removed
        };
    } else {
        row.job = Job::FolderMlsd;
        row.state = TransferJob::State::Failed;
        row.faults = [](MiniFtpd &server, Harness &) {
            server.inject("MLSD", [](MiniFtpd &s, QTcpSocket *control, const QByteArray &) {
                control->write("150 Here comes the listing.\r\n");
                QByteArray many = "226-Directory send OK.\r\n";
                for (int i = 0; i < 100000; ++i)
                    many += " x\r\n";
                many += "226 End\r\n";
                s.withData(control, [&s, control, many](QTcpSocket *d) {
                    s.sendAndClose(control, d, "type=file;size=1; a.bin\r\n", many);
                });
            });
        };
        row.extra = [](MiniFtpd &, Harness &, const TransferJob &job) {
            QVERIFY2(job.error.contains(QStringLiteral("lines")), qPrintable(job.error));
        };
    }
    runRow(row);
}

// §6: hostile EPSV/PASV replies. Another host in PASV: the control peer is used instead
// (never a third host; 127.0.0.2 stays on loopback); port 0 and garbage: a protocol
// error, final, and no data connection at all.
void TestFaultMatrix::passiveReplies_data()
{
    QTest::addColumn<QByteArray>("verb");
    QTest::addColumn<QByteArray>("reply"); // %PORT%, %P1%, %P2%: a real listener's port
    QTest::addColumn<bool>("ok");
    QTest::newRow("PASV names 127.0.0.2")
        << QByteArray("PASV") << QByteArray("227 Entering Passive Mode (127,0,0,2,%P1%,%P2%).\r\n") << true;
    QTest::newRow("EPSV names a host")
        << QByteArray("EPSV") << QByteArray("229 Entering Extended Passive Mode (|1|127.0.0.2|%PORT%|)\r\n")
        << false;
    QTest::newRow("EPSV port 0") << QByteArray("EPSV")
                                 << QByteArray("229 Entering Extended Passive Mode (|||0|)\r\n") << false;
    QTest::newRow("EPSV port 70000") << QByteArray("EPSV")
                                     << QByteArray("229 Entering Extended Passive Mode (|||70000|)\r\n")
                                     << false;
    QTest::newRow("EPSV garbage") << QByteArray("EPSV")
                                  << QByteArray("229 Entering Extended Passive Mode (garbage)\r\n") << false;
    QTest::newRow("PASV port 0") << QByteArray("PASV")
                                 << QByteArray("227 Entering Passive Mode (127,0,0,1,0,0).\r\n") << false;
    QTest::newRow("PASV garbage") << QByteArray("PASV")
                                  << QByteArray("227 Entering Passive Mode (127,0,0,1).\r\n") << false;
    QTest::newRow("PASV number over 255")
        << QByteArray("PASV") << QByteArray("227 Entering Passive Mode (127,0,0,1,300,%P2%).\r\n") << false;
}

void TestFaultMatrix::passiveReplies()
{
    QFETCH(QByteArray, verb);
    QFETCH(QByteArray, reply);
    QFETCH(bool, ok);
    auto decoyHits = std::make_shared<int>(0);
    auto decoyListening = std::make_shared<bool>(false);
    Row row;
    row.state = ok ? TransferJob::State::Done : TransferJob::State::Failed;
    row.faults = [verb, reply, decoyHits, decoyListening](MiniFtpd &server, Harness &) {
        if (verb == "PASV")
            server.inject("EPSV", replyAction("500 EPSV not understood.\r\n"), -1);
        server.inject(
            verb, [reply, decoyHits, decoyListening](MiniFtpd &s, QTcpSocket *control, const QByteArray &) {
                const quint16 port = s.openPassive(control);
                // A decoy where the reply points: nothing may ever connect to it.
                auto *decoy = new QTcpServer(control);
                *decoyListening = decoy->listen(QHostAddress(QStringLiteral("127.0.0.2")), port);
                QObject::connect(decoy, &QTcpServer::newConnection, decoy, [decoy, decoyHits] {
                    while (QTcpSocket *socket = decoy->nextPendingConnection()) {
                        ++*decoyHits;
                        socket->abort();
                    }
                });
                QByteArray text = reply;
                text.replace("%PORT%", QByteArray::number(port));
                text.replace("%P1%", QByteArray::number(port >> 8));
                text.replace("%P2%", QByteArray::number(port & 0xff));
                control->write(text);
            });
    };
    row.extra = [ok, decoyHits, decoyListening](MiniFtpd &server, Harness &h, const TransferJob &job) {
        QCOMPARE(*decoyHits, 0);
        if (ok) {
            QVERIFY(*decoyListening); // the check above meant something
            QVERIFY2(h.statuses.filter(QStringLiteral("127.0.0.2")).size() == 1,
                     qPrintable(h.statuses.join(u'\n')));
            QCOMPARE(server.dataConnections(), 1);
        } else {
            QVERIFY2(job.error.contains(QStringLiteral("malformed")), qPrintable(job.error));
            QCOMPARE(server.dataConnections(), 0);
            QCOMPARE(server.count("RETR"), 0);
        }
    };
    runRow(row);
}

// §7: a listing that tries to leave the target folder or to confuse it. Unsafe names are
// refused with a message, and so are a second equal name and a name that another file's
// part file would take ("x.part" beside "x"); safe names are downloaded; nothing is
// written outside the target, neither beside it, nor at an absolute path, nor at
// /etc/passwd.
void TestFaultMatrix::hostileListing_data()
{
    QTest::addColumn<bool>("mlsd");
    QTest::newRow("MLSD") << true;
    QTest::newRow("LIST") << false;
}

void TestFaultMatrix::hostileListing()
{
    QFETCH(bool, mlsd);
    MiniFtpd server;
    QVERIFY(server.listen());
    server.setMlsd(mlsd);
    QTemporaryDir parentDir; // holds base only, so that anything beside it shows
    QVERIFY(parentDir.isValid());
    Harness h(configFor(server.port(), 5000), 3, parentDir.path());
    QVERIFY(h.ok);
    QTemporaryDir outside; // an absolute name points in here
    QVERIFY(outside.isValid());
    const QByteArray absName = QFile::encodeName(outside.filePath(QStringLiteral("abs.txt")));
    const QByteArray longName = QByteArray(10 * 1024, 'n');
    const QByteArray latin1Name = "caf\xe9.txt"; // not UTF-8
    const QFileInfo passwd(QStringLiteral("/etc/passwd"));
    const qint64 passwdSize = passwd.size();
    const QDateTime passwdTime = passwd.lastModified();

    const auto line = [mlsd](const QByteArray &name, bool dir = false, int size = 5) -> QByteArray {
        const QByteArray n = QByteArray::number(size);
        if (mlsd)
            return (dir ? QByteArray("type=dir;modify=20200102030405; ")
                        : QByteArray("type=file;size=" + n + ";modify=20200102030405; ")) +
                   name + "\r\n";
        return (dir ? QByteArray("drwxr-xr-x   2 user group 4096 Jan 02  2020 ")
                    : QByteArray("-rw-r--r--   1 user group " + n + " Jan 02  2020 ")) +
               name + "\r\n";
    };
    server.dirs.insert("/evil");
    server.dirs.insert("/evil/sub");
    server.listings["/evil"] =
        line("ok.txt") + line("../x") + line("/etc/passwd") + line(absName) + line("a/b") +
        line("back\\slash") + line("..", true) + line(".", true) + line("../up", true) +
        line("cr\rDELE /important") + line("lf\nRMD /important") + line(QByteArray("nul\0byte", 8)) +
        line(latin1Name) + line(longName) + line("dup.txt") + line("dup.txt", false, 7) + line("sub", true) +
        line("dl.bin.part") + line("dl.bin");
    server.listings["/evil/sub"] = line("../../escape") + line("deep.txt");
    // Content for every name the client could ask for; the unsafe ones must never be asked.
    for (const QByteArray &name :
         {QByteArray("ok.txt"), QByteArray("cr"), QByteArray("lf"), QByteArray("dup.txt"),
          QByteArray("dl.bin.part"), QByteArray("dl.bin"), latin1Name, longName})
        server.files["/evil/" + name] = name.left(4) + '!';
    server.files["/evil/sub/deep.txt"] = "deep!";
    for (const QByteArray &bad :
         {QByteArray("/evil/../x"), QByteArray("/evil//etc/passwd"), QByteArray("/evil/" + absName),
          QByteArray("/evil/a/b"), QByteArray("/evil/back\\slash"), QByteArray("/evil/sub/../../escape")})
        server.files[bad] = "PWNED";
    server.files["/important"] = "keep";
    server.dirs.insert("/important-dir");

    const qint64 id =
        h.queue.enqueueDownloadFolder(SiteKey::fromString(QStringLiteral("s")), QStringLiteral("/evil"),
                                      h.target(QStringLiteral("evil")), overwriteOptions());
    QVERIFY2(h.run(), qPrintable(h.log()));
    QCOMPARE(h.queue.job(id)->state, TransferJob::State::Done);
    QVERIFY2(h.elapsedMs < 4500, qPrintable(h.log()));

    // Safe names arrived, with their own content; the first of two equal names won.
    const QString evil = h.target(QStringLiteral("evil/"));
    QCOMPARE(readAll(evil + QStringLiteral("ok.txt")), QByteArray("ok.t!"));
    QCOMPARE(readAll(evil + QStringLiteral("cr")), QByteArray("cr!"));
    QCOMPARE(readAll(evil + QStringLiteral("lf")), QByteArray("lf!"));
    QCOMPARE(readAll(evil + QStringLiteral("dup.txt")), QByteArray("dup.!"));
    QCOMPARE(readAll(evil + QStringLiteral("sub/deep.txt")), QByteArray("deep!"));
    QCOMPARE(readAll(evil + QStringLiteral("dl.bin")), QByteArray("dl.b!")); // dl.bin.part: refused
    // Nothing unsafe was asked for, nothing was run from a name.
    for (const QByteArray &received : server.received()) {
        QVERIFY2(!received.contains("PWNED") && !received.contains("..") &&
                     !received.contains("etc/passwd") && !received.contains("a/b") &&
                     !received.contains("slash") && !received.contains("important") &&
                     !received.contains("nul"),
                 received.constData());
    }
    QVERIFY(server.files.contains("/important") && server.dirs.contains("/important-dir"));
    // The rest: a clear error each (the 10 KB name cannot be a local file name; the
    // Latin-1 name is asked for in UTF-8, which this server does not know).
    int failed = 0;
    for (const TransferJob &job : h.queue.jobs(0, 1000)) {
        if (job.state == TransferJob::State::Done || job.isFolder())
            continue;
        ++failed;
        QCOMPARE(job.state, TransferJob::State::Failed);
        QVERIFY2(!job.error.isEmpty(), qPrintable(job.remotePath));
        if (job.remotePath.endsWith(QString::fromLatin1(longName)))
            QCOMPARE(RemoteError::Kind(job.errorKind), RemoteError::Kind::LocalIo);
        else
            QVERIFY2(job.remotePath == QStringLiteral("/evil/caf\u00e9.txt") &&
                         job.error.contains(QStringLiteral("550")),
                     qPrintable(job.remotePath + QLatin1Char(' ') + job.error));
    }
    QCOMPARE(failed, 2);
    QCOMPARE(treeOf(h.base.path()),
             (QStringList{QStringLiteral("src/"), QStringLiteral("target/"), QStringLiteral("target/evil/"),
                          QStringLiteral("target/evil/cr"), QStringLiteral("target/evil/dl.bin"),
                          QStringLiteral("target/evil/dup.txt"), QStringLiteral("target/evil/lf"),
                          QStringLiteral("target/evil/ok.txt"), QStringLiteral("target/evil/sub/"),
                          QStringLiteral("target/evil/sub/deep.txt")}));
    QCOMPARE(QDir(outside.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList());
    QCOMPARE(QDir(parentDir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
             QStringList{QFileInfo(h.base.path()).fileName()});
    const QFileInfo passwdAfter(QStringLiteral("/etc/passwd"));
    QCOMPARE(passwdAfter.size(), passwdSize);
    QCOMPARE(passwdAfter.lastModified(), passwdTime);
    QVERIFY(!QFileInfo::exists(QStringLiteral("/etc/passwd.part")));
    QVERIFY(!QFileInfo::exists(QStringLiteral("/x")) && !QFileInfo::exists(QStringLiteral("/escape")));
    // Refused with a message: in /evil ../x, /etc/passwd, the absolute name, a/b,
    // back\slash, ../up, the NUL name, the second dup.txt and dl.bin.part, the name of
    // dl.bin's part file ("." and ".." are no news); in /evil/sub ../../escape.
    const auto said = [&h](const char *pattern) {
        return h.messages.filter(QRegularExpression(QString::fromLatin1(pattern))).size();
    };
    QVERIFY2(said("^9 listed name.* /evil refused") == 1, qPrintable(h.log()));
    QVERIFY2(said("^1 listed name.* /evil/sub refused") == 1, qPrintable(h.log()));
    CHECK(verifyConsistent(h));
    CHECK(verifyFollowUp(server, h));
}

// §8: the server sends more bytes than SIZE (or the listing) said. The data is the truth:
// the file arrives whole, the job is Done and records the size that arrived, with a note;
// a resume whose result disagrees with SIZE is verified and downloaded again from the
// start. Never a silent truncation (nor a silent size: fewer bytes than SIZE said, ended
// by a 226, are kept too, with the same note).
void TestFaultMatrix::moreBytesThanSize_data()
{
    QTest::addColumn<QString>("where");
    for (const char *where :
         {"SIZE", "listing", "resume, SIZE below the data", "resume, SIZE below the part file",
          "SIZE above the data (226 after fewer bytes)"})
        QTest::newRow(where) << QString::fromLatin1(where);
}

void TestFaultMatrix::moreBytesThanSize()
{
    QFETCH(QString, where);
    Row row;
    if (where == QLatin1String("SIZE")) {
        row.job = Job::Download;
        row.faults = [](MiniFtpd &server, Harness &) { server.sizeReplies["/dir/f.bin"] = 1000; };
        row.extra = [](MiniFtpd &, Harness &h, const TransferJob &job) {
            // Recorded as what arrived, and said.
            QCOMPARE(job.size, qint64(payload().size()));
            QCOMPARE(job.bytesDone, qint64(payload().size()));
            QCOMPARE(h.queue.progress().bytesDone, qint64(payload().size()));
            QCOMPARE(h.queue.progress().bytesTotal, qint64(payload().size()));
            QVERIFY2(h.messages.filter(QStringLiteral("sent 150000 bytes, not the 1000")).size() == 1,
                     qPrintable(h.log()));
        };
    } else if (where.startsWith(QLatin1String("SIZE above"))) {
        // The server's 226 says the file is complete: kept, recorded and said.
        row.job = Job::Download;
        row.faults = [](MiniFtpd &server, Harness &) { server.sizeReplies["/dir/f.bin"] = 200000; };
        row.extra = [](MiniFtpd &, Harness &h, const TransferJob &job) {
            QCOMPARE(job.size, qint64(payload().size()));
            QCOMPARE(h.queue.progress().bytesDone, h.queue.progress().bytesTotal);
            QVERIFY2(h.messages.filter(QStringLiteral("sent 150000 bytes, not the 200000")).size() == 1,
                     qPrintable(h.log()));
        };
    } else if (where == QLatin1String("listing")) {
        row.job = Job::FolderMlsd;
        row.faults = [](MiniFtpd &server, Harness &) {
            server.listings["/tree"] = "type=file;size=1000;modify=20200102030405; a.bin\r\n"
                                       "type=file;size=1;modify=20200102030405; b.txt\r\n"
                                       "type=dir;modify=20200102030405; sub\r\n";
        };
        row.extra = [](MiniFtpd &server, Harness &h, const TransferJob &) {
            for (const TransferJob &job : h.queue.jobs(0, 100)) {
                if (job.isFile() && job.remotePath.startsWith(QLatin1String("/tree/")))
                    QCOMPARE(job.size, qint64(server.files.value(job.remotePath.toUtf8()).size()));
            }
            QVERIFY2(h.messages.filter(QStringLiteral("keeping what it sent")).size() == 2,
                     qPrintable(h.log()));
            QCOMPARE(h.queue.progress().bytesDone, h.queue.progress().bytesTotal);
        };
    } else {
        row.job = Job::ResumeDownload;
        const qint64 said = where.endsWith(QLatin1String("data")) ? 60000 : 40000; // the part has 50,000
        row.faults = [said](MiniFtpd &server, Harness &) { server.sizeReplies["/dir/f.bin"] = said; };
        row.extra = [said](MiniFtpd &server, Harness &h, const TransferJob &) {
            if (said > 50000) {
                QVERIFY2(h.messages.filter(QStringLiteral("instead of 60000")).size() == 1,
                         qPrintable(h.log()));
                QCOMPARE(server.count("RETR"), 2); // the rest, then all of it again
            } else {
                QVERIFY2(h.messages.filter(QStringLiteral("larger than the remote file")).size() == 1,
                         qPrintable(h.log()));
                QCOMPARE(server.count("RETR"), 1);
                QCOMPARE(server.count("REST"), 0);
            }
        };
    }
    runRow(row);
}

// §9: the data connection stays open after the data (no 226, or a 226 and no close): a
// timeout, then a resume; the final name never holds a partial file (an old good file
// stays until the new one is complete, also when no retry is left).
void TestFaultMatrix::dataNeverCloses_data()
{
    QTest::addColumn<QString>("how");
    for (const char *how : {"half sent, no 226", "all sent, no 226", "all sent, 226, never closed",
                            "half sent, no 226, no retry left"})
        QTest::newRow(how) << QString::fromLatin1(how);
}

void TestFaultMatrix::dataNeverCloses()
{
    QFETCH(QString, how);
    const bool half = how.startsWith(QLatin1String("half"));
    const bool with226 = how.contains(QLatin1String(", 226"));
    const bool lastTry = how.endsWith(QLatin1String("no retry left"));
    const qint64 sent = half ? payload().size() / 2 : payload().size();
    auto during = std::make_shared<QString>(QStringLiteral("never checked"));
    Row row;
    row.oldTarget = true;
    row.timeoutMs = 1500;
    row.maxRetries = lastTry ? 0 : 3;
    row.state = lastTry ? TransferJob::State::Failed : TransferJob::State::Done;
    row.attempts = lastTry ? 0 : 1;
    row.minMs = 1350;
    row.maxMs = 2 * 1500 + 2500;
    row.faults = [sent, with226, during](MiniFtpd &server, Harness &h) {
        const QString target = h.target(QStringLiteral("f.bin"));
        server.inject(
            "RETR", [sent, with226, during, target](MiniFtpd &s, QTcpSocket *control, const QByteArray &arg) {
                const QByteArray data = s.files.value(s.resolve(control, arg)).left(sent);
                control->write("150 Opening BINARY mode data connection.\r\n");
                s.withData(control, [control, data, with226, during, target](QTcpSocket *d) {
                    d->write(data); // and the connection stays open
                    if (with226)
                        control->write("226 Transfer complete.\r\n");
                    // Half-way through the timeout: the old file is still whole under its name.
                    QTimer::singleShot(700, control, [during, target, size = data.size()] {
                        const QByteArray now = readAll(target);
                        const qint64 part = QFileInfo(target + QStringLiteral(".part")).size();
                        *during =
                            now == oldContent() && part == size
                                ? QString()
                                : QStringLiteral("target %1 bytes, part %2 bytes").arg(now.size()).arg(part);
                    });
                });
            });
    };
    row.extra = [sent, lastTry, during](MiniFtpd &server, Harness &h, const TransferJob &job) {
        QVERIFY2(during->isEmpty(), qPrintable(*during));
        if (lastTry) {
            QCOMPARE(RemoteError::Kind(job.errorKind), RemoteError::Kind::Timeout);
            QCOMPARE(readAll(h.target(QStringLiteral("f.bin.part"))),
                     payload().left(sent)); // kept for a resume
            return;
        }
        if (sent < payload().size()) {
            QVERIFY2(h.commands.contains(QStringLiteral("REST %1").arg(sent)), qPrintable(h.log()));
            QCOMPARE(server.count("RETR"), 2);
        } else {
            QCOMPARE(server.count("RETR"), 1); // complete already: verified by SIZE, not fetched again
        }
    };
    runRow(row);
}

// §10: data at 1 byte/s (pyftpdlib --data-rate 1) with a 1.5 s timeout: every byte keeps
// the watchdog alive, so a 4-byte download that takes 3 s is no timeout; a stall in the
// middle still is (--stall-data-after 2), and the retry resumes. Uploads: see below.
void TestFaultMatrix::slowData_data()
{
    QTest::addColumn<bool>("upload");
    QTest::addColumn<bool>("stall");
    QTest::newRow("download at 1 B/s") << false << false;
    QTest::newRow("download at 1 B/s, stall after 2 bytes") << false << true;
    QTest::newRow("upload at 1 B/s") << true << false;
}

void TestFaultMatrix::slowData()
{
    QFETCH(bool, upload);
    QFETCH(bool, stall);
    TestServer::Options options;
    options.dataRate = 1;
    if (stall)
        options.stallDataAfter = 2;
    QString error;
    auto server = TestServer::start(options, &error);
    QVERIFY2(server, qPrintable(error));
    SessionConfig config = configFor(server->port(), 1500);
    config.user = server->userName();
    config.password = server->password();
    Harness h(config);
    QVERIFY(h.ok);
    const QByteArray content = "abcd";
    qint64 id = 0;
    if (upload) {
        CHECK(writeFile(h.src(QStringLiteral("slow.bin")), content));
        id =
            h.queue.enqueueUpload(SiteKey::fromString(QStringLiteral("s")), h.src(QStringLiteral("slow.bin")),
                                  QStringLiteral("/slow.bin"), overwriteOptions());
    } else {
        QVERIFY(server->writeFile(QStringLiteral("slow.bin"), content));
        id = h.queue.enqueueDownload(SiteKey::fromString(QStringLiteral("s")), QStringLiteral("/slow.bin"),
                                     h.target(QStringLiteral("slow.bin")), overwriteOptions());
    }
    QVERIFY2(h.run(), qPrintable(h.log()));
    const auto job = h.queue.job(id);
    QVERIFY2(job->state == TransferJob::State::Done, qPrintable(job->error + QLatin1Char('\n') + h.log()));
    if (upload) {
        // Known limit: the client writes the 4 bytes at once; they wait in the server's
        // receive buffer, where no client can watch them drain, and the 226 comes after
        // 3 s of silence: a timeout (today two: STOR, then the APPE of the rest). The
        // resume and the SIZE check after it still end with the whole file, verified.
        QVERIFY2(job->attempts <= 3, qPrintable(h.log()));
        QVERIFY2(job->attempts == 0 ||
                     h.commands.filter(QRegularExpression(QStringLiteral("^APPE "))).size() >= 1,
                 qPrintable(h.log()));
    } else {
        QVERIFY2(job->attempts == (stall ? 1 : 0), qPrintable(h.log()));
    }
    QCOMPARE(readAll(upload ? server->rootPath() + QStringLiteral("/slow.bin")
                            : h.target(QStringLiteral("slow.bin"))),
             content);
    // 4 bytes at 1 B/s: the first at once, the last after 3 s; with a stall, 1.5 s more.
    QVERIFY2(h.elapsedMs >= 2500 && h.elapsedMs < (stall || upload ? 9000 : 7000), qPrintable(h.log()));
    if (stall)
        QVERIFY2(h.commands.contains(QStringLiteral("REST 2")), qPrintable(h.log()));
    CHECK(verifyConsistent(h));
    // A follow-up on the same queue (2 bytes: 1 s).
    QVERIFY(server->writeFile(QStringLiteral("next.bin"), "ok"));
    const qint64 next =
        h.queue.enqueueDownload(SiteKey::fromString(QStringLiteral("s")), QStringLiteral("/next.bin"),
                                h.target(QStringLiteral("next.bin")), overwriteOptions());
    QVERIFY2(h.run(), qPrintable(h.log()));
    QCOMPARE(h.queue.job(next)->state, TransferJob::State::Done);
    QCOMPARE(readAll(h.target(QStringLiteral("next.bin"))), QByteArray("ok"));
    CHECK(verifyConsistent(h));
}

// The queue's sessions open the next data connection (EPSV, connect) as soon as a transfer
// or listing ends (FtpSession::operationFinishing). A fault on that prefetch belongs to no
// job: the next transfer opens its own, and nothing fails. `nth` picks the EPSV: the 2nd
// is the prefetch after the folder's MLSD, the 3rd the one after its first file.
void TestFaultMatrix::prefetchedDataConnection_data()
{
    QTest::addColumn<int>("nth");
    QTest::addColumn<QByteArray>("fault");
    for (const int nth : {2, 3}) {
        for (const char *fault : {"500", "425", "malformed", "closed port", "drop FIN", "drop RST", "stall"})
            QTest::addRow("EPSV #%d, %s", nth, fault) << nth << QByteArray(fault);
    }
}

void TestFaultMatrix::prefetchedDataConnection()
{
    QFETCH(int, nth);
    QFETCH(QByteArray, fault);
    Row row;
    row.job = Job::FolderMlsd;
    row.attempts = 0;
    row.maxAttempts = 1; // a drop may land on the job that was about to use the connection
    if (fault == "stall") {
        row.timeoutMs = 1500; // the silent EPSV times out; the session logs in again
        row.maxMs = 6000;
    }
    MiniFtpd::Action action;
    if (fault == "500")
        action = replyAction("500 EPSV not understood.\r\n");
    else if (fault == "425")
        action = replyAction("425 Can't open data connection.\r\n");
    else if (fault == "malformed")
        action = replyAction("229 Entering Extended Passive Mode (|||0|)\r\n");
    else if (fault == "closed port")
        action = [](MiniFtpd &, QTcpSocket *control, const QByteArray &) {
            QTcpServer probe;
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            const quint16 port = probe.serverPort();
            probe.close(); // nothing listens there any more
            control->write("229 Entering Extended Passive Mode (|||" + QByteArray::number(port) + "|)\r\n");
        };
    else if (fault.startsWith("drop"))
        action = dropAction(fault == "drop RST");
    else
        action = [](MiniFtpd &, QTcpSocket *, const QByteArray &) {};
    row.faults = [nth, action](MiniFtpd &server, Harness &) {
        // The first nth-1 EPSVs are answered normally (faults are taken in order), then the fault.
        server.inject(
            "EPSV",
            [](MiniFtpd &srv, QTcpSocket *control, const QByteArray &) {
                control->write("229 Entering Extended Passive Mode (|||" +
                               QByteArray::number(srv.openPassive(control)) + "|)\r\n");
            },
            nth - 1);
        server.inject("EPSV", action);
    };
    row.extra = [nth](MiniFtpd &server, Harness &h, const TransferJob &) {
        QVERIFY2(server.count("EPSV") > nth, qPrintable(h.log())); // the fault was reached, and more came
    };
    runRow(row);
}

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_fault_matrix.moc"
