#include "queuestore.h"

#include "sites/privatefile.h"

#include <QAtomicInt>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QVariant>

namespace ferry {

namespace {

constexpr int SchemaVersion = 1;

const char *const Columns = "id, parent, kind, state, site, remote, local, size, mtime, tsize, tmtime, "
                            "priority, overwrite, mode, preserve, resume, attempts, not_before, bytes, "
                            "pending, error, error_kind, phase, identity, target_site, target_path, "
                            "remove_source";

// A null QString binds as SQL NULL; these columns hold text, possibly empty.
QString notNull(const QString &text)
{
    return text.isNull() ? QStringLiteral("") : text;
}

QString stateList(const QList<TransferJob::State> &states)
{
    QStringList numbers;
    for (TransferJob::State state : states)
        numbers << QString::number(int(state));
    return numbers.join(QLatin1Char(','));
}

QString newConnectionName()
{
    static QAtomicInt counter;
    return QStringLiteral("ferry-queue-%1").arg(counter.fetchAndAddRelaxed(1));
}

} // namespace

QueueStore::QueueStore(QString path)
    : m_path(std::move(path))
    , m_connection(newConnectionName())
{
}

QueueStore::~QueueStore()
{
    m_insert.reset();
    m_update.reset();
    if (QSqlDatabase::contains(m_connection)) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool QueueStore::exec(QSqlQuery &query)
{
    if (query.exec())
        return true;
    m_error = QCoreApplication::translate("ferry::QueueStore", "Queue database %1: %2")
                  .arg(m_path, query.lastError().text());
    return false;
}

bool QueueStore::exec(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_connection, false));
    if (query.exec(sql))
        return true;
    m_error = QCoreApplication::translate("ferry::QueueStore", "Queue database %1: %2")
                  .arg(m_path, query.lastError().text());
    return false;
}

bool QueueStore::open()
{
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE"))) {
        m_error = QCoreApplication::translate("ferry::QueueStore",
                                              "The Qt SQLite driver is missing (install libqt6sql6-sqlite).");
        return false;
    }
    const bool inMemory = m_path == QLatin1String(":memory:");
    // The queue names the user's files and servers: 0600 (SQLite gives its -wal and -shm
    // files the database's mode), in a private folder.
    if (!inMemory && !makePrivateFile(m_path, &m_error))
        return false;
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    if (!db.open()) {
        m_error = QCoreApplication::translate("ferry::QueueStore", "Cannot open the queue database %1: %2")
                      .arg(m_path, db.lastError().text());
        return false;
    }
    // WAL + synchronous=NORMAL: a commit is an append without fsync; it survives the
    // process being killed (the OS has the pages), not a power cut of the last moments.
    if (!inMemory && !exec(QStringLiteral("PRAGMA journal_mode=WAL")))
        return false;
    if (!exec(QStringLiteral("PRAGMA synchronous=NORMAL")))
        return false;
    QSqlQuery version(db);
    if (!version.exec(QStringLiteral("PRAGMA user_version")) || !version.next()) {
        m_error = QCoreApplication::translate("ferry::QueueStore", "%1 is not a queue database: %2")
                      .arg(m_path, version.lastError().text());
        return false;
    }
    const int found = version.value(0).toInt();
    if (found > SchemaVersion) {
        m_error = QCoreApplication::translate("ferry::QueueStore",
                                              "%1 was written by a newer Ferry (queue version %2).")
                      .arg(m_path)
                      .arg(found);
        return false;
    }
    if (found == 0) {
        const QStringList schema = {
            QStringLiteral("CREATE TABLE IF NOT EXISTS jobs ("
                           "id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER NOT NULL DEFAULT 0,"
                           "kind INTEGER NOT NULL, state INTEGER NOT NULL, site TEXT NOT NULL,"
                           "remote TEXT NOT NULL, local TEXT NOT NULL, size INTEGER, mtime INTEGER,"
                           "tsize INTEGER, tmtime INTEGER, priority INTEGER NOT NULL DEFAULT 0,"
                           "overwrite INTEGER, mode INTEGER, preserve INTEGER, resume INTEGER,"
                           "attempts INTEGER, not_before INTEGER, bytes INTEGER, pending INTEGER,"
                           "error TEXT, error_kind INTEGER, phase INTEGER NOT NULL DEFAULT 0)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS jobs_next ON jobs(state, priority DESC, id)"),
            QStringLiteral("CREATE INDEX IF NOT EXISTS jobs_parent ON jobs(parent)"),
            QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion),
        };
        for (const QString &sql : schema) {
            if (!exec(sql))
                return false;
        }
    }
    // Columns added after version 1: an older Ferry reads the file as before (it names its
    // columns), so they need no new version.
    if (!addMissingColumn(QStringLiteral("identity"), QStringLiteral("TEXT NOT NULL DEFAULT ''")))
        return false;
    // Copies between two servers: the target's site and path.
    if (!addMissingColumn(QStringLiteral("target_site"), QStringLiteral("TEXT NOT NULL DEFAULT ''")) ||
        !addMissingColumn(QStringLiteral("target_path"), QStringLiteral("TEXT NOT NULL DEFAULT ''")))
        return false;
    // Moves: the source is removed once the transfer is complete (TransferJob::removeSource).
    if (!addMissingColumn(QStringLiteral("remove_source"), QStringLiteral("INTEGER NOT NULL DEFAULT 0")))
        return false;
    // The earliest retry (nextRetryMs) after every job: an index range, not a scan of a
    // million queued rows.
    if (!exec(QStringLiteral("CREATE INDEX IF NOT EXISTS jobs_retry ON jobs(state, not_before)")))
        return false;
    // Settings that go with the queue (e.g. the speed limit `queue run` keeps). A table an
    // older Ferry does not read, so no new schema version.
    if (!exec(QStringLiteral("CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT)")))
        return false;
    m_insert = std::make_unique<QSqlQuery>(db);
    m_insert->prepare(QStringLiteral(
        "INSERT INTO jobs (parent, kind, state, site, remote, local, size, "
        "mtime, tsize, tmtime, priority, overwrite, mode, preserve, resume, "
        "attempts, not_before, bytes, pending, error, error_kind, phase, identity, target_site, "
        "target_path, remove_source) VALUES "
        "(:parent, :kind, :state, :site, :remote, :local, :size, :mtime, "
        ":tsize, :tmtime, :priority, :overwrite, :mode, :preserve, :resume, "
        ":attempts, :not_before, :bytes, :pending, :error, :error_kind, :phase, :identity, "
        ":target_site, :target_path, :remove_source)"));
    m_update = std::make_unique<QSqlQuery>(db);
    m_update->prepare(QStringLiteral(
        "UPDATE jobs SET parent=:parent, kind=:kind, state=:state, site=:site, remote=:remote, "
        "local=:local, size=:size, mtime=:mtime, tsize=:tsize, tmtime=:tmtime, priority=:priority, "
        "overwrite=:overwrite, mode=:mode, preserve=:preserve, resume=:resume, attempts=:attempts, "
        "not_before=:not_before, bytes=:bytes, pending=:pending, error=:error, error_kind=:error_kind, "
        "phase=:phase, identity=:identity, target_site=:target_site, target_path=:target_path, "
        "remove_source=:remove_source WHERE id=:id"));
    return true;
}

bool QueueStore::addMissingColumn(const QString &name, const QString &definition)
{
    QSqlQuery info(QSqlDatabase::database(m_connection, false));
    if (!info.exec(QStringLiteral("PRAGMA table_info(jobs)"))) {
        m_error = info.lastError().text();
        return false;
    }
    while (info.next()) {
        if (info.value(1).toString() == name)
            return true;
    }
    return exec(QStringLiteral("ALTER TABLE jobs ADD COLUMN %1 %2").arg(name, definition));
}

void QueueStore::bindJob(QSqlQuery &query, const TransferJob &job) const
{
    query.bindValue(QStringLiteral(":parent"), job.parentId);
    query.bindValue(QStringLiteral(":kind"), int(job.kind));
    query.bindValue(QStringLiteral(":state"), int(job.state));
    query.bindValue(QStringLiteral(":site"), notNull(job.site));
    query.bindValue(QStringLiteral(":remote"), notNull(job.remotePath));
    query.bindValue(QStringLiteral(":local"), notNull(job.localPath));
    query.bindValue(QStringLiteral(":size"), job.size);
    query.bindValue(QStringLiteral(":mtime"), job.mtimeMs);
    query.bindValue(QStringLiteral(":tsize"), job.targetSize);
    query.bindValue(QStringLiteral(":tmtime"), job.targetMtimeMs);
    query.bindValue(QStringLiteral(":priority"), job.priority);
    query.bindValue(QStringLiteral(":overwrite"), int(job.overwrite));
    query.bindValue(QStringLiteral(":mode"), int(job.mode));
    query.bindValue(QStringLiteral(":preserve"), job.preserveTime ? 1 : 0);
    query.bindValue(QStringLiteral(":resume"), job.resume ? 1 : 0);
    query.bindValue(QStringLiteral(":attempts"), job.attempts);
    query.bindValue(QStringLiteral(":not_before"), job.notBeforeMs);
    query.bindValue(QStringLiteral(":bytes"), job.bytesDone);
    query.bindValue(QStringLiteral(":pending"), job.pendingChildren);
    query.bindValue(QStringLiteral(":error"), notNull(job.error));
    query.bindValue(QStringLiteral(":error_kind"), job.errorKind);
    query.bindValue(QStringLiteral(":phase"), job.phase);
    query.bindValue(QStringLiteral(":identity"), notNull(job.identity));
    query.bindValue(QStringLiteral(":target_site"), notNull(job.targetSite));
    query.bindValue(QStringLiteral(":target_path"), notNull(job.targetPath));
    query.bindValue(QStringLiteral(":remove_source"), job.removeSource ? 1 : 0);
}

TransferJob QueueStore::fromQuery(const QSqlQuery &q) const
{
    TransferJob job;
    job.id = q.value(0).toLongLong();
    job.parentId = q.value(1).toLongLong();
    job.kind = TransferJob::Kind(q.value(2).toInt());
    job.state = TransferJob::State(q.value(3).toInt());
    job.site = q.value(4).toString();
    job.remotePath = q.value(5).toString();
    job.localPath = q.value(6).toString();
    job.size = q.value(7).toLongLong();
    job.mtimeMs = q.value(8).toLongLong();
    job.targetSize = q.value(9).toLongLong();
    job.targetMtimeMs = q.value(10).toLongLong();
    job.priority = q.value(11).toInt();
    job.overwrite = TransferJob::Overwrite(q.value(12).toInt());
    job.mode = TransferJob::Mode(q.value(13).toInt());
    job.preserveTime = q.value(14).toInt() != 0;
    job.resume = q.value(15).toInt() != 0;
    job.attempts = q.value(16).toInt();
    job.notBeforeMs = q.value(17).toLongLong();
    job.bytesDone = q.value(18).toLongLong();
    job.pendingChildren = q.value(19).toInt();
    job.error = q.value(20).toString();
    job.errorKind = q.value(21).toInt();
    job.phase = q.value(22).toInt();
    job.identity = q.value(23).toString();
    job.targetSite = q.value(24).toString();
    job.targetPath = q.value(25).toString();
    job.removeSource = q.value(26).toInt() != 0;
    return job;
}

bool QueueStore::insert(QList<TransferJob> &jobs)
{
    if (jobs.isEmpty())
        return true;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    if (!db.transaction()) {
        m_error = db.lastError().text();
        return false;
    }
    for (TransferJob &job : jobs) {
        bindJob(*m_insert, job);
        if (!exec(*m_insert)) {
            db.rollback();
            return false;
        }
        job.id = m_insert->lastInsertId().toLongLong();
    }
    if (!db.commit()) {
        m_error = db.lastError().text();
        return false;
    }
    return true;
}

bool QueueStore::update(const TransferJob &job)
{
    bindJob(*m_update, job);
    m_update->bindValue(QStringLiteral(":id"), job.id);
    return exec(*m_update);
}

std::optional<TransferJob> QueueStore::job(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE id=?").arg(QLatin1String(Columns)));
    q.addBindValue(id);
    if (!exec(q) || !q.next())
        return std::nullopt;
    return fromQuery(q);
}

QList<TransferJob> QueueStore::nextRunnable(int limit, qint64 nowMs)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // INDEXED BY: walk the queue order and stop after `limit` rows; the planner would
    // otherwise pick jobs_retry and sort every queued row.
    q.prepare(QStringLiteral("SELECT %1 FROM jobs INDEXED BY jobs_next WHERE state=0 AND not_before<=? "
                             "ORDER BY priority DESC, id LIMIT ?")
                  .arg(QLatin1String(Columns)));
    q.addBindValue(nowMs);
    q.addBindValue(limit);
    return readJobs(q);
}

qint64 QueueStore::nextRetryMs(qint64 nowMs)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT min(not_before) FROM jobs WHERE state=0 AND not_before>?"));
    q.addBindValue(nowMs);
    if (!exec(q) || !q.next() || q.value(0).isNull())
        return 0;
    return q.value(0).toLongLong();
}

QList<TransferJob> QueueStore::list(qint64 offset, int limit)
{
    return page(QString(), {}, offset, limit);
}

QList<TransferJob> QueueStore::listIn(const QList<TransferJob::State> &states, qint64 afterId, int limit)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    // "+state": not through the state index, which would read every row of those states and
    // sort them; walking the ids from afterId stops after `limit` matches.
    q.prepare(QStringLiteral("SELECT %1 FROM jobs WHERE id > ? AND +state IN (%2) ORDER BY id LIMIT ?")
                  .arg(QLatin1String(Columns), stateList(states)));
    q.addBindValue(afterId);
    q.addBindValue(limit);
    return readJobs(q);
}

QList<TransferJob> QueueStore::children(qint64 parentId, qint64 offset, int limit)
{
    return page(QStringLiteral("WHERE parent = ?"), {parentId}, offset, limit);
}

// Rows in queue order (by id), `limit` of them from `offset`, filtered by `where`.
QList<TransferJob> QueueStore::page(const QString &where, const QVariantList &values, qint64 offset,
                                    int limit)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM jobs %2 ORDER BY id LIMIT ? OFFSET ?")
                  .arg(QLatin1String(Columns), where));
    for (const QVariant &value : values)
        q.addBindValue(value);
    q.addBindValue(limit);
    q.addBindValue(offset);
    return readJobs(q);
}

qint64 QueueStore::childCount(qint64 parentId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE parent = ?"));
    q.addBindValue(parentId);
    return exec(q) && q.next() ? q.value(0).toLongLong() : 0;
}

QList<TransferJob> QueueStore::readJobs(QSqlQuery &query)
{
    QList<TransferJob> jobs;
    if (!exec(query))
        return jobs;
    while (query.next())
        jobs.append(fromQuery(query));
    return jobs;
}

QList<QueueStore::Count> QueueStore::countFiles()
{
    QList<Count> counts(int(TransferJob::State::Cancelled) + 1);
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT state, count(*), total(max(size, 0)), total(bytes) FROM jobs "
                               "WHERE kind IN (0, 1, 7) OR state=6 GROUP BY state"))) {
        m_error = q.lastError().text();
        return counts;
    }
    while (q.next()) {
        const int state = q.value(0).toInt();
        if (state < 0 || state >= counts.size())
            continue;
        counts[state] = {q.value(1).toLongLong(), qint64(q.value(2).toDouble()),
                         qint64(q.value(3).toDouble())};
    }
    return counts;
}

QStringList QueueStore::pendingSites()
{
    QStringList sites;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT site FROM jobs WHERE state IN (0, 1, 2, 3) UNION SELECT target_site "
                               "FROM jobs WHERE state IN (0, 1, 2, 3) AND target_site != ''")))
        return sites;
    while (q.next())
        sites.append(q.value(0).toString());
    return sites;
}

int QueueStore::recoverInterrupted()
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE jobs SET state=0, resume=1, not_before=0 WHERE state=1"));
    if (!exec(q))
        return 0;
    return q.numRowsAffected();
}

int QueueStore::moveStates(qint64 rootId, const QList<TransferJob::State> &from, TransferJob::State to)
{
    QStringList states;
    for (TransferJob::State s : from)
        states.append(QString::number(int(s)));
    const QString reset =
        to == TransferJob::State::Queued
            ? QStringLiteral(", attempts=CASE WHEN state=5 THEN 0 ELSE attempts END, "
                             "resume=CASE WHEN state=5 THEN 1 ELSE resume END, not_before=0")
            : QString();
    QString sql;
    if (rootId == 0) {
        sql = QStringLiteral("UPDATE jobs SET state=%1%2 WHERE state IN (%3)")
                  .arg(int(to))
                  .arg(reset, states.join(QLatin1Char(',')));
    } else {
        sql = QStringLiteral("WITH RECURSIVE sub(id) AS (SELECT %1 UNION ALL SELECT jobs.id FROM jobs "
                             "JOIN sub ON jobs.parent=sub.id) "
                             "UPDATE jobs SET state=%2%3 WHERE id IN sub AND state IN (%4)")
                  .arg(rootId)
                  .arg(int(to))
                  .arg(reset, states.join(QLatin1Char(',')));
    }
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(sql)) {
        m_error = q.lastError().text();
        return 0;
    }
    return q.numRowsAffected();
}

int QueueStore::removeFinished()
{
    return removeStates(
        {TransferJob::State::Done, TransferJob::State::Skipped, TransferJob::State::Cancelled});
}

int QueueStore::removeStates(const QList<TransferJob::State> &states)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("DELETE FROM jobs WHERE state IN (%1)").arg(stateList(states)))) {
        m_error = q.lastError().text();
        return 0;
    }
    return q.numRowsAffected();
}

qint64 QueueStore::countStates(const QList<TransferJob::State> &states)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT count(*) FROM jobs WHERE state IN (%1)").arg(stateList(states))) ||
        !q.next()) {
        m_error = q.lastError().text();
        return 0;
    }
    return q.value(0).toLongLong();
}

qint64 QueueStore::countStates(const QList<TransferJob::State> &states, const QString &site)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(
        QStringLiteral("SELECT count(*) FROM jobs WHERE site = ? AND state IN (%1)").arg(stateList(states)));
    q.addBindValue(site);
    if (!exec(q) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

bool QueueStore::setSetting(const QString &key, const QString &value)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(value);
    return exec(q);
}

std::optional<QString> QueueStore::setting(const QString &key)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT value FROM settings WHERE key=?"));
    q.addBindValue(key);
    if (!exec(q) || !q.next())
        return std::nullopt;
    return q.value(0).toString();
}

qint64 QueueStore::unfinishedChildren(qint64 parentId)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT count(*) FROM jobs WHERE parent = ? AND state IN (0, 1, 2, 3)"));
    q.addBindValue(parentId);
    return exec(q) && q.next() ? q.value(0).toLongLong() : -1;
}

QList<qint64> QueueStore::waitingMoveFolders()
{
    QList<qint64> ids;
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id FROM jobs WHERE state=3 AND remove_source=1"))) {
        m_error = q.lastError().text();
        return ids;
    }
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

int QueueStore::adjustPending(qint64 parentId, int delta)
{
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("UPDATE jobs SET pending=pending+? WHERE id=?"));
    q.addBindValue(delta);
    q.addBindValue(parentId);
    if (!exec(q))
        return -1;
    q.prepare(QStringLiteral("SELECT pending FROM jobs WHERE id=?"));
    q.addBindValue(parentId);
    if (!exec(q) || !q.next())
        return -1;
    return q.value(0).toInt();
}

} // namespace ferry
