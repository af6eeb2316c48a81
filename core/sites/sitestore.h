#pragma once

#include "siteprofile.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace ferry {

// The site manager's bookmarks: a versioned, human-readable JSON file
// ({"version": 1, "sites": [...]}) written atomically (QSaveFile). Passwords never go
// here: CredentialStore keeps them in the system keychain, keyed by SiteProfile::id.
//
// A file that cannot be read as sites is never silently lost:
// - corrupt (not JSON, wrong shape): load() copies it to "<file>.corrupt-<yyyyMMdd-HHmmss>",
//   reports the error and starts empty; the next save() writes a fresh file (the copy
//   stays for the user to repair).
// - from a newer Ferry (version > 1): load() reports it and reads the sites it understands,
//   and the store becomes read-only: save() refuses, since writing version 1 would drop
//   what the newer version added.
// Older files (version 0: no "version" key, no ids) are migrated in memory; the first
// save() keeps the original as "<file>.v0".
//
// Several writers (the window, ferry-cli, a second window) share the file: save() takes a
// lock file ("<file>.lock", QLockFile) and merges by site id with what is on disk now. The
// sites this store changed, added or removed since it last loaded or saved win; every other
// site is taken from the disk, so an edit made by another writer in between is kept.
// reload() merges the same way without writing (SiteStoreWatcher calls it on a change).
//
// Folders exist through the sites in them, and through "folders": the folders the user
// made, kept even while no site is in them (the Site Manager's New Folder). An optional
// key of version 1, written only when there are such folders: older files read as
// before, and an older Ferry reads the sites and ignores it. They merge like sites, by
// path: a folder added or removed here since the last load or save is added or removed on
// disk; every other folder is taken from the disk.
class SiteStore final {
public:
    static constexpr int kVersion = 1;
    enum class Status { Ok, Corrupt, TooNew, Unreadable };

    explicit SiteStore(QString filePath);

    static QString defaultPath(); // <config>/ferry/sites.json
    QString filePath() const { return m_path; }

    // Reads the file (a missing file is an empty store). False with *error on a problem;
    // status(), lastError() and backupPath() tell the UI what happened.
    bool load(QString *error = nullptr);
    // Under the lock: reads the file, merges (see above), writes it. False with *error
    // when the file is locked for longer than kLockTimeoutMs or cannot be written.
    bool save(QString *error = nullptr);
    // Merges what the file holds now with this store's unsaved changes. Returns whether
    // sites() changed; false (and *error) when the file cannot be read as sites (nothing is
    // changed then). A file with the same bytes as the last load or save changes nothing.
    bool reload(QString *error = nullptr);
    static constexpr int kLockTimeoutMs = 5000;

    Status status() const { return m_status; }
    QString lastError() const { return m_lastError; }
    QString backupPath() const { return m_backupPath; } // the .corrupt-* copy, if one was made
    bool isReadOnly() const { return m_status == Status::TooNew || m_status == Status::Unreadable; }
    bool wasMigrated() const { return m_migratedFrom >= 0; }

    const QList<SiteProfile> &sites() const { return m_sites; }
    // The folders kept even when empty ("Work/Clients"), normalized, each once.
    const QStringList &folders() const { return m_folders; }
    // In memory, as add() and remove(); false when it is there already (or not there).
    bool addFolder(const QString &path);
    bool removeFolder(const QString &path);
    std::optional<SiteProfile> findById(const QUuid &id) const;
    std::optional<SiteProfile> findByPath(const QString &folderSlashName) const;
    // Every site with this name, in any folder.
    QList<SiteProfile> findByName(const QString &name) const;
    // "Folder/Name" first, then a name that is unique across folders; else nullopt and
    // *error (not found, or ambiguous with the candidates' paths).
    std::optional<SiteProfile> find(const QString &nameOrPath, QString *error) const;

    // In memory; call save() to keep. add/update refuse an invalid profile or a second site
    // with the same "Folder/Name".
    bool add(const SiteProfile &site, QString *error);
    bool update(const SiteProfile &site, QString *error);
    bool remove(const QUuid &id);
    // "Name", "Name (2)", ... free in `folder`.
    QString uniqueName(const QString &folder, const QString &name) const;

    // Ferry's own exchange format: the same JSON as the file, passwords never included.
    static QByteArray toDocument(const QList<SiteProfile> &sites, const QStringList &folders = {});
    // Parses (and migrates) a document. nullopt and *error when it cannot be read; *tooNew
    // tells a newer version apart from corruption. With `readNewer`, a newer document gives
    // the sites this version understands (for reading only), *tooNew and *error set.
    // `folders` (if given) receives the kept folders.
    static std::optional<QList<SiteProfile>> parseDocument(const QByteArray &data, QString *error,
                                                           bool *tooNew = nullptr, int *fromVersion = nullptr,
                                                           bool readNewer = false,
                                                           QStringList *folders = nullptr);

private:
    // The sites of `disk` with this store's changes since `m_baseline` applied on top.
    QList<SiteProfile> mergedWith(const QList<SiteProfile> &disk) const;
    // The same for the kept folders.
    QStringList mergedFolders(const QStringList &disk) const;
    static QStringList parseFolders(const QJsonValue &value, QStringList *problems);
    static QList<SiteProfile> migrateV0(const QJsonArray &sites, QStringList *problems);
    QString m_path;
    QList<SiteProfile> m_sites;
    Status m_status = Status::Ok;
    QString m_lastError;
    QString m_backupPath;
    int m_migratedFrom = -1;
    QList<SiteProfile> m_baseline; // the sites as last loaded or saved: what changed is the rest
    QStringList m_folders;
    QStringList m_baselineFolders;
    QByteArray m_lastBytes; // the file's bytes then
};

} // namespace ferry
