// libFuzzer target for the FileZilla importer (core/sites/filezillaimport.h): the bytes of
// a sitemanager.xml. FileZillaImport::parse is pure: the passwords it finds come back in
// the result (the CLI and the GUI move them into the keychain), so this target needs no
// keychain and does not link it; HOME and the XDG directories point to a private
// temporary directory all the same.
//
// Besides crashes and sanitizer reports, a broken invariant aborts:
//   - a refused document comes with a message;
//   - imported sites are valid, with distinct ids and "Folder/Name"s, so that they can go
//     into a SiteStore as they are, and survive its JSON (toDocument/parseDocument);
//   - passwords belong to imported sites that store one (normal/account logons), and are
//     never empty;
//   - decodeRemotePath() (also fed the raw input) gives "" or a path with a separator
//     ('/', or '\\' for DOS).

#include "sites/filezillaimport.h"
#include "sites/sitestore.h"

#include <QDir>
#include <QFile>
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
    fprintf(stderr, "filezilla fuzz invariant broken: %s\n", what);
    abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    // A static, so that the directory is removed when libFuzzer exits.
    static QTemporaryDir home(QDir::tempPath() + QLatin1String("/ferry-fuzz-filezilla-XXXXXX"));
    if (!home.isValid())
        fail("no temporary directory");
    const QByteArray path = QFile::encodeName(home.path());
    for (const char *name :
         {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR"})
        qputenv(name, path);
    QStandardPaths::setTestModeEnabled(true);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));

    const QString remote = FileZillaImport::decodeRemotePath(QString::fromUtf8(bytes));
    if (!remote.isEmpty() && !remote.contains(QLatin1Char('/')) && !remote.contains(QLatin1Char('\\')))
        fail("decodeRemotePath() gave a path without a separator");

    QString error;
    const auto result = FileZillaImport::parse(bytes, &error);
    if (!result) {
        if (error.isEmpty())
            fail("a refused document without a message");
        return 0;
    }

    QSet<QUuid> ids;
    QSet<QString> paths;
    for (const SiteProfile &s : result->sites) {
        if (!s.validate().isEmpty())
            fail("an imported site is not valid");
        if (ids.contains(s.id) || paths.contains(s.path()))
            fail("two imported sites share an id or a path");
        ids.insert(s.id);
        paths.insert(s.path());
    }
    for (auto it = result->passwords.cbegin(); it != result->passwords.cend(); ++it) {
        if (!ids.contains(it.key()))
            fail("a password for a site that was not imported");
        if (it.value().isEmpty())
            fail("an empty password");
        for (const SiteProfile &s : result->sites) {
            if (s.id == it.key() && !s.storesPassword())
                fail("a password for a site that does not store one");
        }
    }

    // What `ferry-cli sites import-filezilla` does next: add them to a store and save.
    const QByteArray document = SiteStore::toDocument(result->sites);
    const auto again = SiteStore::parseDocument(document, &error);
    if (!again)
        fail("imported sites do not survive sites.json");
    if (*again != result->sites)
        fail("imported sites changed through sites.json");
    return 0;
}
