#pragma once

#include "remote/remoteerror.h"

#include <QFile>
#include <QString>

namespace ferry {

// The local side of a download: data goes to "<target>.part", which replaces the target
// (atomically, after fsync) only when the transfer is complete, so a good file is never
// replaced by a partial one (DESIGN.md). An interrupted part file stays for a resume.
class PartFile final {
public:
    explicit PartFile(QString targetPath);
    ~PartFile();
    PartFile(const PartFile &) = delete;
    PartFile &operator=(const PartFile &) = delete;

    static QString partPathFor(const QString &targetPath) { return targetPath + QStringLiteral(".part"); }

    // Opens the part file: appends to an existing one when `resume`, else starts empty.
    RemoteError open(bool resume);
    QIODevice *device() { return &m_file; }
    qint64 resumeOffset() const { return m_offset; }
    QString partPath() const { return m_file.fileName(); }
    QString targetPath() const { return m_target; }

    // Hands buffered data to the kernel (before reading the part file back).
    bool flush() { return m_file.flush(); }
    // Empties the part file to download from the start (a stale part larger than the source).
    RemoteError restart();
    // Flushes, syncs and renames the part file over the target.
    RemoteError commit(bool sync = true);
    // Closes after a failure: keeps a non-empty part file for a resume, removes an empty one.
    void abandon();
    bool kept() const { return m_kept; }

private:
    QString m_target;
    QFile m_file;
    qint64 m_offset = 0;
    bool m_kept = false;
};

} // namespace ferry
