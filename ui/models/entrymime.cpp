#include "entrymime.h"

#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QMimeData>
#include <QUrl>

namespace ferry::EntryMime {

namespace {

constexpr quint8 kFormatVersion = 1;

qint64 mtimeOf(const DirEntry &e)
{
    if (!e.date.isValid() || !e.timeIsUtc)
        return -1;
    return QDateTime(e.date, e.time, Qt::UTC).toMSecsSinceEpoch();
}

bool isSafeName(const QString &name)
{
    DirEntry check;
    check.name = name;
    return !name.isEmpty() && !check.hasUnsafeName();
}

QLatin1String uriListType()
{
    return QLatin1String("text/uri-list");
}

// A payload as bytes: a version, the origin and folder, then per entry its name, folder flag,
// size and time (QDataStream, Qt 6.0 format).
QByteArray serialise(const Payload &payload)
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_0);
    out << kFormatVersion << payload.origin << payload.folder << quint32(payload.entries.size());
    for (const Entry &e : payload.entries)
        out << e.name << e.isDir << e.size << e.mtimeMs;
    return bytes;
}

// The bytes of another process (or garbage): a null payload when they do not read whole.
Payload deserialise(const QByteArray &bytes)
{
    Payload p;
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_0);
    quint8 version = 0;
    quint32 count = 0;
    in >> version >> p.origin >> p.folder >> count;
    if (in.status() != QDataStream::Ok || version != kFormatVersion || count > quint32(bytes.size()))
        return {};
    p.entries.reserve(count);
    for (quint32 i = 0; i < count; ++i) {
        Entry e;
        in >> e.name >> e.isDir >> e.size >> e.mtimeMs;
        if (in.status() != QDataStream::Ok)
            return {};
        if (isSafeName(e.name))
            p.entries.append(e);
    }
    if (p.folder.isEmpty())
        return {};
    return p;
}

// The drag's data: the payload itself, its bytes and file URLs made when a reader asks.
class PayloadData final : public QMimeData {
public:
    explicit PayloadData(Payload payload)
        : m_payload(std::move(payload))
        , m_local(m_payload.origin == localOrigin())
    {
    }
    const Payload &payload() const { return m_payload; }
    QStringList formats() const override
    {
        QStringList list = QMimeData::formats();
        list.prepend(QLatin1String(kType));
        if (m_local && !m_payload.entries.isEmpty())
            list.append(uriListType());
        return list;
    }
    bool hasFormat(const QString &mimeType) const override { return formats().contains(mimeType); }

protected:
    QVariant retrieveData(const QString &mimeType, QMetaType type) const override
    {
        if (mimeType == QLatin1String(kType))
            return serialise(m_payload);
        if (mimeType == uriListType() && m_local && !m_payload.entries.isEmpty())
            return fileUrls();
        return QMimeData::retrieveData(mimeType, type);
    }

private:
    // text/uri-list (RFC 2483): one URL a line, CRLF.
    QByteArray fileUrls() const
    {
        const QDir dir(m_payload.folder);
        QByteArray list;
        for (const Entry &e : m_payload.entries)
            list += QUrl::fromLocalFile(dir.filePath(e.name)).toEncoded() + "\r\n";
        return list;
    }

    Payload m_payload;
    bool m_local;
};

} // namespace

QString localOrigin()
{
    return QStringLiteral("local");
}

QString remoteOrigin(const QString &siteKey)
{
    return QStringLiteral("remote ") + siteKey;
}

QMimeData *encode(const QString &origin, const QString &folder, const QList<DirEntry> &entries)
{
    Payload payload{origin, folder, {}};
    payload.entries.reserve(entries.size());
    for (const DirEntry &e : entries) {
        if (!e.hasUnsafeName())
            payload.entries.append({e.name, e.isDir, e.size, mtimeOf(e)});
    }
    return encode(std::move(payload));
}

QMimeData *encode(Payload payload)
{
    return new PayloadData(std::move(payload));
}

Payload decode(const QMimeData *data)
{
    if (const auto *own = dynamic_cast<const PayloadData *>(data))
        return own->payload().folder.isEmpty() ? Payload() : own->payload();
    if (!data || !data->hasFormat(QLatin1String(kType)))
        return {};
    return deserialise(data->data(QLatin1String(kType)));
}

QStringList localFiles(const QMimeData *data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile() && !url.toLocalFile().isEmpty())
            files.append(QDir::cleanPath(url.toLocalFile()));
    }
    return files;
}

} // namespace ferry::EntryMime
