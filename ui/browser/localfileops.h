#pragma once

#include "fileops.h"

#include <functional>

namespace ferry {

// FileOps on the local file system. Every operation runs on a worker thread (a folder of
// 100,000 files to delete, a disk that hangs) and reports back on the window's thread.
// Deleting goes to the desktop's trash (QFile::moveToTrash) unless `permanently`.
class LocalFileOps final : public FileOps {
    Q_OBJECT
public:
    explicit LocalFileOps(QObject *parent = nullptr);

    void makeFolder(const QString &folder, const QString &name) override;
    void makeFile(const QString &folder, const QString &name) override;
    void rename(const QString &folder, const QString &from, const QString &to) override;
    void move(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder) override;
    void remove(const QString &folder, const QList<DirEntry> &entries, bool permanently) override;
    void changePermissions(const QString &folder, const QList<DirEntry> &entries,
                           const PermissionChange &change) override;
    bool canChangePermissions() const override { return true; }
    // Copies the entries (folders with their contents; links as links) into `toFolder`; one
    // that exists there already is not replaced but reported.
    void copy(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder);
    // Reads one file's entry again (after a download into a shown folder, or a drag out that a
    // file manager may have moved) and applies it; a file that is gone leaves the folder.
    void refreshEntry(const QString &path);

    struct Result {
        QStringList errors;
        QList<DirEntry> changed; // entries of the folder, new or changed
        QStringList removed;     // names in the folder that are gone
        QString renamedFrom;
        QString renamedTo;
        QString otherFolder; // a move or a copy: what is new there
        QList<DirEntry> otherChanged;
        QString note;
    };

private:
    void run(const QString &folder, std::function<Result()> work);
};

} // namespace ferry
