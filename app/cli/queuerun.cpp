#include "queuerun.h"

#include "clicommands.h"
#include "cliconnection.h"
#include "clioutput.h"
#include "cliprompts.h"
#include "ftp/ftpsession.h"
#include "progressbar.h"
#include "remote/certificaterequest.h"
#include "transfer/localfile.h"
#include "transfer/overwriterequest.h"
#include "transfer/transferqueue.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QSet>
#include <unistd.h>

namespace ferry::cli {

namespace {

// Enqueues every item; false with the queue's error when one could not be added.
bool enqueue(TransferQueue &queue, const QList<TransferItem> &items, const QString &site,
             const Options &options)
{
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
            return false;
    }
    return true;
}

// The queue's transcript on stderr: everything with -v; without, each warning once
// (parallel connections say the same warning once each).
void showTranscript(TransferQueue &queue, const Options &options)
{
    auto warned = std::make_shared<QSet<QString>>();
    QObject::connect(&queue, &TransferQueue::transcript,
                     [verbose = options.verbose, warned](const QString &, const TranscriptLine &line) {
                         if (verbose) {
                             printTranscriptLine(line);
                         } else if (isWarning(line) && !warned->contains(line.text)) {
                             warned->insert(line.text);
                             note(line.text);
                         }
                     });
    QObject::connect(&queue, &TransferQueue::message, [verbose = options.verbose](const QString &text) {
        if (verbose)
            err() << "* " << text << Qt::endl;
    });
}

} // namespace

QString QueueRun::siteKeyFor(const FtpUrl &url)
{
    FtpUrl site = url;
    site.path = QStringLiteral("/");
    site.hasPassword = false;
    site.password.clear();
    return site.toDisplayString();
}

int QueueRun::transfer(const FtpUrl &url, const QList<TransferItem> &items, const Options &options,
                       bool summary)
{
    if (url.protocol == Protocol::Sftp)
        return fail(ExitUsage, QueueRun::tr("get and put over sftp:// are not in this build yet (the "
                                            "transfer queue speaks FTP only); ls, mkdir, rm, rmdir, mv and "
                                            "chmod work."));
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
    return drive(queue, items, site, options, summary);
}

int QueueRun::drive(TransferQueue &queue, const QList<TransferItem> &items, const QString &site,
                    const Options &options, bool summary)
{
    QObject::connect(
        &queue, &TransferQueue::certificateCheckRequired,
        [&options](CertificateRequest *request) { Prompts::answerCertificate(request, options); });
    QObject::connect(&queue, &TransferQueue::overwriteQuestion, &Prompts::answerOverwrite);
    showTranscript(queue, options);
    QObject::connect(&queue, &TransferQueue::connectionLimitLowered, [](const QString &key, int limit) {
        note(tr("%1 refused more connections; continuing with %2.").arg(key).arg(limit));
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
            failures.append(tr("The partial download is kept in %1; run again with --resume to continue.")
                                .arg(PartFile::partPathFor(job.localPath)));
    });

    ProgressBar bar(options.progress ||
                    (options.progressAuto && ::isatty(STDERR_FILENO) && !options.verbose));
    QElapsedTimer clock;
    clock.start();
    QueueProgress last;
    QObject::connect(&queue, &TransferQueue::progressChanged, [&](const QueueProgress &p) {
        last = p;
        bar.update(p);
    });
    if (!enqueue(queue, items, site, options))
        return fail(ExitLocal, queue.errorString());

    QEventLoop loop;
    QObject::connect(&queue, &TransferQueue::drained, &loop, &QEventLoop::quit);
    queue.start();
    loop.exec();
    queue.stop();
    bar.finish();
    for (const QString &failure : std::as_const(failures))
        note(failure);
    if (summary || bar.shown()) {
        const double seconds = double(clock.elapsed()) / 1000.0;
        note(tr("%1 file(s), %2 in %3 s (%4/s); %5 failed, %6 skipped.")
                 .arg(last.filesDone)
                 .arg(humanBytes(double(last.bytesDone)))
                 .arg(seconds, 0, 'f', 2)
                 .arg(humanBytes(seconds > 0 ? double(last.bytesDone) / seconds : 0))
                 .arg(last.filesFailed)
                 .arg(last.filesSkipped));
    }
    return firstError.isError() ? exitCodeFor(firstError) : int(ExitOk);
}

} // namespace ferry::cli
