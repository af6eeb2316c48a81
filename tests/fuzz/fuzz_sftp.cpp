// libFuzzer target for the SFTP v3 codec (core/sftp/sftpprotocol.h) and the mapping of
// names to DirEntry (core/sftp/sftpentry.h): the bytes an SFTP server sends on the channel.
// Input: the raw stream; seeds in corpus/sftp/ are packets as OpenSSH's sftp-server sends
// them (VERSION with extensions, NAME, ATTRS, STATUS, DATA, HANDLE, limits).
//
// Besides crashes and sanitizer reports, a broken invariant aborts:
//   - fed at once or in pseudo-random chunks, the framer gives the same packets and the
//     same final state (a packet, waiting for more, or an error);
//   - no packet is longer than the framer's bound;
//   - every reply parser stays within the payload (a failed read never "succeeds" later);
//   - attributes that parse, written back, parse to the same values;
//   - every NAME entry maps to a DirEntry whose raw name is the name's bytes.

#include "listing/namedecoder.h"
#include "sftp/sftpentry.h"
#include "sftp/sftpprotocol.h"

#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ferry;
using namespace ferry::sftp;

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "sftp fuzz invariant broken: %s\n", what);
    abort();
}

constexpr quint32 MaxPacket = 64 * 1024; // smaller than the default: reaches the bound check

struct Outcome {
    QList<QByteArray> packets; // type byte + payload
    Framer::Result last = Framer::Result::NeedMore;
    bool operator==(const Outcome &o) const { return packets == o.packets && last == o.last; }
};

Outcome frame(const QByteArray &data, bool chunked)
{
    Framer framer(MaxPacket);
    Outcome out;
    const auto drain = [&] {
        Packet packet;
        while ((out.last = framer.next(&packet)) == Framer::Result::Packet) {
            if (packet.payload.size() + 1 > qsizetype(MaxPacket))
                fail("a packet longer than the bound");
            out.packets.append(char(packet.type) + packet.payload.toByteArray());
        }
    };
    if (!chunked) {
        framer.append(data);
        drain();
        return out;
    }
    quint32 state = 2463534242u ^ quint32(data.size());
    for (qsizetype i = 0; i < qMin<qsizetype>(data.size(), 16); ++i)
        state = state * 31 + quint8(data.at(i));
    state |= 1;
    for (qsizetype pos = 0; pos < data.size() && out.last != Framer::Result::Error;) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        const qsizetype n = qMin<qsizetype>(1 + qsizetype(state % 300), data.size() - pos);
        framer.append(QByteArrayView(data).sliced(pos, n));
        drain();
        pos += n;
    }
    return out;
}

void checkAttributes(QByteArrayView payload)
{
    Reader reader(payload);
    const Attributes a = reader.attributes();
    if (!reader.ok())
        return;
    Writer writer(Attrs);
    writer.attributes(a);
    const QByteArray written = writer.packet();
    Reader again(QByteArrayView(written).sliced(5));
    const Attributes b = again.attributes();
    const quint32 plain = a.flags & ~quint32(Attributes::HasExtended);
    if (!again.ok() || !again.atEnd() || b.flags != plain)
        fail("attributes did not survive a round trip");
    if ((plain & Attributes::HasSize) && b.size != a.size)
        fail("size changed in a round trip");
    if ((plain & Attributes::HasPermissions) && b.permissions != a.permissions)
        fail("permissions changed in a round trip");
    if ((plain & Attributes::HasTimes) && (b.mtime != a.mtime || b.atime != a.atime))
        fail("times changed in a round trip");
    a.permissionString();
}

void checkPacket(const QByteArray &packet)
{
    const QByteArrayView payload = QByteArrayView(packet).sliced(1);
    {
        Reader reader(payload);
        reader.u32(); // the id
        StatusReply status;
        readStatus(reader, &status);
    }
    {
        Reader reader(payload);
        reader.u32();
        QList<NameEntry> names;
        if (readNames(reader, &names, 4096)) {
            NameDecoder decoder({});
            for (const NameEntry &name : std::as_const(names)) {
                const DirEntry entry = sftpEntry(name, decoder);
                if (entry.rawName != name.name)
                    fail("an entry lost its raw name");
                entry.hasUnsafeName();
            }
        } else if (names.size() > 4096) {
            fail("readNames went past its bound");
        }
    }
    {
        Reader reader(payload);
        quint32 version = 0;
        QList<Extension> extensions;
        readVersion(reader, &version, &extensions);
        if (extensions.size() > 256)
            fail("too many extensions kept");
    }
    {
        Reader reader(payload);
        Limits limits;
        readLimits(reader, &limits);
    }
    {
        Reader reader(payload);
        reader.u32();
        const QByteArrayView data = reader.stringView();
        if (reader.ok() && data.size() > payload.size())
            fail("a string longer than its packet");
        if (!reader.ok() && (reader.u32() != 0 || reader.ok()))
            fail("a failed reader read again");
    }
    if (payload.size() >= 4)
        checkAttributes(payload.sliced(4));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const Outcome whole = frame(bytes, false);
    if (!(frame(bytes, true) == whole))
        fail("chunked feeding changed the packets");
    for (const QByteArray &packet : whole.packets)
        checkPacket(packet);
    return 0;
}
