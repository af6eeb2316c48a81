// libFuzzer target for the site store (core/sites/sitestore.h): the bytes of a sites.json,
// parsed (SiteStore::parseDocument) and loaded from a file (SiteStore::load) in a private
// temporary directory. HOME and the XDG directories point there too, and the keychain is
// not linked into this target: nothing outside that directory is read or written.
//
// Besides crashes and sanitizer reports, a broken invariant aborts:
//   - a document that parses has only valid sites with distinct ids and "Folder/Name"s,
//     and toDocument() of them parses back to the same sites (ids included);
//   - a refused document comes with a message; "too new" only for a version above 1;
//   - load() agrees with parseDocument(): Ok with the same sites (v0 files get fresh ids),
//     TooNew (read-only: save() refuses and the file is untouched), or Corrupt with a
//     byte-identical backup, after which save() starts afresh;
//   - after a successful load, save() and a second load give the same sites; a migrated
//     file is kept as sites.json.v0.

#include "sites/sitestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ferry;

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "sitestore fuzz invariant broken: %s\n", what);
    abort();
}

QTemporaryDir *g_home = nullptr;

// tmpfs when there is one: the store saves through QSaveFile, whose fsync on a disk-backed
// /tmp costs milliseconds per run.
QString temporaryBase()
{
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    return shm.isDir() && shm.isWritable() ? shm.filePath() : QDir::tempPath();
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("<unreadable>");
}

void checkSites(const QList<SiteProfile> &sites)
{
    QSet<QUuid> ids;
    QSet<QString> paths;
    for (const SiteProfile &s : sites) {
        if (!s.validate().isEmpty())
            fail("an invalid site came out");
        if (ids.contains(s.id) || paths.contains(s.path()))
            fail("two sites share an id or a path");
        ids.insert(s.id);
        paths.insert(s.path());
    }
}

bool sameIgnoringIds(QList<SiteProfile> a, const QList<SiteProfile> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        a[i].id = b.at(i).id;
    return a == b;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // A static, so that the directory is removed when libFuzzer exits.
    static QTemporaryDir home(temporaryBase() + QLatin1String("/ferry-fuzz-sitestore-XXXXXX"));
    g_home = &home;
    if (!g_home->isValid())
        fail("no temporary directory");
    const QByteArray path = QFile::encodeName(g_home->path());
    for (const char *name :
         {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        qputenv(name, path);
    QStandardPaths::setTestModeEnabled(true);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    QString error;
    bool tooNew = true;
    int version = -2;
    const auto parsed = SiteStore::parseDocument(bytes, &error, &tooNew, &version);
    if (parsed) {
        if (tooNew)
            fail("tooNew set on success");
        checkSites(*parsed);
        const QByteArray document = SiteStore::toDocument(*parsed);
        int againVersion = -2;
        const auto again = SiteStore::parseDocument(document, &error, &tooNew, &againVersion);
        if (!again)
            fail("toDocument() of parsed sites does not parse");
        if (*again != *parsed || againVersion != SiteStore::kVersion)
            fail("toDocument() does not round-trip");
        if (SiteStore::toDocument(*again) != document)
            fail("toDocument() is not stable");
    } else {
        if (error.isEmpty())
            fail("a refused document without a message");
        if (tooNew && version <= SiteStore::kVersion)
            fail("tooNew for a version this Ferry reads");
    }

    // The same bytes as a file.
    QDir dir(g_home->path() + QLatin1String("/store"));
    dir.removeRecursively();
    if (!dir.mkpath(QStringLiteral(".")))
        fail("cannot create the store directory");
    const QString path = dir.filePath(QStringLiteral("sites.json"));
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            fail("cannot write the input file");
    }
    SiteStore store(path);
    const bool loaded = store.load(&error);
    if (loaded != bool(parsed))
        fail("load() and parseDocument() disagree");
    if (!loaded && (error.isEmpty() || error != store.lastError()))
        fail("load() failed without its message");

    if (parsed) {
        if (store.status() != SiteStore::Status::Ok)
            fail("a loaded store is not Ok");
        const bool migrated = version < SiteStore::kVersion;
        if (store.wasMigrated() != migrated)
            fail("wasMigrated() is wrong");
        if (migrated ? !sameIgnoringIds(store.sites(), *parsed) : store.sites() != *parsed)
            fail("load() gave other sites than parseDocument()");
        if (!store.save(&error))
            fail("saving a loaded store failed");
        if (migrated && readAll(path + QLatin1String(".v") + QString::number(version)) != bytes)
            fail("the migrated file was not kept byte for byte");
        SiteStore reread(path);
        if (!reread.load(&error) || reread.wasMigrated() || reread.sites() != store.sites())
            fail("a saved store does not load back the same");
    } else if (tooNew) {
        if (store.status() != SiteStore::Status::TooNew || !store.isReadOnly())
            fail("a newer file did not make the store read-only");
        if (store.save(&error))
            fail("a read-only store saved");
        if (readAll(path) != bytes || dir.entryList(QDir::Files).size() != 1)
            fail("a newer file was touched");
    } else {
        if (store.status() != SiteStore::Status::Corrupt)
            fail("a damaged file is not reported as Corrupt");
        if (store.backupPath().isEmpty() || readAll(store.backupPath()) != bytes)
            fail("the backup of a damaged file is not byte-identical");
        if (!store.sites().isEmpty() || store.isReadOnly())
            fail("a damaged file left sites or a read-only store");
        // Loading the same damaged bytes again reuses the backup instead of piling up copies.
        SiteStore second(path);
        if (second.load() || second.backupPath() != store.backupPath())
            fail("a second load of the same damaged file made another backup");
        if (!store.save(&error))
            fail("saving after a damaged file failed");
        if (readAll(store.backupPath()) != bytes)
            fail("saving touched the backup");
        SiteStore reread(path);
        if (!reread.load(&error) || !reread.sites().isEmpty())
            fail("the fresh file does not load as an empty store");
    }
    return 0;
}
