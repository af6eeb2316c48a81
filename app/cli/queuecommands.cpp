// `ferry-cli queue run|list|retry|clear`: a stored queue (--queue-db), e.g. after a crash.
#include "cliconnection.h"
#include "clioutput.h"
#include "commands.h"
#include "ftp/ftpsession.h" // jobrunner.h (through the queue) needs the complete type
#include "queuerun.h"
#include "transfer/transferqueue.h"

#include <QCommandLineParser>
#include <QMetaEnum>

namespace ferry::cli {

namespace {

using State = TransferJob::State;

// Every job, a window at a time.
void forEachJob(TransferQueue &queue, const std::function<void(const TransferJob &)> &visit)
{
    for (qint64 offset = 0;; offset += 1000) {
        const QList<TransferJob> jobs = queue.jobs(offset, 1000);
        for (const TransferJob &job : jobs)
            visit(job);
        if (jobs.size() < 1000)
            break;
    }
}

int listJobs(TransferQueue &queue)
{
    forEachJob(queue, [](const TransferJob &job) {
        out() << job.id << '\t' << TransferJob::stateName(job.state) << '\t'
              << QString::fromLatin1(QMetaEnum::fromType<TransferJob::Kind>().valueToKey(int(job.kind)))
              << '\t' << job.site << '\t' << job.remotePath << '\t' << job.localPath;
        if (!job.error.isEmpty())
            out() << '\t' << job.error;
        out() << '\n';
    });
    out().flush();
    return ExitOk;
}

// queue clear [--failed | --all].
int clearJobs(TransferQueue &queue, const QCommandLineParser &parser)
{
    const bool failed = parser.isSet(QStringLiteral("failed"));
    const bool all = parser.isSet(QStringLiteral("all"));
    if (failed && all)
        return fail(ExitUsage, QueueCommands::tr("--failed and --all exclude each other."));
    if (all) {
        const int removed = queue.removeJobs({State::Queued, State::Running, State::Paused, State::Waiting,
                                              State::Done, State::Failed, State::Skipped, State::Cancelled});
        out() << QueueCommands::tr("%n job(s) removed; the queue is empty.", nullptr, removed) << Qt::endl;
    } else if (failed) {
        out() << QueueCommands::tr("%n failed job(s) removed.", nullptr, queue.removeJobs({State::Failed}))
              << Qt::endl;
    } else {
        out() << QueueCommands::tr("%n finished job(s) removed.", nullptr, queue.removeFinished())
              << Qt::endl;
    }
    return ExitOk;
}

// The sites `queue run` (or `retry`) will connect to, each with its password: from
// --password-stdin, $FERRY_PASSWORD or a prompt, never from the queue file. Without one,
// nothing connects and the queue stays as it is.
int prepareSites(TransferQueue &queue, const Options &options, bool retry,
                 QList<std::pair<SiteKey, SessionConfig>> *sites)
{
    QList<SiteKey> keys = queue.pendingSites();
    if (retry) {
        forEachJob(queue, [&keys](const TransferJob &job) {
            const SiteKey key = SiteKey::fromString(job.site);
            if (job.state == State::Failed && !keys.contains(key))
                keys.append(key);
        });
    }
    for (const SiteKey &key : std::as_const(keys)) {
        if (key.isSite())
            return fail(ExitFailure, QueueCommands::tr("The queue holds jobs of a site from the site manager "
                                                       "(%1); continue them in the window.")
                                         .arg(key.siteId().toString(QUuid::WithoutBraces)));
        QString error;
        std::optional<FtpUrl> url = FtpUrl::parse(key.url(), &error);
        if (!url)
            return fail(ExitFailure,
                        QueueCommands::tr("The queue names an unusable site %1: %2").arg(key.url(), error));
        if (int rc = Credentials::resolve(&*url, options))
            return rc;
        sites->append({key, sessionConfigFor(*url, options)});
    }
    return ExitOk;
}

int runQueue(TransferQueue &queue, const Options &options, bool retry)
{
    QList<std::pair<SiteKey, SessionConfig>> sites;
    if (int rc = prepareSites(queue, options, retry, &sites))
        return rc;
    if (retry)
        queue.retryFailed();
    CertificateStore store(CertificateStore::defaultPath());
    for (auto &[key, config] : sites) {
        config.certificateStore = &store;
        queue.setSite(key, config, options.parallel);
    }
    if (queue.recoveredJobs() > 0)
        note(QueueCommands::tr("Resuming %n interrupted job(s).", nullptr, queue.recoveredJobs()));
    queue.setMaxRetries(options.retries);
    QueueRun::setSpeedLimit(queue, options);
    const int code = QueueRun::drive(queue, {}, SiteKey(), options, true);
    if (code != ExitOk)
        return code;
    // Jobs that failed in an earlier run still leave the queue's work undone.
    const qint64 failed = queue.countJobs({State::Failed});
    if (failed > 0)
        return fail(ExitFailure, QueueCommands::tr("%n job(s) in the queue failed earlier (queue list shows "
                                                   "them; queue retry runs them again).",
                                                   nullptr, int(failed)));
    return ExitOk;
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
    if (action == QLatin1String("clear"))
        return clearJobs(queue, *call.parser);
    return runQueue(queue, call.options, action == QLatin1String("retry"));
}

} // namespace ferry::cli
