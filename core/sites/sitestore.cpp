#include "sitestore.h"

#include "privatefile.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>
#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcSites, "ferry.sites", QtWarningMsg)

namespace ferry {

namespace {

constexpr qint64 kMaxFileSize = 16 * 1024 * 1024; // thousands of sites fit in far less

struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::SiteStore)
};

// A JSON number is a double: 2.5, 1e10 or 70000 must not pass for an int or a port.
bool isWholeNumberIn(double value, double lowest, double highest)
{
    return value == std::floor(value) && value >= lowest && value <= highest;
}

} // namespace

SiteStore::SiteStore(QString filePath)
    : m_path(std::move(filePath))
{
}

QString SiteStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QLatin1String("/ferry/sites.json");
}

// Version 0 (Ferry before the site manager had ids): {"sites": [{"name", "host", "port",
// "user", "group": "Work/Clients", "tls": "none"|"explicit"|"implicit"|"try", "passive": bool,
// "encoding"}]}. No ids: each site gets a new one (no keychain entries existed yet).
QList<SiteProfile> SiteStore::migrateV0(const QJsonArray &sites, QStringList *problems)
{
    QList<SiteProfile> result;
    for (const QJsonValue &value : sites) {
        const QJsonObject o = value.toObject();
        SiteProfile s;
        s.name = o.value(QLatin1String("name")).toString().replace(QLatin1Char('/'), QLatin1Char('-'));
        s.folder = SiteProfile::normalizeFolder(o.value(QLatin1String("group")).toString());
        s.host = o.value(QLatin1String("host")).toString();
        // "explicit" and "implicit" name FTPS; "none" and "try" are the older words of the
        // TLS vocabulary (parseTlsPolicy) for plain FTP and FTP with TLS when offered.
        const QString tls = o.value(QLatin1String("tls")).toString(QStringLiteral("explicit"));
        const std::optional<TlsPolicy> ftpPolicy = parseTlsPolicy(tls);
        if (tls == QLatin1String("implicit")) {
            s.protocol = SiteProfile::Protocol::FtpsImplicit;
        } else if (ftpPolicy && *ftpPolicy != TlsPolicy::Require) {
            s.protocol = SiteProfile::Protocol::Ftp;
            s.tlsPolicy = *ftpPolicy;
        } else {
            s.protocol = SiteProfile::Protocol::FtpsExplicit;
        }
        // A whole number in range, not quint16(70000) == 4464.
        const double port = o.value(QLatin1String("port")).toDouble(defaultPort(s.protocol));
        if (!isWholeNumberIn(port, 1, 65535)) {
            problems->append(Text::tr("The site \"%1\" has an invalid port.").arg(s.name));
            continue;
        }
        s.port = quint16(port);
        s.user = o.value(QLatin1String("user")).toString();
        s.logonType = s.user.isEmpty() ? SiteProfile::LogonType::Anonymous : SiteProfile::LogonType::Normal;
        if (o.contains(QLatin1String("passive")))
            s.transferMode = o.value(QLatin1String("passive")).toBool() ? SiteProfile::TransferMode::Passive
                                                                        : SiteProfile::TransferMode::Active;
        s.charset = o.value(QLatin1String("encoding")).toString(QStringLiteral("auto"));
        if (const QString problem = s.validate(); !problem.isEmpty()) {
            problems->append(problem);
            continue;
        }
        result.append(s);
    }
    return result;
}

QStringList SiteStore::parseFolders(const QJsonValue &value, QStringList *problems)
{
    QStringList folders;
    if (value.isUndefined())
        return folders;
    if (!value.isArray()) {
        problems->append(Text::tr("\"folders\" is not a list."));
        return folders;
    }
    for (const QJsonValue &v : value.toArray()) {
        const QString folder = SiteProfile::normalizeFolder(v.toString());
        if (!v.isString() || folder.isEmpty())
            problems->append(Text::tr("A folder entry is not a folder's path."));
        else if (!folders.contains(folder))
            folders.append(folder);
    }
    return folders;
}

std::optional<QList<SiteProfile>> SiteStore::parseDocument(const QByteArray &data, QString *error,
                                                           bool *tooNew, int *fromVersion, bool readNewer,
                                                           QStringList *folders)
{
    auto failWith = [error](const QString &message) -> std::optional<QList<SiteProfile>> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    if (tooNew)
        *tooNew = false;
    if (folders)
        folders->clear();
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failWith(
            Text::tr("Not valid JSON: %1 (at byte %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!doc.isObject())
        return failWith(Text::tr("Not a Ferry sites file: the top level is not an object."));
    const QJsonObject root = doc.object();
    const QJsonValue versionValue = root.value(QLatin1String("version"));
    if (!versionValue.isUndefined() && !versionValue.isDouble())
        return failWith(Text::tr("Not a Ferry sites file: \"version\" is not a number."));
    // A whole number: 2.5 or 1e10 is not "version 0" (toInt() would say so).
    const double versionNumber = versionValue.toDouble(0);
    if (!isWholeNumberIn(versionNumber, 0, 1e6))
        return failWith(Text::tr("Not a Ferry sites file: invalid version %1.").arg(versionNumber));
    const int version = int(versionNumber);
    if (fromVersion)
        *fromVersion = version;
    if (version > kVersion) {
        if (tooNew)
            *tooNew = true;
        const QString newer =
            Text::tr("The sites file was written by a newer Ferry (version %1; this one reads up to %2).")
                .arg(version)
                .arg(kVersion);
        if (!readNewer)
            return failWith(newer);
        // What this version understands, to read: a site it cannot read is left out.
        QList<SiteProfile> sites;
        for (const QJsonValue &v : root.value(QLatin1String("sites")).toArray()) {
            QString ignored;
            if (auto site = v.isObject() ? SiteProfile::fromJson(v.toObject(), &ignored) : std::nullopt)
                sites.append(*site);
        }
        QStringList unread;
        if (folders)
            *folders = parseFolders(root.value(QLatin1String("folders")), &unread);
        if (error)
            *error = newer;
        return sites;
    }
    if (version < 0)
        return failWith(Text::tr("Not a Ferry sites file: invalid version %1.").arg(version));
    const QJsonValue sitesValue = root.value(QLatin1String("sites"));
    if (!sitesValue.isArray())
        return failWith(Text::tr("Not a Ferry sites file: \"sites\" is missing or not a list."));
    QStringList problems;
    QList<SiteProfile> sites;
    if (version == 0) {
        sites = migrateV0(sitesValue.toArray(), &problems);
    } else {
        for (const QJsonValue &v : sitesValue.toArray()) {
            QString problem;
            if (!v.isObject()) {
                problems << Text::tr("A site entry is not an object.");
                continue;
            }
            if (auto site = SiteProfile::fromJson(v.toObject(), &problem))
                sites.append(*site);
            else
                problems << problem;
        }
    }
    const QStringList kept = parseFolders(root.value(QLatin1String("folders")), &problems);
    // Two entries with one id would share a keychain entry; two with one path could not be
    // told apart by "Folder/Name".
    QSet<QUuid> ids;
    QSet<QString> paths;
    for (const SiteProfile &site : std::as_const(sites)) {
        if (ids.contains(site.id))
            problems << Text::tr("Two sites have the id %1.").arg(site.id.toString(QUuid::WithoutBraces));
        if (paths.contains(site.path()))
            problems << Text::tr("Two sites are named \"%1\".").arg(site.path());
        ids.insert(site.id);
        paths.insert(site.path());
    }
    // One broken entry must not lose the others; but a file with broken entries is not
    // rewritten silently either, so it counts as corrupt (the caller keeps a copy).
    if (!problems.isEmpty())
        return failWith(Text::tr("Some sites could not be read: %1").arg(problems.join(QLatin1String("; "))));
    if (folders)
        *folders = kept;
    return sites;
}

QByteArray SiteStore::toDocument(const QList<SiteProfile> &sites, const QStringList &folders)
{
    QJsonArray array;
    for (const SiteProfile &s : sites)
        array.append(s.toJson());
    QJsonObject root;
    root.insert(QLatin1String("version"), kVersion);
    root.insert(QLatin1String("sites"), array);
    if (!folders.isEmpty()) // a file without kept folders reads as before, in any version
        root.insert(QLatin1String("folders"), QJsonArray::fromStringList(folders));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool SiteStore::load(QString *error)
{
    m_sites.clear();
    m_baseline.clear();
    m_folders.clear();
    m_baselineFolders.clear();
    m_lastBytes.clear();
    m_status = Status::Ok;
    m_lastError.clear();
    m_backupPath.clear();
    m_migratedFrom = -1;
    auto report = [&](Status status, const QString &message) {
        qCInfo(lcSites).noquote() << message;
        m_status = status;
        m_lastError = message;
        if (error)
            *error = message;
        return false;
    };
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly))
        return report(Status::Unreadable, Text::tr("Cannot read %1: %2").arg(m_path, file.errorString()));
    if (file.size() > kMaxFileSize)
        return report(Status::Unreadable, Text::tr("%1 is too large to be a sites file.").arg(m_path));
    const QByteArray data = file.readAll();
    file.close();
    QString problem;
    bool tooNew = false;
    int version = kVersion;
    QStringList folders;
    const auto sites = parseDocument(data, &problem, &tooNew, &version, true, &folders);
    m_lastBytes = data;
    if (tooNew) {
        m_sites = sites.value_or(QList<SiteProfile>());
        m_baseline = m_sites;
        m_folders = m_baselineFolders = folders;
        return report(Status::TooNew, Text::tr("%1: %2 Ferry will not change it.").arg(m_path, problem));
    }
    if (!sites) {
        // Keep the damaged file next to the new one; the user may want to repair it. Until
        // it is replaced, every load sees the same bytes: reuse the copy made before.
        const QFileInfo info(m_path);
        QString backup;
        const QStringList earlier =
            info.dir().entryList({info.fileName() + QLatin1String(".corrupt-*")}, QDir::Files, QDir::Name);
        for (const QString &name : earlier) {
            QFile old(info.dir().filePath(name));
            if (old.size() == data.size() && old.open(QIODevice::ReadOnly) && old.readAll() == data) {
                backup = old.fileName();
                break;
            }
        }
        const QString stem = m_path + QLatin1String(".corrupt-") +
                             QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        for (int n = 1; backup.isEmpty() && n < 100; ++n) {
            const QString candidate = n == 1 ? stem : stem + QLatin1Char('-') + QString::number(n);
            if (!QFile::exists(candidate) && QFile::copy(m_path, candidate))
                backup = candidate;
        }
        if (backup.isEmpty())
            return report(Status::Unreadable,
                          Text::tr("%1 is damaged (%2) and could not be backed up; Ferry will not change it.")
                              .arg(m_path, problem));
        m_backupPath = backup;
        return report(Status::Corrupt,
                      Text::tr("%1 is damaged (%2). A copy was kept as %3; starting with no sites.")
                          .arg(m_path, problem, backup));
    }
    m_sites = *sites;
    m_baseline = m_sites;
    m_folders = m_baselineFolders = folders;
    if (version < kVersion)
        m_migratedFrom = version;
    qCDebug(lcSites) << "loaded" << m_sites.size() << "sites from" << m_path << "version" << version;
    return true;
}

bool SiteStore::save(QString *error)
{
    auto failWith = [error](const QString &message) {
        if (error)
            *error = message;
        return false;
    };
    if (isReadOnly())
        return failWith(Text::tr("Not saving sites: %1").arg(m_lastError));
    QString problem;
    if (!makePrivateFolderFor(m_path, &problem))
        return failWith(problem);
    QLockFile lock(m_path + QLatin1String(".lock"));
    lock.setStaleLockTime(30000); // a writer that died holding it
    if (!lock.tryLock(kLockTimeoutMs))
        return failWith(
            Text::tr("Cannot save %1: another program keeps it locked (%2.lock).").arg(m_path, m_path));
    QList<SiteProfile> merged = m_sites;
    QStringList mergedKept = m_folders;
    // A migrated (version 0) file gets new ids at each read and a damaged one cannot be
    // read: in both cases what this store holds is written as it is.
    if (m_migratedFrom < 0) {
        QFile file(m_path);
        if (file.open(QIODevice::ReadOnly) && file.size() <= kMaxFileSize) {
            const QByteArray data = file.readAll();
            bool tooNew = false;
            QString parseError;
            QStringList diskFolders = m_baselineFolders;
            const auto disk = data == m_lastBytes
                                  ? std::optional(m_baseline)
                                  : parseDocument(data, &parseError, &tooNew, nullptr, false, &diskFolders);
            if (tooNew)
                return failWith(Text::tr("Not saving sites: %1").arg(parseError));
            if (disk) {
                merged = mergedWith(*disk);
                mergedKept = mergedFolders(diskFolders);
            }
        }
    }
    if (m_migratedFrom >= 0) {
        const QString old = m_path + QLatin1String(".v") + QString::number(m_migratedFrom);
        if (!QFile::exists(old) && !QFile::copy(m_path, old))
            return failWith(Text::tr("Cannot keep a copy of the old sites file as %1.").arg(old));
    }
    const QByteArray bytes = toDocument(merged, mergedKept);
    if (!savePrivateFile(m_path, bytes, &problem))
        return failWith(Text::tr("Cannot save %1: %2").arg(m_path, problem));
    m_sites = merged;
    m_baseline = merged;
    m_folders = m_baselineFolders = mergedKept;
    m_lastBytes = bytes;
    m_migratedFrom = -1;
    if (m_status == Status::Corrupt)
        m_status = Status::Ok; // the damaged file lives on as backupPath()
    return true;
}

bool SiteStore::reload(QString *error)
{
    QFile file(m_path);
    QByteArray data;
    if (file.exists()) {
        if (!file.open(QIODevice::ReadOnly) || file.size() > kMaxFileSize) {
            if (error)
                *error = Text::tr("Cannot read %1: %2").arg(m_path, file.errorString());
            return false;
        }
        data = file.readAll();
    }
    if (data == m_lastBytes)
        return false;
    QList<SiteProfile> disk;
    QStringList diskFolders;
    if (!data.isEmpty()) {
        QString problem;
        const auto parsed = parseDocument(data, &problem, nullptr, nullptr, false, &diskFolders);
        if (!parsed) {
            if (error)
                *error = problem;
            return false;
        }
        disk = *parsed;
    }
    const QList<SiteProfile> merged = mergedWith(disk);
    const QStringList mergedKept = mergedFolders(diskFolders);
    m_lastBytes = data;
    m_baseline = disk;
    m_baselineFolders = diskFolders;
    const bool changed = merged != m_sites || mergedKept != m_folders;
    m_sites = merged;
    m_folders = mergedKept;
    return changed;
}

QList<SiteProfile> SiteStore::mergedWith(const QList<SiteProfile> &disk) const
{
    QList<SiteProfile> result = disk;
    const auto indexIn = [](const QList<SiteProfile> &list, const QUuid &id) -> qsizetype {
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (list.at(i).id == id)
                return i;
        }
        return -1;
    };
    // Removed here since the baseline: removed there too.
    for (const SiteProfile &old : m_baseline) {
        if (indexIn(m_sites, old.id) < 0)
            result.removeIf([&](const SiteProfile &s) { return s.id == old.id; });
    }
    // Added or changed here: this version wins. Unchanged ones stay as the disk has them
    // (changed, or removed, by the other writer).
    for (const SiteProfile &mine : m_sites) {
        const qsizetype base = indexIn(m_baseline, mine.id);
        if (base >= 0 && m_baseline.at(base) == mine)
            continue;
        SiteProfile site = mine;
        // Two writers may have picked the same "Folder/Name" for different sites.
        const bool taken = std::any_of(result.cbegin(), result.cend(), [&](const SiteProfile &s) {
            return s.id != site.id && s.folder == site.folder && s.name == site.name;
        });
        if (taken) {
            SiteStore names(QString{});
            names.m_sites = result;
            site.name = names.uniqueName(site.folder, site.name);
        }
        if (const qsizetype at = indexIn(result, site.id); at >= 0)
            result[at] = site;
        else
            result.append(site);
    }
    return result;
}

QStringList SiteStore::mergedFolders(const QStringList &disk) const
{
    QStringList result = disk;
    for (const QString &old : m_baselineFolders) {
        if (!m_folders.contains(old))
            result.removeAll(old); // deleted here
    }
    for (const QString &mine : m_folders) {
        if (!m_baselineFolders.contains(mine) && !result.contains(mine))
            result.append(mine); // made here
    }
    return result;
}

bool SiteStore::addFolder(const QString &path)
{
    const QString folder = SiteProfile::normalizeFolder(path);
    if (folder.isEmpty() || m_folders.contains(folder))
        return false;
    m_folders.append(folder);
    return true;
}

bool SiteStore::removeFolder(const QString &path)
{
    return m_folders.removeAll(SiteProfile::normalizeFolder(path)) > 0;
}

std::optional<SiteProfile> SiteStore::findById(const QUuid &id) const
{
    for (const SiteProfile &s : m_sites) {
        if (s.id == id)
            return s;
    }
    return std::nullopt;
}

std::optional<SiteProfile> SiteStore::findByPath(const QString &folderSlashName) const
{
    const qsizetype slash = folderSlashName.lastIndexOf(QLatin1Char('/'));
    const QString folder = SiteProfile::normalizeFolder(slash < 0 ? QString() : folderSlashName.left(slash));
    const QString name = folderSlashName.mid(slash + 1);
    for (const SiteProfile &s : m_sites) {
        if (s.folder == folder && s.name == name)
            return s;
    }
    return std::nullopt;
}

QList<SiteProfile> SiteStore::findByName(const QString &name) const
{
    QList<SiteProfile> result;
    for (const SiteProfile &s : m_sites) {
        if (s.name == name)
            result.append(s);
    }
    return result;
}

std::optional<SiteProfile> SiteStore::find(const QString &nameOrPath, QString *error) const
{
    if (auto site = findByPath(nameOrPath))
        return site;
    const QList<SiteProfile> named = findByName(nameOrPath);
    if (named.size() == 1)
        return named.first();
    if (error) {
        if (named.isEmpty()) {
            *error = Text::tr("No site named \"%1\".").arg(nameOrPath);
        } else {
            QStringList paths;
            for (const SiteProfile &s : named)
                paths << s.path();
            *error = Text::tr("Several sites are named \"%1\"; use one of: %2")
                         .arg(nameOrPath, paths.join(QLatin1String(", ")));
        }
    }
    return std::nullopt;
}

bool SiteStore::add(const SiteProfile &site, QString *error)
{
    if (const QString problem = site.validate(); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    for (const SiteProfile &s : m_sites) {
        if (s.id == site.id || (s.folder == site.folder && s.name == site.name)) {
            if (error)
                *error = Text::tr("A site \"%1\" already exists.").arg(site.path());
            return false;
        }
    }
    m_sites.append(site);
    return true;
}

bool SiteStore::update(const SiteProfile &site, QString *error)
{
    if (const QString problem = site.validate(); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    qsizetype index = -1;
    for (qsizetype i = 0; i < m_sites.size(); ++i) {
        const SiteProfile &s = m_sites.at(i);
        if (s.id == site.id)
            index = i;
        else if (s.folder == site.folder && s.name == site.name) {
            if (error)
                *error = Text::tr("A site \"%1\" already exists.").arg(site.path());
            return false;
        }
    }
    if (index < 0) {
        if (error)
            *error = Text::tr("No such site.");
        return false;
    }
    m_sites[index] = site;
    return true;
}

bool SiteStore::remove(const QUuid &id)
{
    return m_sites.removeIf([&](const SiteProfile &s) { return s.id == id; }) > 0;
}

QString SiteStore::uniqueName(const QString &folder, const QString &name) const
{
    QString candidate = name;
    for (int n = 2; findByPath(folder.isEmpty() ? candidate : folder + QLatin1Char('/') + candidate); ++n)
        candidate = name + QStringLiteral(" (%1)").arg(n);
    return candidate;
}

} // namespace ferry
