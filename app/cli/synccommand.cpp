// sync: compare a local folder with a remote one (core/transfer/treecomparison), plan what
// to do (syncplan) and, unless --dry-run, do it: folders and deletions as they are found,
// transfers and remote deletions through the transfer queue (issue #18 §1).
#include "cliconnection.h"
#include "clioutput.h"
#include "cliprompts.h"
#include "commands.h"
#include "queuerun.h"
#include "remote/certificaterequest.h"
#include "remote/remotepath.h"
#include "remote/remotesession.h"
#include "remote/sessionfactory.h"
#include "transfer/syncexecution.h"
#include "transfer/transferqueue.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <memory>

namespace ferry::cli {

namespace {

using Kind = SyncAction::Kind;

struct RunSettings : SyncSettings {
    bool dryRun = false;
};

int readSettings(const Invocation &call, RunSettings *settings)
{
    const QCommandLineParser &parser = *call.parser;
    settings->dryRun = parser.isSet(QStringLiteral("dry-run"));
    settings->deleteExtra = parser.isSet(QStringLiteral("delete"));
    settings->excludes = parser.values(QStringLiteral("exclude"));
    const QString direction = parser.value(QStringLiteral("direction")).toLower();
    if (direction == QLatin1String("down"))
        settings->direction = SyncDirection::Down;
    else if (direction == QLatin1String("both"))
        settings->direction = SyncDirection::Both;
    else if (!direction.isEmpty() && direction != QLatin1String("up"))
        return fail(ExitUsage, SyncCommands::tr("--direction takes up, down or both."));
    if (settings->direction == SyncDirection::Both && settings->deleteExtra)
        return fail(ExitUsage,
                    SyncCommands::tr("--delete does not go with --direction both: a file new on one "
                                     "side cannot be told from one deleted on the other."));
    if (parser.isSet(QStringLiteral("compare"))) {
        CompareCriteria &c = settings->criteria;
        c.size = c.time = c.checksum = false;
        for (const QString &word : parser.value(QStringLiteral("compare")).split(QLatin1Char(','))) {
            const QString w = word.trimmed().toLower();
            if (w == QLatin1String("size"))
                c.size = true;
            else if (w == QLatin1String("time"))
                c.time = true;
            else if (w == QLatin1String("checksum"))
                c.checksum = true;
            else
                return fail(ExitUsage, SyncCommands::tr("--compare takes size, time (or both: size,time) or "
                                                        "checksum."));
        }
        if (c.checksum && (c.size || c.time))
            return fail(ExitUsage,
                        SyncCommands::tr("--compare checksum goes alone (it compares sizes first)."));
    }
    if (call.site)
        settings->criteria.serverOffsetMs = qint64(call.site->timeZoneOffsetMinutes) * 60000;
    if (parser.isSet(QStringLiteral("time-offset"))) {
        bool ok = false;
        const int minutes = parser.value(QStringLiteral("time-offset")).toInt(&ok);
        if (!ok || minutes < -24 * 60 || minutes > 24 * 60)
            return fail(ExitUsage, SyncCommands::tr("--time-offset takes minutes from -1440 to 1440."));
        settings->criteria.serverOffsetMs = qint64(minutes) * 60000;
    }
    return ExitOk;
}

// A root folder to make.
SyncAction folderAction(Kind kind)
{
    SyncAction action;
    action.kind = kind;
    action.folder = true;
    return action;
}

QString displayPath(const QString &relative)
{
    return relative.isEmpty() ? QStringLiteral(".") : relative;
}

void printAction(const SyncAction &action, bool json)
{
    if (json) {
        QJsonObject object{{QStringLiteral("action"), SyncAction::kindName(action.kind)},
                           {QStringLiteral("path"), displayPath(action.path)},
                           {QStringLiteral("folder"), action.folder}};
        if (action.size >= 0)
            object.insert(QStringLiteral("size"), double(action.size));
        if (!action.reason.isEmpty())
            object.insert(QStringLiteral("reason"), action.reason);
        out() << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
        return;
    }
    QString line = SyncAction::kindName(action.kind).leftJustified(14) + displayPath(action.path);
    if (action.folder && !action.path.isEmpty())
        line += QLatin1Char('/');
    if (!action.reason.isEmpty())
        line = SyncAction::kindName(action.kind).leftJustified(14) + action.reason;
    out() << line << '\n';
}

// One sync: the comparison on its own session, then the queue.
class SyncRun {
public:
    SyncRun(const FtpUrl &url, const QString &localRoot, const RunSettings &settings, const Options &options)
        : m_url(url)
        , m_localRoot(localRoot)
        , m_remoteRoot(url.path.size() > 1 && url.path.endsWith(QLatin1Char('/')) ? url.path.chopped(1)
                                                                                  : url.path)
        , m_settings(settings)
        , m_options(options)
        , m_store(CertificateStore::defaultPath())
        , m_site(SiteKey::forUrl(url))
        , m_queue(options.queueDb.isEmpty() ? QStringLiteral(":memory:") : options.queueDb)
    {
    }

    int run();

private:
    int connect();
    int prepareRoots(bool *localExists, bool *remoteExists);
    int compare(bool localExists, bool remoteExists);
    void handle(const SyncAction &action);
    int finish();
    QString stateKey() const;

    FtpUrl m_url;
    QString m_localRoot;
    QString m_remoteRoot;
    RunSettings m_settings;
    Options m_options;
    CertificateStore m_store;
    SessionConfig m_config;
    SiteKey m_site;
    TransferQueue m_queue;
    std::unique_ptr<RemoteSession> m_session;
    std::unique_ptr<SyncExecutor> m_executor;
    qint64 m_counts[7] = {};
    int m_failures = 0; // folders left out
    RemoteError m_firstError;
};

QString SyncRun::stateKey() const
{
    FtpUrl url = m_url;
    url.password.clear();
    url.hasPassword = false;
    return QFileInfo(m_localRoot).canonicalFilePath() + QLatin1Char('\n') + url.toDisplayString();
}

int SyncRun::connect()
{
    m_config = sessionConfigFor(m_url, m_options);
    m_config.certificateStore = &m_store;
    QString error;
    m_session.reset(createRemoteSession(m_config, nullptr, &error));
    if (!m_session)
        return fail(ExitUsage, error);
    QObject::connect(m_session.get(), &RemoteSession::questionAsked, [this](Question *question) {
        if (auto *request = qobject_cast<CertificateRequest *>(question))
            Prompts::answerCertificate(request, m_options);
        else
            question->decline();
    });
    QObject::connect(m_session.get(), &RemoteSession::transcript, [this](const TranscriptLine &line) {
        if (m_options.verbose)
            printTranscriptLine(line);
        else if (isWarning(line))
            note(line.text);
    });
    const RemoteError login = await<RemoteCall>(m_session->connectToHost());
    if (login.isError())
        return fail(exitCodeFor(login), login.toString());
    TransferQueue::JobOptions jobOptions;
    jobOptions.overwrite = TransferJob::Overwrite::Overwrite;
    jobOptions.preserveTime = true;
    m_executor = std::make_unique<SyncExecutor>(&m_queue, m_site, m_session.get(), m_localRoot, m_remoteRoot,
                                                jobOptions);
    QObject::connect(m_executor.get(), &SyncExecutor::failed, [](const QString &text) { note(text); });
    QObject::connect(m_executor.get(), &SyncExecutor::conflict, [](const QString &reason) {
        note(SyncCommands::tr("conflict: %1 (left as it is)").arg(reason));
    });
    return ExitOk;
}

// Whether each root exists; a missing one is made unless this is a dry run, when it
// compares as empty. The local root of an upload and the remote root of a download must exist.
int SyncRun::prepareRoots(bool *localExists, bool *remoteExists)
{
    const QFileInfo local(m_localRoot);
    if (local.exists() && !local.isDir())
        return fail(ExitLocal, SyncCommands::tr("Not a folder: %1").arg(m_localRoot));
    *localExists = local.isDir();
    const RemoteError folder = await<RemoteCall>(m_session->resolveFolder(m_remoteRoot));
    const bool missing = folder.kind() == RemoteError::Kind::NotFound ||
                         folder.kind() == RemoteError::Kind::Permission ||
                         folder.kind() == RemoteError::Kind::Server;
    if (folder.isError() && !missing)
        return fail(exitCodeFor(folder), folder.toString());
    *remoteExists = !folder.isError();
    if (!*localExists && m_settings.direction == SyncDirection::Up)
        return fail(ExitLocal, SyncCommands::tr("No such local folder: %1").arg(m_localRoot));
    if (!*remoteExists && m_settings.direction == SyncDirection::Down)
        return fail(ExitRemote,
                    SyncCommands::tr("No such remote folder: %1 (%2)").arg(m_remoteRoot, folder.toString()));
    if (!*localExists)
        handle(folderAction(Kind::MakeLocalFolder));
    if (!*remoteExists)
        handle(folderAction(Kind::MakeRemoteFolder));
    if (!m_settings.dryRun) {
        *localExists = QFileInfo(m_localRoot).isDir();
        *remoteExists = *remoteExists || m_executor->pending() > 0;
    }
    return ExitOk;
}

void SyncRun::handle(const SyncAction &action)
{
    ++m_counts[int(action.kind)];
    if (m_settings.dryRun)
        printAction(action, m_options.json);
    else
        m_executor->execute(action);
}

int SyncRun::compare(bool localExists, bool remoteExists)
{
    qint64 last = -1;
    if (m_settings.direction == SyncDirection::Both)
        last = SyncState().lastSync(stateKey());
    SyncPlanning planning(m_session.get(), m_localRoot, m_remoteRoot, m_settings, last);
    planning.setRootsExist(localExists, remoteExists);
    QObject::connect(&planning, &SyncPlanning::folderFailed,
                     [this](const QString &path, const RemoteError &e) {
                         ++m_failures;
                         if (!m_firstError.isError())
                             m_firstError = e;
                         note(SyncCommands::tr("%1: left out (%2)").arg(displayPath(path), e.toString()));
                     });
    QObject::connect(&planning, &SyncPlanning::planned, [this](const QList<SyncAction> &actions) {
        for (const SyncAction &action : actions)
            handle(action);
        if (!m_settings.dryRun)
            m_executor->flush(); // into the queue's store now: memory stays bounded
    });
    RemoteError error;
    QEventLoop loop;
    QObject::connect(&planning, &SyncPlanning::finished, &loop, [&](const RemoteError &e) {
        error = e;
        loop.quit();
    });
    {
        const Interrupts::Scope interrupt([&planning] { planning.cancel(); });
        planning.start();
        loop.exec();
        // The last folders made on the session (bounded by the session's own timeouts) and
        // local deletions.
        while (m_executor->pending() > 0 && !error.isError())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    if (error.isError())
        return fail(exitCodeFor(error), error.toString());
    return ExitOk;
}

int SyncRun::run()
{
    if (int rc = connect())
        return rc;
    bool localExists = false;
    bool remoteExists = false;
    if (!m_settings.dryRun && !m_queue.open())
        return fail(ExitLocal, m_queue.errorString());
    if (int rc = prepareRoots(&localExists, &remoteExists))
        return rc;
    if (int rc = compare(localExists, remoteExists))
        return rc;
    (void)await<RemoteCall>(m_session->close());
    return finish();
}

int SyncRun::finish()
{
    const qint64 transfers = m_counts[int(Kind::Upload)] + m_counts[int(Kind::Download)];
    const qint64 folders = m_counts[int(Kind::MakeRemoteFolder)] + m_counts[int(Kind::MakeLocalFolder)];
    const qint64 deletes = m_counts[int(Kind::DeleteRemote)] + m_counts[int(Kind::DeleteLocal)];
    const qint64 conflicts = m_counts[int(Kind::Conflict)];
    if (transfers + folders + deletes + conflicts == 0)
        note(SyncCommands::tr("Nothing to do: the folders are in step."));
    else
        // Each count its own plural.
        note(SyncCommands::tr("Plan: %1, %2, %3, %4, %5.")
                 .arg(SyncCommands::tr("%n upload(s)", nullptr, int(m_counts[int(Kind::Upload)])),
                      SyncCommands::tr("%n download(s)", nullptr, int(m_counts[int(Kind::Download)])),
                      SyncCommands::tr("%n folder(s) to make", nullptr, int(folders)),
                      SyncCommands::tr("%n deletion(s)", nullptr, int(deletes)),
                      SyncCommands::tr("%n conflict(s)", nullptr, int(conflicts))));
    if (m_executor->failures() > 0 && !m_firstError.isError())
        m_firstError = m_executor->firstError();
    const int failures = m_failures + m_executor->failures();
    if (m_settings.dryRun)
        return failures > 0 ? exitCodeFor(m_firstError) : int(ExitOk);
    int rc = ExitOk;
    if (m_executor->queued() > 0) {
        m_queue.setSite(m_site, m_config, m_options.parallel);
        m_queue.setMaxRetries(m_options.retries);
        QueueRun::setSpeedLimit(m_queue, m_options);
        rc = QueueRun::drive(m_queue, {}, m_site, m_options, true);
    }
    if (rc == ExitOk && failures > 0)
        rc = exitCodeFor(m_firstError);
    if (rc == ExitOk && conflicts > 0) {
        note(SyncCommands::tr("%n conflict(s) not synchronised: both sides left as they are.", nullptr,
                              int(conflicts)));
        return ExitFailure;
    }
    if (rc == ExitOk) {
        QString error;
        if (!SyncState().setLastSync(stateKey(), QDateTime::currentMSecsSinceEpoch(), &error))
            note(SyncCommands::tr("warning: cannot record the sync time: %1").arg(error));
    }
    return rc;
}

} // namespace

int SyncCommands::sync(const Invocation &call)
{
    RunSettings settings;
    if (int rc = readSettings(call, &settings))
        return rc;
    FtpUrl url;
    if (int rc = call.parseUrl(call.args.at(1), &url))
        return rc;
    const QString local = QFileInfo(call.args.at(0)).absoluteFilePath();
    SyncRun run(url, QDir::cleanPath(local), settings, call.options);
    return run.run();
}

} // namespace ferry::cli
