// `ferry-cli queue run|list|retry|clear`: a stored queue (--queue-db), e.g. after a crash.
#include "cliconnection.h"
#include "clioutput.h"
#include "commands.h"
#include "ftp/ftpsession.h" // jobrunner.h (through the queue) needs the complete type
#include "queuerun.h"
#include "transfer/transferqueue.h"

#include <QMetaEnum>

namespace ferry::cli {

namespace {

int listJobs(TransferQueue &queue)
{
    for (qint64 offset = 0;; offset += 1000) {
        const QList<TransferJob> jobs = queue.jobs(offset, 1000);
        for (const TransferJob &job : jobs) {
            out() << job.id << '\t' << TransferJob::stateName(job.state) << '\t'
                  << QString::fromLatin1(QMetaEnum::fromType<TransferJob::Kind>().valueToKey(int(job.kind)))
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

// Every site with work left: its URL is the key; the password comes from
// --password-stdin or $FERRY_PASSWORD (never from the queue file).
int runQueue(TransferQueue &queue, const Options &options)
{
    CertificateStore store(CertificateStore::defaultPath());
    for (const QString &key : queue.pendingSites()) {
        QString error;
        const std::optional<FtpUrl> url = FtpUrl::parse(key, &error);
        if (!url)
            return fail(ExitFailure,
                        QueueCommands::tr("The queue names an unusable site %1: %2").arg(key, error));
        SessionConfig config = sessionConfigFor(*url, options);
        config.certificateStore = &store;
        queue.setSite(key, config, options.parallel);
    }
    if (queue.recoveredJobs() > 0)
        note(QueueCommands::tr("%n interrupted job(s) resume.", nullptr, queue.recoveredJobs()));
    queue.setMaxRetries(options.retries);
    queue.setSpeedLimits(options.limitRate, options.limitRate);
    return QueueRun::drive(queue, {}, QString(), options, true);
}

} // namespace

int QueueCommands::queue(const Invocation &call)
{
    const QString action = call.args.value(0);
    if (action != QLatin1String("run") && action != QLatin1String("retry") &&
        action != QLatin1String("list") && action != QLatin1String("clear"))
        return fail(ExitUsage, tr("usage: ferry-cli [--queue-db PATH] queue run|retry|list|clear"));
    const QString path =
        call.options.queueDb.isEmpty() ? TransferQueue::defaultStorePath() : call.options.queueDb;
    TransferQueue queue(path);
    if (!queue.open())
        return fail(ExitLocal, queue.errorString());
    if (action == QLatin1String("list"))
        return listJobs(queue);
    if (action == QLatin1String("clear")) {
        out() << tr("%n finished job(s) removed.", nullptr, queue.removeFinished()) << Qt::endl;
        return ExitOk;
    }
    if (action == QLatin1String("retry"))
        queue.retryFailed();
    return runQueue(queue, call.options);
}

} // namespace ferry::cli
