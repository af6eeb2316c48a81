#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace ferry::sftp {

// SFTP version 3 on the wire (draft-ietf-secsh-filexfer-02, the version OpenSSH and
// nearly every server speak). Pure code: fed bytes, no sockets, so it is unit-tested and
// fuzzed. Every packet is `uint32 length, byte type, payload`; requests carry a uint32 id
// that the response repeats (§3), so several requests can be in flight at once.

enum PacketType : quint8 {
    Init = 1,
    Version = 2,
    Open = 3,
    Close = 4,
    Read = 5,
    Write = 6,
    Lstat = 7,
    Fstat = 8,
    Setstat = 9,
    Fsetstat = 10,
    Opendir = 11,
    Readdir = 12,
    Remove = 13,
    Mkdir = 14,
    Rmdir = 15,
    Realpath = 16,
    Stat = 17,
    Rename = 18,
    Readlink = 19,
    Symlink = 20,
    Status = 101,
    Handle = 102,
    Data = 103,
    Name = 104,
    Attrs = 105,
    Extended = 200,
    ExtendedReply = 201,
};

// SSH_FXP_STATUS codes (§7).
enum class StatusCode : quint32 {
    Ok = 0,
    Eof = 1,
    NoSuchFile = 2,
    PermissionDenied = 3,
    Failure = 4,
    BadMessage = 5,
    NoConnection = 6,
    ConnectionLost = 7,
    OpUnsupported = 8,
};

// SSH_FXP_OPEN flags (§6.3).
enum OpenFlag : quint32 {
    OpenRead = 0x01,
    OpenWrite = 0x02,
    OpenAppend = 0x04,
    OpenCreate = 0x08,
    OpenTruncate = 0x10,
    OpenExclusive = 0x20,
};

// File attributes (§5). Times are seconds since the epoch, UTC.
struct Attributes {
    enum Flag : quint32 {
        HasSize = 0x01,
        HasUidGid = 0x02,
        HasPermissions = 0x04,
        HasTimes = 0x08,
        HasExtended = 0x80000000u,
    };
    static constexpr quint32 TypeMask = 0170000;
    static constexpr quint32 TypeDirectory = 0040000;
    static constexpr quint32 TypeRegular = 0100000;
    static constexpr quint32 TypeLink = 0120000;

    quint32 flags = 0;
    quint64 size = 0;
    quint32 uid = 0;
    quint32 gid = 0;
    quint32 permissions = 0;
    quint32 atime = 0;
    quint32 mtime = 0;

    bool has(Flag flag) const { return (flags & flag) != 0; }
    quint32 fileType() const { return has(HasPermissions) ? (permissions & TypeMask) : 0; }
    bool isDirectory() const { return fileType() == TypeDirectory; }
    bool isLink() const { return fileType() == TypeLink; }
    // "drwxr-xr-x" (ls -l); empty without permissions.
    QString permissionString() const;
};

// Builds one packet: the type byte, then fields in order; packet() prefixes the length.
class Writer {
public:
    explicit Writer(quint8 type);
    Writer &u8(quint8 value);
    Writer &u32(quint32 value);
    Writer &u64(quint64 value);
    Writer &string(QByteArrayView bytes);
    Writer &attributes(const Attributes &attributes);
    quint8 type() const { return quint8(m_bytes.at(4)); }
    // The whole packet, length included. The writer is empty afterwards.
    QByteArray packet();

private:
    QByteArray m_bytes;
};

// Reads the fields of one packet's payload. A read past the end, or a string longer than
// what is left, sets !ok() and returns zero/empty from then on: the caller checks ok() once
// at the end instead of after every field.
class Reader {
public:
    explicit Reader(QByteArrayView payload)
        : m_data(payload)
    {
    }
    // The reader keeps a view: a temporary's bytes would be gone before they are read.
    explicit Reader(QByteArray &&) = delete;
    quint8 u8();
    quint32 u32();
    quint64 u64();
    QByteArray string();
    // Advances past a string and returns a view of it (valid while the payload lives).
    QByteArrayView stringView();
    Attributes attributes();
    bool ok() const { return m_ok; }
    bool atEnd() const { return m_pos == m_data.size(); }
    qsizetype remaining() const { return m_data.size() - m_pos; }

private:
    bool need(qsizetype bytes);
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    bool m_ok = true;
};

// One received packet: its type and payload (after the type byte). The payload is a view
// into the Framer's buffer, valid until the Framer is given more bytes.
struct Packet {
    quint8 type = 0;
    QByteArrayView payload;
};

// Splits the channel's byte stream into packets. A length of 0 or over maxPacketSize is a
// protocol error (a hostile or broken server must not make us allocate gigabytes).
class Framer {
public:
    static constexpr quint32 DefaultMaxPacket = 1024 * 1024;
    explicit Framer(quint32 maxPacketSize = DefaultMaxPacket)
        : m_max(maxPacketSize)
    {
    }

    enum class Result { NeedMore, Packet, Error };
    void append(QByteArrayView bytes);
    // Room for `bytes` more bytes, to be filled (e.g. straight from the channel) and then
    // committed: this saves a copy of every byte of a download.
    char *reserve(qsizetype bytes);
    void commit(qsizetype bytes) { m_size += bytes; }
    // Takes the next complete packet out of the buffer.
    Result next(Packet *packet);
    qsizetype buffered() const { return m_size - m_pos; }

private:
    QByteArray m_buffer;
    qsizetype m_size = 0; // bytes of m_buffer in use
    qsizetype m_pos = 0;  // the first byte not taken by next()
    quint32 m_max;
};

// A status response's fields.
struct StatusReply {
    StatusCode code = StatusCode::Ok;
    QString message;
};
// Parses the rest of a Status payload (after the id). False when malformed.
bool readStatus(Reader &reader, StatusReply *status);

// One NAME entry (§7): the file name bytes, OpenSSH's `ls -l` style long name, the attrs.
struct NameEntry {
    QByteArray name;
    QByteArray longName;
    Attributes attributes;
};
// Parses the rest of a Name payload (after the id); at most maxEntries (a bound against a
// hostile count). False when malformed.
bool readNames(Reader &reader, QList<NameEntry> *entries, quint32 maxEntries = 1u << 20);

// Extension pairs of the VERSION packet (§4), e.g. "posix-rename@openssh.com" -> "1".
struct Extension {
    QByteArray name;
    QByteArray data;
};
bool readVersion(Reader &reader, quint32 *version, QList<Extension> *extensions);

// The limits@openssh.com reply: maximum packet, read, write lengths and open handles (0:
// no limit stated).
struct Limits {
    quint64 maxPacket = 0;
    quint64 maxRead = 0;
    quint64 maxWrite = 0;
    quint64 maxOpenHandles = 0;
};
bool readLimits(Reader &reader, Limits *limits);

QString statusName(StatusCode code);

} // namespace ferry::sftp
