#include "localfile.h"

#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace ferry {

PartFile::PartFile(QString targetPath)
    : m_target(std::move(targetPath))
    , m_file(partPathFor(m_target))
{
}

PartFile::~PartFile()
{
    if (m_file.isOpen())
        abandon();
}

RemoteError PartFile::open(bool resume)
{
    const QFileInfo target(m_target);
    if (target.exists() && !target.isFile())
        return RemoteError(
            RemoteError::Kind::LocalIo,
            QObject::tr("Cannot download to %1: it exists and is not a regular file.").arg(m_target));
    const bool append = resume && m_file.exists();
    if (!m_file.open(append ? QIODevice::WriteOnly | QIODevice::Append
                            : QIODevice::WriteOnly | QIODevice::Truncate))
        return RemoteError(RemoteError::Kind::LocalIo,
                           QObject::tr("Cannot write %1: %2").arg(m_file.fileName(), m_file.errorString()));
    m_offset = append ? m_file.size() : 0;
    return {};
}

RemoteError PartFile::restart()
{
    if (!m_file.resize(0) || !m_file.seek(0))
        return RemoteError(
            RemoteError::Kind::LocalIo,
            QObject::tr("Cannot truncate %1: %2").arg(m_file.fileName(), m_file.errorString()));
    m_offset = 0;
    return {};
}

RemoteError PartFile::commit(bool sync)
{
    if (!m_file.flush() || (sync && ::fsync(m_file.handle()) != 0)) {
        const QString reason = m_file.errorString();
        m_file.close();
        m_kept = true;
        return RemoteError(RemoteError::Kind::LocalIo,
                           QObject::tr("Cannot write %1: %2").arg(m_file.fileName(), reason));
    }
    m_file.close();
    // rename(2) replaces the target atomically: readers see the old file or the new one.
    if (::rename(QFile::encodeName(m_file.fileName()).constData(), QFile::encodeName(m_target).constData()) !=
        0) {
        m_kept = true;
        return RemoteError(
            RemoteError::Kind::LocalIo,
            QObject::tr("Cannot rename %1 to %2: %3")
                .arg(m_file.fileName(), m_target, QString::fromLocal8Bit(std::strerror(errno))));
    }
    return {};
}

void PartFile::abandon()
{
    m_file.close();
    if (m_file.size() == 0) {
        m_file.remove();
        m_kept = false;
    } else {
        m_kept = true;
    }
}

} // namespace ferry
