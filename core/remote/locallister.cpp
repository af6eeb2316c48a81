#include "locallister.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QPointer>
#include <QThreadPool>

#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ferry {

struct LocalLister::Shared {
    QAtomicInteger<quint64> generation = 0;
};

namespace {

// The name of a user or group id from getpwuid_r / getgrgid_r, remembered; the number
// when the id has no name.
template<typename Record, typename Lookup>
QString nameOf(QHash<uint, QString> &names, uint id, Lookup lookup, char *Record::*field)
{
    auto it = names.constFind(id);
    if (it != names.cend())
        return *it;
    QString name = QString::number(id);
    Record record;
    Record *result = nullptr;
    char buffer[4096];
    if (lookup(id, &record, buffer, sizeof buffer, &result) == 0 && result)
        name = QString::fromLocal8Bit(result->*field);
    names.insert(id, name);
    return name;
}

// User and group names by id, looked up once per id (getpwuid per file is slow).
class IdNames {
public:
    QString user(uint id) { return nameOf<struct passwd>(m_users, id, getpwuid_r, &passwd::pw_name); }
    QString group(uint id) { return nameOf<struct group>(m_groups, id, getgrgid_r, &group::gr_name); }

private:
    QHash<uint, QString> m_users;
    QHash<uint, QString> m_groups;
};

// "drwxr-xr-x" for a type letter and st_mode's permission bits; the few distinct strings of
// a folder are shared between its entries.
class ModeStrings {
public:
    QString get(QChar type, mode_t mode)
    {
        const uint key = (uint(type.unicode()) << 16) | (mode & 07777);
        auto it = m_strings.constFind(key);
        if (it != m_strings.cend())
            return *it;
        QString s(10, QLatin1Char('-'));
        s[0] = type;
        static const char letters[] = "rwxrwxrwx";
        for (int i = 0; i < 9; ++i) {
            if (mode & (0400 >> i))
                s[i + 1] = QLatin1Char(letters[i]);
        }
        m_strings.insert(key, s);
        return s;
    }

private:
    QHash<uint, QString> m_strings;
};

// One entry from the folder `dir` (open) and the name as the file system has it: lstat, and
// for a link stat (what it points to decides folder or file, size and time) and readlink.
// One or two system calls per entry (QFileInfo made five: access() for each permission).
DirEntry makeEntry(int dir, const char *name, IdNames &ids, ModeStrings &modes)
{
    DirEntry e;
    e.rawName = QByteArray(name);
    e.name = QFile::decodeName(e.rawName);
    struct stat own;
    if (::fstatat(dir, name, &own, AT_SYMLINK_NOFOLLOW) != 0)
        return e; // gone meanwhile: a name without facts
    struct stat target = own;
    e.isLink = S_ISLNK(own.st_mode);
    bool resolved = true;
    if (e.isLink) {
        resolved = ::fstatat(dir, name, &target, 0) == 0;
        if (!resolved)
            target = own;
        char buffer[4096];
        const ssize_t n = ::readlinkat(dir, name, buffer, sizeof buffer);
        if (n > 0)
            e.target = QFile::decodeName(QByteArray(buffer, int(n)));
    }
    e.isDir = resolved && S_ISDIR(target.st_mode); // a link to a folder is a folder you can open
    e.size = e.isDir ? -1 : qint64(target.st_size);
    const QDateTime modified = QDateTime::fromMSecsSinceEpoch(
        qint64(target.st_mtim.tv_sec) * 1000 + target.st_mtim.tv_nsec / 1000000, Qt::UTC);
    e.date = modified.date();
    e.time = modified.time();
    e.timePrecision = DirEntry::TimePrecision::Second;
    e.timeIsUtc = true;
    const QChar type = e.isLink ? QLatin1Char('l') : e.isDir ? QLatin1Char('d') : QLatin1Char('-');
    e.permissions = modes.get(type, target.st_mode);
    e.owner = ids.user(target.st_uid);
    e.group = ids.group(target.st_gid);
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
    ModeStrings modes;
    const QFileInfo info(path);
    const int dir =
        ::open(QFile::encodeName(info.absolutePath()).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) {
        DirEntry e;
        e.name = info.fileName();
        e.rawName = QFile::encodeName(e.name);
        return e;
    }
    DirEntry e = makeEntry(dir, QFile::encodeName(info.fileName()).constData(), ids, modes);
    ::close(dir);
    return e;
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
        DIR *folder = ::opendir(QFile::encodeName(path).constData());
        if (!folder) {
            const bool exists = QFileInfo::exists(path);
            post([exists, path](LocalLister *lister) {
                lister->listingFailed(RemoteError(
                    exists ? RemoteError::Kind::Permission : RemoteError::Kind::NotFound,
                    exists ? tr("%1 cannot be read.").arg(path) : tr("%1 does not exist.").arg(path)));
            });
            return;
        }
        IdNames ids;
        ModeStrings modes;
        QList<DirEntry> batch;
        while (current()) {
            const dirent *d = ::readdir(folder);
            if (!d)
                break;
            const char *name = d->d_name;
            if (name[0] == '.' && (!hidden || name[1] == 0 || (name[1] == '.' && name[2] == 0)))
                continue;
            batch.append(makeEntry(::dirfd(folder), name, ids, modes));
            if (batch.size() >= BatchSize) {
                post([batch](LocalLister *lister) { lister->listingBatch(batch); });
                batch.clear();
            }
        }
        ::closedir(folder);
        if (!current())
            return;
        if (!batch.isEmpty())
            post([batch](LocalLister *lister) { lister->listingBatch(batch); });
        post([](LocalLister *lister) { lister->listingDone({}); }); // every entry came in batches
    });
}

void LocalLister::cancelListing()
{
    ++m_shared->generation; // the worker stops at its next entry; its posts are dropped
}

} // namespace ferry
