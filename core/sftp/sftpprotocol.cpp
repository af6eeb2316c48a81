#include "sftpprotocol.h"

#include <QtEndian>

#include <cstring>

namespace ferry::sftp {

QString Attributes::permissionString() const
{
    if (!has(HasPermissions))
        return {};
    QString text(10, QLatin1Char('-'));
    switch (fileType()) {
    case TypeDirectory:
        text[0] = QLatin1Char('d');
        break;
    case TypeLink:
        text[0] = QLatin1Char('l');
        break;
    case 0020000:
        text[0] = QLatin1Char('c');
        break;
    case 0060000:
        text[0] = QLatin1Char('b');
        break;
    case 0010000:
        text[0] = QLatin1Char('p');
        break;
    case 0140000:
        text[0] = QLatin1Char('s');
        break;
    default:
        break;
    }
    static const char letters[] = "rwxrwxrwx";
    for (int i = 0; i < 9; ++i) {
        if (permissions & (0400u >> i))
            text[i + 1] = QLatin1Char(letters[i]);
    }
    // setuid, setgid, sticky: s/S, s/S, t/T as ls prints them.
    const auto special = [&](int index, quint32 bit, char set, char unset) {
        if (permissions & bit)
            text[index] = QLatin1Char(text[index] == QLatin1Char('-') ? unset : set);
    };
    special(3, 04000, 's', 'S');
    special(6, 02000, 's', 'S');
    special(9, 01000, 't', 'T');
    return text;
}

Writer::Writer(quint8 type)
{
    m_bytes.reserve(64);
    m_bytes.append(4, '\0');
    m_bytes.append(char(type));
}

Writer &Writer::u8(quint8 value)
{
    m_bytes.append(char(value));
    return *this;
}

Writer &Writer::u32(quint32 value)
{
    char buffer[4];
    qToBigEndian(value, buffer);
    m_bytes.append(buffer, 4);
    return *this;
}

Writer &Writer::u64(quint64 value)
{
    char buffer[8];
    qToBigEndian(value, buffer);
    m_bytes.append(buffer, 8);
    return *this;
}

Writer &Writer::string(QByteArrayView bytes)
{
    u32(quint32(bytes.size()));
    m_bytes.append(bytes.data(), bytes.size());
    return *this;
}

Writer &Writer::attributes(const Attributes &a)
{
    // Extended attributes are never sent.
    const quint32 flags = a.flags & ~quint32(Attributes::HasExtended);
    u32(flags);
    if (flags & Attributes::HasSize)
        u64(a.size);
    if (flags & Attributes::HasUidGid)
        u32(a.uid).u32(a.gid);
    if (flags & Attributes::HasPermissions)
        u32(a.permissions);
    if (flags & Attributes::HasTimes)
        u32(a.atime).u32(a.mtime);
    return *this;
}

QByteArray Writer::packet()
{
    qToBigEndian(quint32(m_bytes.size() - 4), m_bytes.data());
    return std::exchange(m_bytes, {});
}

bool Reader::need(qsizetype bytes)
{
    if (!m_ok || bytes < 0 || m_data.size() - m_pos < bytes) {
        m_ok = false;
        return false;
    }
    return true;
}

quint8 Reader::u8()
{
    if (!need(1))
        return 0;
    return quint8(m_data[m_pos++]);
}

quint32 Reader::u32()
{
    if (!need(4))
        return 0;
    const quint32 value = qFromBigEndian<quint32>(m_data.data() + m_pos);
    m_pos += 4;
    return value;
}

quint64 Reader::u64()
{
    if (!need(8))
        return 0;
    const quint64 value = qFromBigEndian<quint64>(m_data.data() + m_pos);
    m_pos += 8;
    return value;
}

QByteArrayView Reader::stringView()
{
    const quint32 size = u32();
    if (!m_ok || !need(qsizetype(size)))
        return {};
    const QByteArrayView view = m_data.sliced(m_pos, qsizetype(size));
    m_pos += qsizetype(size);
    return view;
}

QByteArray Reader::string()
{
    return stringView().toByteArray();
}

Attributes Reader::attributes()
{
    Attributes a;
    a.flags = u32();
    if (a.has(Attributes::HasSize))
        a.size = u64();
    if (a.has(Attributes::HasUidGid)) {
        a.uid = u32();
        a.gid = u32();
    }
    if (a.has(Attributes::HasPermissions))
        a.permissions = u32();
    if (a.has(Attributes::HasTimes)) {
        a.atime = u32();
        a.mtime = u32();
    }
    if (a.has(Attributes::HasExtended)) {
        const quint32 count = u32();
        // Each pair is at least 8 bytes: a count larger than what is left is malformed.
        if (qsizetype(count) > remaining() / 8) {
            m_ok = false;
            return {};
        }
        for (quint32 i = 0; i < count && m_ok; ++i) {
            stringView();
            stringView();
        }
    }
    return m_ok ? a : Attributes{};
}

void Framer::append(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return;
    memcpy(reserve(bytes.size()), bytes.data(), size_t(bytes.size()));
    commit(bytes.size());
}

char *Framer::reserve(qsizetype bytes)
{
    // Drop what was consumed before growing, so the buffer never holds more than one
    // packet plus what arrived with it.
    if (m_pos > 0 && (m_pos == m_size || m_pos > 256 * 1024)) {
        memmove(m_buffer.data(), m_buffer.constData() + m_pos, size_t(m_size - m_pos));
        m_size -= m_pos;
        m_pos = 0;
    }
    if (m_buffer.size() < m_size + bytes)
        m_buffer.resize(m_size + bytes);
    return m_buffer.data() + m_size;
}

Framer::Result Framer::next(Packet *packet)
{
    const qsizetype available = m_size - m_pos;
    if (available < 4)
        return Result::NeedMore;
    const quint32 length = qFromBigEndian<quint32>(m_buffer.constData() + m_pos);
    if (length == 0 || length > m_max)
        return Result::Error;
    if (available - 4 < qsizetype(length))
        return Result::NeedMore;
    packet->type = quint8(m_buffer.at(m_pos + 4));
    packet->payload = QByteArrayView(m_buffer.constData() + m_pos + 5, qsizetype(length) - 1);
    m_pos += 4 + qsizetype(length);
    return Result::Packet;
}

bool readStatus(Reader &reader, StatusReply *status)
{
    status->code = StatusCode(reader.u32());
    // The message and language tag are missing in some old servers' replies: optional.
    if (reader.remaining() >= 4)
        status->message = QString::fromUtf8(reader.stringView());
    return reader.ok();
}

bool readNames(Reader &reader, QList<NameEntry> *entries, quint32 maxEntries)
{
    const quint32 count = reader.u32();
    // Each entry has at least 12 bytes (two string lengths and the attr flags).
    if (!reader.ok() || count > maxEntries || qsizetype(count) > reader.remaining() / 12)
        return false;
    entries->reserve(entries->size() + qsizetype(count));
    for (quint32 i = 0; i < count; ++i) {
        NameEntry entry;
        entry.name = reader.string();
        entry.longName = reader.string();
        entry.attributes = reader.attributes();
        if (!reader.ok())
            return false;
        entries->append(std::move(entry));
    }
    return true;
}

bool readVersion(Reader &reader, quint32 *version, QList<Extension> *extensions)
{
    *version = reader.u32();
    while (reader.ok() && !reader.atEnd() && extensions->size() < 256) {
        Extension extension;
        extension.name = reader.string();
        extension.data = reader.string();
        if (reader.ok())
            extensions->append(std::move(extension));
    }
    return reader.ok();
}

bool readLimits(Reader &reader, Limits *limits)
{
    limits->maxPacket = reader.u64();
    limits->maxRead = reader.u64();
    limits->maxWrite = reader.u64();
    limits->maxOpenHandles = reader.u64();
    return reader.ok();
}

QString statusName(StatusCode code)
{
    switch (code) {
    case StatusCode::Ok:
        return QStringLiteral("OK");
    case StatusCode::Eof:
        return QStringLiteral("EOF");
    case StatusCode::NoSuchFile:
        return QStringLiteral("NO_SUCH_FILE");
    case StatusCode::PermissionDenied:
        return QStringLiteral("PERMISSION_DENIED");
    case StatusCode::Failure:
        return QStringLiteral("FAILURE");
    case StatusCode::BadMessage:
        return QStringLiteral("BAD_MESSAGE");
    case StatusCode::NoConnection:
        return QStringLiteral("NO_CONNECTION");
    case StatusCode::ConnectionLost:
        return QStringLiteral("CONNECTION_LOST");
    case StatusCode::OpUnsupported:
        return QStringLiteral("OP_UNSUPPORTED");
    }
    return QStringLiteral("STATUS_%1").arg(quint32(code));
}

} // namespace ferry::sftp
