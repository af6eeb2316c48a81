#include "locallister.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QHash>
#include <QPointer>
#include <QThreadPool>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>

namespace ferry {

struct LocalLister::Shared {
    QAtomicInteger<quint64> generation = 0;
};

namespace {

// User and group names by id, looked up once per id (getpwuid per file is slow).
class IdNames {
public:
    QString user(uint id)
    {
        auto it = m_users.constFind(id);
        if (it != m_users.cend())
            return *it;
        QString name = QString::number(id);
        struct passwd pw;
        struct passwd *result = nullptr;
        char buffer[4096];
        if (getpwuid_r(id, &pw, buffer, sizeof buffer, &result) == 0 && result)
            name = QString::fromLocal8Bit(result->pw_name);
        m_users.insert(id, name);
        return name;
    }
    QString group(uint id)
    {
        auto it = m_groups.constFind(id);
        if (it != m_groups.cend())
            return *it;
        QString name = QString::number(id);
        struct group gr;
        struct group *result = nullptr;
        char buffer[4096];
        if (getgrgid_r(id, &gr, buffer, sizeof buffer, &result) == 0 && result)
            name = QString::fromLocal8Bit(result->gr_name);
        m_groups.insert(id, name);
        return name;
    }

private:
    QHash<uint, QString> m_users;
    QHash<uint, QString> m_groups;
};

QString permissionString(const QFileInfo &info)
{
    const QFile::Permissions p = info.permissions();
    QString s(10, QLatin1Char('-'));
    s[0] = info.isSymLink() ? QLatin1Char('l') : info.isDir() ? QLatin1Char('d') : QLatin1Char('-');
    const std::pair<QFile::Permission, char> bits[] = {
        {QFile::ReadOwner, 'r'}, {QFile::WriteOwner, 'w'}, {QFile::ExeOwner, 'x'},
        {QFile::ReadGroup, 'r'}, {QFile::WriteGroup, 'w'}, {QFile::ExeGroup, 'x'},
        {QFile::ReadOther, 'r'}, {QFile::WriteOther, 'w'}, {QFile::ExeOther, 'x'}};
    for (int i = 0; i < 9; ++i) {
        if (p & bits[i].first)
            s[i + 1] = QLatin1Char(bits[i].second);
    }
    return s;
}

DirEntry makeEntry(const QFileInfo &info, IdNames &ids)
{
    DirEntry e;
    e.name = info.fileName();
    e.rawName = QFile::encodeName(e.name);
    e.isLink = info.isSymLink();
    e.isDir = info.isDir(); // follows a link: a link to a folder opens as one
    if (e.isLink)
        e.target = info.symLinkTarget();
    e.size = e.isDir ? -1 : info.size();
    const QDateTime modified = info.lastModified().toUTC();
    if (modified.isValid()) {
        e.date = modified.date();
        e.time = modified.time();
        e.timePrecision = DirEntry::TimePrecision::Second;
        e.timeIsUtc = true;
    }
    e.permissions = permissionString(info);
    e.owner = ids.user(info.ownerId());
    e.group = ids.group(info.groupId());
    return e;
}

} // namespace

LocalLister::LocalLister(ListingCache *cache, QObject *parent)
    : DirectoryLister(QStringLiteral("local"), cache, parent)
    , m_shared(std::make_shared<Shared>())
{
}

LocalLister::~LocalLister()
{
    cancelListing();
}

DirEntry LocalLister::entryFor(const QString &path)
{
    IdNames ids;
    return makeEntry(QFileInfo(path), ids);
}

void LocalLister::startListing(const QString &path)
{
    const quint64 generation = ++m_shared->generation;
    const bool hidden = m_showHidden;
    QPointer<LocalLister> self(this);
    std::shared_ptr<Shared> shared = m_shared;
    QThreadPool::globalInstance()->start([self, shared, generation, path, hidden] {
        const auto current = [&] { return shared->generation.loadRelaxed() == generation; };
        const auto post = [&](auto &&f) {
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, shared, generation, f = std::forward<decltype(f)>(f)] {
                    if (self && shared->generation.loadRelaxed() == generation)
                        f(self.data());
                },
                Qt::QueuedConnection);
        };
        const QFileInfo folder(path);
        if (!folder.isDir() || !folder.isReadable()) {
            const bool exists = folder.exists();
            post([exists, path](LocalLister *lister) {
                lister->listingFailed(RemoteError(
                    exists ? RemoteError::Kind::Permission : RemoteError::Kind::NotFound,
                    exists ? tr("%1 cannot be read.").arg(path) : tr("%1 does not exist.").arg(path)));
            });
            return;
        }
        QDir::Filters filters = QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System;
        if (hidden)
            filters |= QDir::Hidden;
        QDirIterator it(path, filters);
        IdNames ids;
        QList<DirEntry> batch;
        QList<DirEntry> all;
        while (it.hasNext() && current()) {
            it.next();
            batch.append(makeEntry(it.fileInfo(), ids));
            if (batch.size() >= BatchSize) {
                all.append(batch);
                post([batch](LocalLister *lister) { lister->listingBatch(batch); });
                batch.clear();
            }
        }
        if (!current())
            return;
        all.append(batch);
        if (!batch.isEmpty())
            post([batch](LocalLister *lister) { lister->listingBatch(batch); });
        post([all](LocalLister *lister) { lister->listingDone(all); });
    });
}

void LocalLister::cancelListing()
{
    ++m_shared->generation; // the worker stops at its next entry; its posts are dropped
}

} // namespace ferry
