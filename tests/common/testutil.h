#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QString>
#include <QTimeZone>

#include <cstring>
#include <vector>

// Small helpers the integration tests share: whole-content comparisons by SHA-256 and
// reproducible random payloads.
namespace ferry::test {

inline QByteArray sha256(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// SHA-256 of a file's bytes (hex), or a "missing:" marker that never equals a digest.
inline QByteArray fileSha256(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "missing:" + QFile::encodeName(path);
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(&f);
    return hash.result().toHex();
}

// Deterministic for a seed. Filled four bytes per draw by Qt itself: a draw per byte through
// QByteArray::operator[] took seconds per 64 MiB in Debug and far longer under ASan.
inline QByteArray randomBytes(qint64 size, quint32 seed)
{
    QByteArray data(size, Qt::Uninitialized);
    QRandomGenerator gen(seed);
    const qint64 words = size / qint64(sizeof(quint32));
    std::vector<quint32> buffer(size_t(words) + 1);
    gen.fillRange(buffer.data(), qsizetype(buffer.size()));
    std::memcpy(data.data(), buffer.data(), size_t(size));
    return data;
}

// A file's modification time in ms since the epoch: set (false when it could not be) and read.
inline bool setMTimeMs(const QString &path, qint64 ms)
{
    QFile f(path);
    return f.open(QIODevice::ReadWrite) && f.setFileTime(QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()),
                                                         QFileDevice::FileModificationTime);
}

inline qint64 mtimeMs(const QString &path)
{
    return QFileInfo(path).lastModified().toMSecsSinceEpoch();
}

} // namespace ferry::test
