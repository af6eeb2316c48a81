#include "queuerun.h"

#include "transfer/units.h"

#include "clicommands.h"
#include "cliconnection.h"
#include "clioutput.h"
#include "cliprompts.h"
#include "interrupts.h"
#include "progressbar.h"
#include "remote/question.h"
#include "transfer/localfile.h"
#include "transfer/overwriterequest.h"
#include "transfer/transferqueue.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QSet>
#include <QTimer>
#include <unistd.h>

namespace ferry::cli {

namespace {

using State = TransferJob::State;
using Kind = TransferJob::Kind;

constexpr int kStopWaitMs = 5000; // ABOR and the last replies after SIGINT/SIGTERM

// What this run did, from the queue's job changes: the store's totals include the work of
// earlier runs, and count skipped files' bytes as done.
class Tally {
public:
    void add(const TransferJob &job)
    {
        if (job.state == State::Failed)
            addFailure(job);
        const bool deletion = job.kind == Kind::DeleteFile || job.kind == Kind::DeleteFolder;
        if (job.state == State::Done && job.kind == Kind::DeleteFile)
            ++m_deletedFiles;
        else if (job.state == State::Done && job.kind == Kind::DeleteFolder)
            ++m_deletedFolders;
        else if (job.state == State::Done && job.isFile())
            ++m_filesDone;
        else if (job.state == State::Skipped && (job.isFile() || job.errorKind != 0))
            ++m_filesSkipped; // with an error kind: an entry not sent (a link, a loop, a FIFO)
        // Links, loops, FIFOs, a move's folder kept: skipped with a reason (issue #13 §2).
        if (job.state == State::Skipped && job.errorKind != 0)
            m_notSent << job.error;
        else if (job.state == State::Failed && job.isFile())
            ++m_filesFailed;
        else if (job.state == State::Failed && deletion)
            ++m_deletesFailed;
        else if (job.state == State::Failed)
            ++m_foldersFailed;
    }
    // A download stopped or failed in the middle keeps its .part: say where.
    void notePartKept(const TransferJob &job)
    {
        const QString part = PartFile::partPathFor(job.localPath);
        if (job.kind == Kind::Download && QFileInfo::exists(part) && !m_kept.contains(part)) {
            m_kept.insert(part);
            m_notes << QueueRun::tr(
                           "The partial download is kept in %1; run again with --resume to continue.")
                           .arg(part);
        }
    }
    RemoteError firstError() const { return m_firstError; }
    qint64 failed() const { return m_filesFailed + m_foldersFailed + m_deletesFailed; }

    // Each distinct failure once (a refused login fails every job with the same words).
    void printFailures() const
    {
        for (const QString &reason : m_notSent)
            note(QueueRun::tr("warning: %1").arg(reason));
        for (const auto &[text, count] : m_failures)
            note(count == 1 ? text : QueueRun::tr("%1 (%n jobs)", nullptr, count).arg(text));
        for (const QString &line : m_notes)
            note(line);
    }

    void printSummary(qint64 bytesMoved, double seconds, bool deleting) const
    {
        const QString speed = formatSize(seconds > 0 ? qint64(double(bytesMoved) / seconds) : 0);
        if (deleting) {
            note(QueueRun::tr("%1 and %2 deleted in %3 s; %4 failed.")
                     .arg(QueueRun::tr("%n file(s)", "deleted", int(m_deletedFiles)),
                          QueueRun::tr("%n folder(s)", "deleted", int(m_deletedFolders)))
                     .arg(seconds, 0, 'f', 2)
                     .arg(m_deletesFailed + m_foldersFailed));
            return;
        }
        // Two whole sentences; the folders' part only when a folder failed.
        const QString sentence =
            m_foldersFailed > 0
                ? QueueRun::tr("%1, %2 in %3 s (%4/s); %5 failed, %6 skipped; %n folder(s) failed.", nullptr,
                               int(m_foldersFailed))
                : QueueRun::tr("%1, %2 in %3 s (%4/s); %5 failed, %6 skipped.");
        note(sentence.arg(QueueRun::tr("%n file(s)", "transferred", int(m_filesDone)), formatSize(bytesMoved))
                 .arg(seconds, 0, 'f', 2)
                 .arg(speed)
                 .arg(m_filesFailed)
                 .arg(m_filesSkipped));
    }

private:
    void addFailure(const TransferJob &job)
    {
        if (!m_firstError.isError())
            m_firstError = RemoteError(RemoteError::Kind(job.errorKind), job.error);
        auto it = std::find_if(m_failures.begin(), m_failures.end(),
                               [&job](const auto &failure) { return failure.first == job.error; });
        if (it != m_failures.end())
            ++it->second;
        else
            m_failures.append({job.error, 1});
        notePartKept(job);
    }

    qint64 m_filesDone = 0;
    qint64 m_filesFailed = 0;
    qint64 m_filesSkipped = 0;
    qint64 m_foldersFailed = 0;
    qint64 m_deletedFiles = 0;
    qint64 m_deletedFolders = 0;
    qint64 m_deletesFailed = 0;
    RemoteError m_firstError;
    QList<std::pair<QString, int>> m_failures;
    QStringList m_notes;
    QStringList m_notSent; // entries skipped with a reason (issue #13 §2)
    QSet<QString> m_kept;
};

// Enqueues every item; false with the queue's error when one could not be added.
bool enqueue(TransferQueue &queue, const QList<TransferItem> &items, const SiteKey &site,
             const Options &options)
{
    TransferQueue::JobOptions jobOptions;
    jobOptions.overwrite = options.overwrite;
    jobOptions.mode = options.mode;
    jobOptions.resume = options.resume;
    jobOptions.preserveTime = options.preserveTime;
    jobOptions.removeSource = options.removeSource;
    for (const TransferItem &item : items) {
        qint64 id = 0;
        if (item.remove)
            id = queue.enqueueDelete(site, item.remote, item.folder);
        else if (item.upload)
            id = item.folder ? queue.enqueueUploadFolder(site, item.local, item.remote, jobOptions)
                             : queue.enqueueUpload(site, item.local, item.remote, jobOptions);
        else
            id = item.folder ? queue.enqueueDownloadFolder(site, item.remote, item.local, jobOptions)
                             : queue.enqueueDownload(site, item.remote, item.local, jobOptions);
        if (id == 0)
            return false;
    }
    return true;
}

// The queue's transcript on stderr: everything with -v; without, each warning once
// (parallel connections say the same warning once each).
void showTranscript(TransferQueue &queue, const Options &options, const QObject *context)
{
    auto warned = std::make_shared<QSet<QString>>();
    QObject::connect(&queue, &TransferQueue::transcript, context,
                     [verbose = options.verbose, warned](const SiteKey &, const TranscriptLine &line) {
                         if (verbose) {
                             printTranscriptLine(line);
                         } else if (isWarning(line) && !warned->contains(line.text)) {
                             warned->insert(line.text);
                             note(line.text);
                         }
                     });
    QObject::connect(&queue, &TransferQueue::message, context,
                     [verbose = options.verbose](qint64, TransferQueue::Severity, const QString &text) {
                         if (verbose)
                             err() << "* " << text << Qt::endl;
                     });
}

// After stop(): lets the running jobs end (ABOR, part files closed), bounded.
void waitUntilIdle(TransferQueue &queue)
{
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (queue.isIdle())
            loop.quit();
    });
    QTimer::singleShot(kStopWaitMs, &loop, &QEventLoop::quit);
    poll.start(20);
    if (!queue.isIdle())
        loop.exec();
}

} // namespace

int QueueRun::transfer(const FtpUrl &url, const QList<TransferItem> &items, const Options &options,
                       bool summary)
{
    CertificateStore store(CertificateStore::defaultPath());
    TransferQueue queue(options.queueDb.isEmpty() ? QStringLiteral(":memory:") : options.queueDb);
    if (!queue.open())
        return fail(ExitLocal, queue.errorString());
    const SiteKey site = SiteKey::forUrl(url);
    SessionConfig config = sessionConfigFor(url, options);
    config.certificateStore = &store;
    queue.setSite(site, config, options.parallel);
    queue.setMaxRetries(options.retries);
    setSpeedLimit(queue, options);
    return drive(queue, items, site, options, summary);
}

void QueueRun::setSpeedLimit(TransferQueue &queue, const Options &options)
{
    qint64 rate = options.limitRate;
    if (options.limitRateSet)
        queue.setSetting(QStringLiteral("limit-rate"), QString::number(rate));
    else
        rate = queue.setting(QStringLiteral("limit-rate")).value_or(QString()).toLongLong();
    queue.setSpeedLimits(rate, rate);
}

int QueueRun::drive(TransferQueue &queue, const QList<TransferItem> &items, const SiteKey &site,
                    const Options &options, bool summary)
{
    // Every connection below ends with this function (its lambdas use its locals), even if
    // the queue still signals while it is destroyed.
    const QObject context;
    // Certificates, host keys, passwords and passphrases: the same prompts as a command's
    // own session (each asked once for the queue's sessions: one TrustDecisions).
    QObject::connect(&queue, &TransferQueue::questionAsked, &context,
                     [&options](Question *question) { Prompts::answer(question, options); });
    QObject::connect(&queue, &TransferQueue::overwriteQuestion, &context, &Prompts::answerOverwrite);
    showTranscript(queue, options, &context);
    QObject::connect(
        &queue, &TransferQueue::connectionLimitLowered, &context, [](const SiteKey &key, int limit) {
            note(tr("%1 refused more connections; continuing with %2.").arg(key.toString()).arg(limit));
        });

    queue.setFollowLinks(options.followLinks);
    Tally tally;
    bool stopping = false;
    QObject::connect(&queue, &TransferQueue::jobChanged, &context, [&](const TransferJob &job) {
        if (stopping && job.state == State::Queued)
            tally.notePartKept(job);
        else
            tally.add(job);
    });

    ProgressBar bar(options.progress ||
                    (options.progressAuto && ::isatty(STDERR_FILENO) && !options.verbose));
    QElapsedTimer clock;
    clock.start();
    QueueProgress last;
    QObject::connect(&queue, &TransferQueue::progressChanged, &context, [&](const QueueProgress &p) {
        last = p;
        bar.update(p);
    });
    if (!enqueue(queue, items, site, options))
        return fail(ExitLocal, queue.errorString());

    QEventLoop loop;
    QObject::connect(&queue, &TransferQueue::drained, &loop, &QEventLoop::quit);
    {
        // SIGINT/SIGTERM stop the queue cleanly: ABOR, part files kept for --resume or `queue run`.
        const Interrupts::Scope interrupt([&] {
            stopping = true;
            loop.quit();
        });
        queue.start();
        loop.exec();
    }
    queue.stop();
    if (stopping)
        waitUntilIdle(queue);
    last.bytesMoved = qMax(last.bytesMoved, queue.progress().bytesMoved);
    bar.finish();
    tally.printFailures();
    if (stopping)
        note(tr("Cancelled."));
    const bool deleting =
        std::any_of(items.cbegin(), items.cend(), [](const TransferItem &i) { return i.remove; });
    if (summary || bar.shown() || stopping)
        tally.printSummary(last.bytesMoved, double(clock.elapsed()) / 1000.0, deleting);
    if (stopping)
        return ExitCancelled;
    if (tally.firstError().isError())
        return exitCodeFor(tally.firstError());
    return ExitOk;
}

} // namespace ferry::cli
