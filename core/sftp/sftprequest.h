#pragma once

#include "listing/direntry.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace ferry {

// What an SftpSession asks its worker to do: plain values, copied to the worker thread.
struct SftpRequest {
    enum class Kind {
        List,            // path; followLinks: also STAT links to learn what they point to
        Stat,            // path; followLinks: STAT (else LSTAT, and READLINK for a link)
        MakeDirectory,   // path; parents: mkdir -p
        RemoveFile,      // path
        RemoveDirectory, // path (empty)
        Rename,          // path -> target; overwrite: posix-rename@openssh.com when offered
        SetTime,         // path, time (modification and access time)
        Chmod,           // path, mode
        ReadLink,        // path
        Symlink,         // path (the link to create) -> target (what it points to)
        RealPath,        // path ("." for the home folder)
        Download,        // path from offset
        Upload,          // path at offset (0: created or truncated; > 0: resumed; < 0: appended)
    };
    Kind kind = Kind::Stat;
    // Every member has an initializer: calls name only the fields they use
    // ({.kind = ..., .path = ...}).
    QString path = {};
    QString target = {};
    QDateTime time = {};
    quint32 mode = 0;
    qint64 offset = 0;
    bool followLinks = true;
    bool parents = false;
    bool overwrite = false;
    bool keepUnsafeNames = false;
};

// What the worker found: which fields are set depends on the request.
struct SftpResult {
    QList<DirEntry> entries; // List
    DirEntry entry;          // Stat
    QString path;            // RealPath, ReadLink
    qint64 size = -1;        // Download: the file's size, when the server said it
};

// "~" and "~/x" with the home folder (the server's REALPATH of "."); other paths, and any
// path while the home folder is unknown, as they are.
QString resolveHomePath(const QString &path, const QString &home);

} // namespace ferry

Q_DECLARE_METATYPE(ferry::SftpRequest)
Q_DECLARE_METATYPE(ferry::SftpResult)
