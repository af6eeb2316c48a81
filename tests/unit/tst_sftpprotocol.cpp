// The pure parts of SFTP: the v3 packet codec (writer, reader, framer, replies), the
// mapping of attributes to DirEntry, known_hosts matching (plain, [host]:port, hashed,
// changed, revoked) and Ferry's store, fingerprints as ssh prints them, and the question
// objects.
#include "listing/namedecoder.h"
#include "remote/secretrequest.h"
#include "sftp/hostkeyrequest.h"
#include "sftp/knownhosts.h"
#include "sftp/sftpentry.h"
#include "sftp/sftpprotocol.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ferry;
using namespace ferry::sftp;

namespace {

// Two real ed25519 public keys and their fingerprints as `ssh-keygen -lf` printed them.
const QByteArray KeyA = "AAAAC3NzaC1lZDI1NTE5AAAAIPDH20+0ErOmMb5P6A6Yc9eWnRD0vzeJZBNXLRO7zK4o";
const QByteArray KeyAFingerprint = "SHA256:Gu/cCUANDlR/hU6Cf/zxZJ6Na1cjXg86FBv2Dc4SNrY";
const QByteArray KeyB = "AAAAC3NzaC1lZDI1NTE5AAAAII7rMweapPqQXOFewjF8TwwBCceDbb9BmONFSc+xtLpc";
const QByteArray KeyBFingerprint = "SHA256:DyafBt32QHIKSdE/T6EsAtsXKTVP+M/09nghHuOxwwE";
// "[127.0.0.1]:2222" hashed the way ssh does (HMAC-SHA1 with the salt "0123456789abcdefghij").
const QByteArray HashedHost = "|1|MDEyMzQ1Njc4OWFiY2RlZmdoaWo=|kjl9J932vxVxCmU2IfKMefPFSKM=";

HostKey keyA()
{
    return {"ssh-ed25519", QByteArray::fromBase64(KeyA)};
}

HostKey keyB()
{
    return {"ssh-ed25519", QByteArray::fromBase64(KeyB)};
}

QByteArray payloadOf(QByteArray packet)
{
    return packet.mid(5); // length and type
}

} // namespace

class TestSftpProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void writerAndReader();
    void readerBounds();
    void attributesRoundTrip_data();
    void attributesRoundTrip();
    void extendedAttributesSkipped();
    void framer();
    void framerRejectsBadLengths();
    void replies();
    void permissionString_data();
    void permissionString();
    void entries();
    void fingerprints();
    void normalizeFingerprint_data();
    void normalizeFingerprint();
    void knownHosts();
    void knownHostsStore();
    void questions();
};

void TestSftpProtocol::writerAndReader()
{
    Writer writer(Read);
    writer.u32(7).string("handle").u64(0x0102030405060708ull).u32(32768).u8(9);
    const QByteArray packet = writer.packet();
    QCOMPARE(packet.size(), 4 + 1 + 4 + (4 + 6) + 8 + 4 + 1);
    QCOMPARE(packet.left(5), QByteArray("\x00\x00\x00\x1c\x05", 5));
    const QByteArray readerPayload = payloadOf(packet);
    Reader reader(readerPayload);
    QCOMPARE(reader.u32(), 7u);
    QCOMPARE(reader.string(), QByteArray("handle"));
    QCOMPARE(reader.u64(), 0x0102030405060708ull);
    QCOMPARE(reader.u32(), 32768u);
    QCOMPARE(reader.u8(), quint8(9));
    QVERIFY(reader.ok());
    QVERIFY(reader.atEnd());
}

void TestSftpProtocol::readerBounds()
{
    Reader shortInt(QByteArrayView("\x00\x00\x01", 3));
    QCOMPARE(shortInt.u32(), 0u);
    QVERIFY(!shortInt.ok());
    // A string longer than what is left: nothing is read past the end, and it sticks.
    Reader longString(QByteArrayView("\x00\x00\x00\x10"
                                     "abc",
                                     7));
    QVERIFY(longString.string().isEmpty());
    QVERIFY(!longString.ok());
    QCOMPARE(longString.u8(), quint8(0));
    QVERIFY(!longString.ok());
    // A length of 0xffffffff is not a huge allocation.
    Reader huge(QByteArrayView("\xff\xff\xff\xff", 4));
    QVERIFY(huge.string().isEmpty());
    QVERIFY(!huge.ok());
}

void TestSftpProtocol::attributesRoundTrip_data()
{
    QTest::addColumn<quint32>("flags");
    QTest::newRow("none") << quint32(0);
    QTest::newRow("size") << quint32(Attributes::HasSize);
    QTest::newRow("all") << quint32(Attributes::HasSize | Attributes::HasUidGid | Attributes::HasPermissions |
                                    Attributes::HasTimes);
    QTest::newRow("perm+times") << quint32(Attributes::HasPermissions | Attributes::HasTimes);
}

void TestSftpProtocol::attributesRoundTrip()
{
    QFETCH(quint32, flags);
    Attributes a;
    a.flags = flags;
    a.size = 5'000'000'000ull;
    a.uid = 1000;
    a.gid = 100;
    a.permissions = 0100644;
    a.atime = 1600000000;
    a.mtime = 1700000000;
    Writer writer(Attrs);
    writer.attributes(a);
    const QByteArray readerPayload = payloadOf(writer.packet());
    Reader reader(readerPayload);
    const Attributes b = reader.attributes();
    QVERIFY(reader.ok());
    QVERIFY(reader.atEnd());
    QCOMPARE(b.flags, flags);
    if (flags & Attributes::HasSize)
        QCOMPARE(b.size, a.size);
    if (flags & Attributes::HasUidGid)
        QCOMPARE(b.gid, a.gid);
    if (flags & Attributes::HasPermissions)
        QCOMPARE(b.permissions, a.permissions);
    if (flags & Attributes::HasTimes)
        QCOMPARE(b.mtime, a.mtime);
}

void TestSftpProtocol::extendedAttributesSkipped()
{
    Writer writer(Attrs);
    writer.u32(Attributes::HasSize | Attributes::HasExtended).u64(12).u32(2);
    writer.string("a@x").string("1").string("b@x").string("22").u32(0xabcdef);
    const QByteArray readerPayload = payloadOf(writer.packet());
    Reader reader(readerPayload);
    const Attributes a = reader.attributes();
    QVERIFY(reader.ok());
    QCOMPARE(a.size, 12u);
    QCOMPARE(reader.u32(), 0xabcdefu); // what follows the attrs is where it should be
    // A count of extended pairs beyond the packet is malformed, not a long loop.
    Writer hostile(Attrs);
    hostile.u32(Attributes::HasExtended).u32(0x7fffffff);
    const QByteArray badPayload = payloadOf(hostile.packet());
    Reader bad(badPayload);
    bad.attributes();
    QVERIFY(!bad.ok());
}

void TestSftpProtocol::framer()
{
    Writer one(Status);
    one.u32(1).u32(0).string("ok").string("");
    Writer two(Data);
    two.u32(2).string(QByteArray(70000, 'x'));
    const QByteArray stream = one.packet() + two.packet();
    // Fed at once, or byte by byte: the same two packets.
    for (const qsizetype chunk : {stream.size(), qsizetype(1), qsizetype(4097)}) {
        Framer framer;
        QList<Packet> packets;
        QList<QByteArray> payloads;
        for (qsizetype pos = 0; pos < stream.size(); pos += chunk) {
            framer.append(QByteArrayView(stream).sliced(pos, qMin(chunk, stream.size() - pos)));
            Packet packet;
            Framer::Result result;
            while ((result = framer.next(&packet)) == Framer::Result::Packet) {
                packets.append(packet);
                payloads.append(packet.payload.toByteArray()); // views live until the next append
            }
            QCOMPARE(result, Framer::Result::NeedMore);
        }
        QCOMPARE(payloads.size(), 2);
        QCOMPARE(packets[0].type, quint8(Status));
        QCOMPARE(packets[1].type, quint8(Data));
        Reader reader(payloads[1]);
        QCOMPARE(reader.u32(), 2u);
        QCOMPARE(reader.string().size(), 70000);
        QCOMPARE(framer.buffered(), 0);
    }
    // reserve()/commit(): bytes written straight into the framer.
    Framer direct;
    Writer again(Status);
    again.u32(1).u32(0).string("ok").string("");
    const QByteArray bytes = again.packet();
    memcpy(direct.reserve(bytes.size()), bytes.constData(), size_t(bytes.size()));
    direct.commit(bytes.size());
    Packet p;
    QCOMPARE(direct.next(&p), Framer::Result::Packet);
    QCOMPARE(p.type, quint8(Status));
}

void TestSftpProtocol::framerRejectsBadLengths()
{
    Framer zero;
    zero.append(QByteArrayView("\x00\x00\x00\x00\x65", 5));
    Packet packet;
    QCOMPARE(zero.next(&packet), Framer::Result::Error);
    Framer huge(1024);
    huge.append(QByteArrayView("\x00\x00\x04\x01", 4)); // 1025 > the bound: refused before it arrives
    QCOMPARE(huge.next(&packet), Framer::Result::Error);
}

void TestSftpProtocol::replies()
{
    {
        // The status payload after the id: code, message, language.
        Writer w(Status);
        w.u32(2).string("No such file").string("en");
        const QByteArray rPayload = payloadOf(w.packet());
        Reader r(rPayload);
        StatusReply status;
        QVERIFY(readStatus(r, &status));
        QCOMPARE(status.code, StatusCode::NoSuchFile);
        QCOMPARE(status.message, QStringLiteral("No such file"));
        // Old servers send the code alone.
        Reader bare(QByteArrayView("\x00\x00\x00\x04", 4));
        QVERIFY(readStatus(bare, &status));
        QCOMPARE(status.code, StatusCode::Failure);
    }
    {
        Writer w(Name);
        w.u32(2);
        Attributes a;
        a.flags = Attributes::HasSize;
        a.size = 3;
        w.string("a").string("-rw-r--r-- 1 u g 3 Jan 1 00:00 a").attributes(a);
        w.string("b").string("").attributes({});
        const QByteArray rPayload = payloadOf(w.packet());
        Reader r(rPayload);
        QList<NameEntry> names;
        QVERIFY(readNames(r, &names));
        QCOMPARE(names.size(), 2);
        QCOMPARE(names[0].name, QByteArray("a"));
        QCOMPARE(names[0].attributes.size, 3u);
        QCOMPARE(names[1].longName, QByteArray());
        // A count the packet cannot hold is refused at once.
        Writer lie(Name);
        lie.u32(1000000).string("a");
        const QByteArray liarPayload = payloadOf(lie.packet());
        Reader liar(liarPayload);
        QList<NameEntry> none;
        QVERIFY(!readNames(liar, &none));
        QVERIFY(none.isEmpty());
    }
    {
        Writer w(Version);
        w.u32(3).string("posix-rename@openssh.com").string("1").string("limits@openssh.com").string("1");
        const QByteArray rPayload = payloadOf(w.packet());
        Reader r(rPayload);
        quint32 version = 0;
        QList<Extension> extensions;
        QVERIFY(readVersion(r, &version, &extensions));
        QCOMPARE(version, 3u);
        QCOMPARE(extensions.size(), 2);
        QCOMPARE(extensions[1].name, QByteArray("limits@openssh.com"));
    }
    {
        Writer w(ExtendedReply);
        w.u64(262144).u64(261120).u64(261120).u64(0);
        const QByteArray rPayload = payloadOf(w.packet());
        Reader r(rPayload);
        Limits limits;
        QVERIFY(readLimits(r, &limits));
        QCOMPARE(limits.maxRead, 261120u);
        QCOMPARE(limits.maxOpenHandles, 0u);
    }
    QCOMPARE(statusName(StatusCode::PermissionDenied), QStringLiteral("PERMISSION_DENIED"));
    QCOMPARE(statusName(StatusCode(99)), QStringLiteral("STATUS_99"));
}

void TestSftpProtocol::permissionString_data()
{
    QTest::addColumn<quint32>("mode");
    QTest::addColumn<QString>("text");
    QTest::newRow("file-644") << quint32(0100644) << QStringLiteral("-rw-r--r--");
    QTest::newRow("dir-755") << quint32(040755) << QStringLiteral("drwxr-xr-x");
    QTest::newRow("link") << quint32(0120777) << QStringLiteral("lrwxrwxrwx");
    QTest::newRow("setuid-x") << quint32(0104755) << QStringLiteral("-rwsr-xr-x");
    QTest::newRow("setuid-no-x") << quint32(0104644) << QStringLiteral("-rwSr--r--");
    QTest::newRow("setgid") << quint32(0102755) << QStringLiteral("-rwxr-sr-x");
    QTest::newRow("sticky-x") << quint32(041777) << QStringLiteral("drwxrwxrwt");
    QTest::newRow("sticky-no-x") << quint32(041776) << QStringLiteral("drwxrwxrwT");
    QTest::newRow("fifo") << quint32(010600) << QStringLiteral("prw-------");
    QTest::newRow("socket") << quint32(0140755) << QStringLiteral("srwxr-xr-x");
    QTest::newRow("char-device") << quint32(020666) << QStringLiteral("crw-rw-rw-");
    QTest::newRow("block-device") << quint32(060660) << QStringLiteral("brw-rw----");
}

void TestSftpProtocol::permissionString()
{
    QFETCH(quint32, mode);
    QFETCH(QString, text);
    Attributes a;
    a.flags = Attributes::HasPermissions;
    a.permissions = mode;
    QCOMPARE(a.permissionString(), text);
    a.flags = 0;
    QCOMPARE(a.permissionString(), QString());
}

void TestSftpProtocol::entries()
{
    NameDecoder utf8({});
    NameEntry n;
    n.name = "caf\xc3\xa9.txt";
    n.longName = "-rw-r-----    1 alice    staff        1234 Mar  3 12:15 caf\xc3\xa9.txt";
    n.attributes.flags =
        Attributes::HasSize | Attributes::HasUidGid | Attributes::HasPermissions | Attributes::HasTimes;
    n.attributes.size = 1234;
    n.attributes.uid = 1001;
    n.attributes.gid = 50;
    n.attributes.permissions = 0100640;
    n.attributes.mtime = 1700000000; // 2023-11-14 22:13:20 UTC
    DirEntry e = sftpEntry(n, utf8);
    QCOMPARE(e.name, QStringLiteral("café.txt"));
    QCOMPARE(e.rawName, n.name);
    QCOMPARE(e.size, 1234);
    QCOMPARE(e.owner, QStringLiteral("alice"));
    QCOMPARE(e.group, QStringLiteral("staff"));
    QCOMPARE(e.permissions, QStringLiteral("-rw-r-----"));
    QVERIFY(!e.isDir);
    QVERIFY(e.timeIsUtc);
    QCOMPARE(e.timePrecision, DirEntry::TimePrecision::Second);
    QCOMPARE(QDateTime(e.date, e.time, Qt::UTC), QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
    // No usable long name: the numeric ids.
    n.longName = "café";
    e = sftpEntry(n, utf8);
    QCOMPARE(e.owner, QStringLiteral("1001"));
    QCOMPARE(e.group, QStringLiteral("50"));
    // Not UTF-8: Latin-1 as the last resort, the raw bytes kept for commands.
    NameEntry latin;
    latin.name = "caf\xe9";
    e = sftpEntry(latin, utf8);
    QCOMPARE(e.name, QStringLiteral("café"));
    QCOMPARE(e.rawName, QByteArray("caf\xe9"));
    QCOMPARE(e.size, -1); // unknown
    QCOMPARE(e.timePrecision, DirEntry::TimePrecision::None);
    QCOMPARE(sftpModificationTime(latin.attributes), QDateTime());
}

void TestSftpProtocol::fingerprints()
{
    QCOMPARE(keyA().fingerprint(), KeyAFingerprint);
    QCOMPARE(keyB().fingerprint(), KeyBFingerprint);
    QCOMPARE(keyA().displayType(), QStringLiteral("ED25519"));
    QCOMPARE((HostKey{"ecdsa-sha2-nistp256", "x"}.displayType()), QStringLiteral("ECDSA"));
    QCOMPARE((HostKey{"ssh-rsa", "x"}.displayType()), QStringLiteral("RSA"));
    QCOMPARE(keyA().knownHostsLine(QStringLiteral("Example.ORG"), 22), "example.org ssh-ed25519 " + KeyA);
    QCOMPARE(keyA().knownHostsLine(QStringLiteral("::1"), 2222), "[::1]:2222 ssh-ed25519 " + KeyA);
}

void TestSftpProtocol::normalizeFingerprint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("normal");
    QTest::newRow("as-printed") << QString::fromLatin1(KeyAFingerprint) << KeyAFingerprint;
    QTest::newRow("padded") << QString::fromLatin1(KeyAFingerprint + '=') << KeyAFingerprint;
    QTest::newRow("spaces") << QString::fromLatin1(" " + KeyAFingerprint + " \n") << KeyAFingerprint;
    QTest::newRow("no-prefix") << QString::fromLatin1(KeyAFingerprint.mid(7)) << QByteArray();
    QTest::newRow("md5") << QStringLiteral("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48")
                         << QByteArray();
    QTest::newRow("short") << QStringLiteral("SHA256:abc") << QByteArray();
    QTest::newRow("not-base64") << QStringLiteral("SHA256:") + QString(43, QLatin1Char('%')) << QByteArray();
}

void TestSftpProtocol::normalizeFingerprint()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, normal);
    QCOMPARE(normalizeSshFingerprint(text), normal);
}

void TestSftpProtocol::knownHosts()
{
    QTemporaryDir dir;
    const QString user = dir.filePath(QStringLiteral("known_hosts"));
    const QString missing = dir.filePath(QStringLiteral("missing"));
    QFile file(user);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("# comment\n\n");
    file.write("other.example ssh-ed25519 " + KeyB + "\n");
    file.write(QByteArray(9000, 'x') + "\n"); // overlong: skipped
    file.write("@cert-authority *.example ssh-ed25519 " + KeyB + "\n");
    file.write("plain.example,10.0.0.1 ssh-ed25519 " + KeyA + " comment\n");
    file.write(HashedHost + " ssh-ed25519\t" + KeyA + "\n");
    file.write("[changed.example]:2200 ssh-ed25519 " + KeyB + "\n");
    file.write("@revoked revoked.example ssh-ed25519 " + KeyA + "\n");
    file.write("revoked.example ssh-ed25519 " + KeyA + "\n");
    file.close();
    const QStringList files{missing, user};

    KnownHosts::Result r = KnownHosts::check(files, QStringLiteral("plain.example"), 22, keyA());
    QCOMPARE(r.verdict, KnownHosts::Verdict::Trusted);
    QCOMPARE(r.file, user);
    QCOMPARE(r.line, 7);
    QCOMPARE(KnownHosts::check(files, QStringLiteral("10.0.0.1"), 22, keyA()).verdict,
             KnownHosts::Verdict::Trusted);
    // The same host on another port is another host.
    QCOMPARE(KnownHosts::check(files, QStringLiteral("plain.example"), 2222, keyA()).verdict,
             KnownHosts::Verdict::Unknown);
    // Hashed names match, with a tab between the fields.
    QCOMPARE(KnownHosts::check(files, QStringLiteral("127.0.0.1"), 2222, keyA()).verdict,
             KnownHosts::Verdict::Trusted);
    // Changed: the key recorded before is reported, with where it is.
    r = KnownHosts::check(files, QStringLiteral("changed.example"), 2200, keyA());
    QCOMPARE(r.verdict, KnownHosts::Verdict::Changed);
    QCOMPARE(r.previous, keyB());
    QCOMPARE(r.line, 9);
    // Revoked wins over a line that trusts the same key.
    QCOMPARE(KnownHosts::check(files, QStringLiteral("revoked.example"), 22, keyA()).verdict,
             KnownHosts::Verdict::Revoked);
    QCOMPARE(KnownHosts::check(files, QStringLiteral("nowhere.example"), 22, keyA()).verdict,
             KnownHosts::Verdict::Unknown);
    QCOMPARE(KnownHosts::knownTypes(files, QStringLiteral("plain.example"), 22),
             QList<QByteArray>{"ssh-ed25519"});
    QVERIFY(KnownHosts::knownTypes(files, QStringLiteral("nowhere.example"), 22).isEmpty());
    // A key trusted in a later file wins over a conflict in an earlier one.
    const QString store = dir.filePath(QStringLiteral("store"));
    QVERIFY(KnownHosts::trust(store, QStringLiteral("changed.example"), 2200, keyA()));
    QCOMPARE(KnownHosts::check({user, store}, QStringLiteral("changed.example"), 2200, keyA()).verdict,
             KnownHosts::Verdict::Trusted);
}

void TestSftpProtocol::knownHostsStore()
{
    QTemporaryDir dir;
    const QString store = dir.filePath(QStringLiteral("sub/known_hosts"));
    QString error;
    QVERIFY2(KnownHosts::trust(store, QStringLiteral("a.example"), 22, keyA(), &error), qPrintable(error));
    QVERIFY(KnownHosts::trust(store, QStringLiteral("b.example"), 2222, keyA()));
    QVERIFY(KnownHosts::trust(store, QStringLiteral("A.EXAMPLE"), 22, keyB())); // replaces a.example's
    QFile file(store);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
             "[b.example]:2222 ssh-ed25519 " + KeyA + "\na.example ssh-ed25519 " + KeyB + "\n");
    QCOMPARE(file.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
             QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    QCOMPARE(KnownHosts::check({store}, QStringLiteral("a.example"), 22, keyB()).verdict,
             KnownHosts::Verdict::Trusted);
    QCOMPARE(KnownHosts::check({store}, QStringLiteral("a.example"), 22, keyA()).verdict,
             KnownHosts::Verdict::Changed);
    // A store that cannot be written says why.
    QVERIFY(!KnownHosts::trust(QStringLiteral("/proc/ferry/known_hosts"), QStringLiteral("x"), 22, keyA(),
                               &error));
    QVERIFY(!error.isEmpty());
}

void TestSftpProtocol::questions()
{
    KnownHosts::Result changed;
    changed.verdict = KnownHosts::Verdict::Changed;
    changed.file = QStringLiteral("/etc/ssh/ssh_known_hosts");
    changed.line = 4;
    changed.previous = keyB();
    HostKeyRequest request(QStringLiteral("h.example"), 2222, keyA(), changed);
    QVERIFY(request.isChanged());
    QCOMPARE(request.fingerprint(), KeyAFingerprint);
    QCOMPARE(request.previousSource(), QStringLiteral("/etc/ssh/ssh_known_hosts:4"));
    const QString text = request.describe();
    QVERIFY2(text.contains(QLatin1String("HAS CHANGED")), qPrintable(text));
    QVERIFY(text.contains(QString::fromLatin1(KeyAFingerprint)));
    QVERIFY(text.contains(QString::fromLatin1(KeyBFingerprint)));
    QVERIFY(text.contains(QLatin1String("[h.example]:2222")));
    QSignalSpy answered(&request, &HostKeyRequest::answered);
    request.answer(HostKeyRequest::Answer::AcceptOnce);
    request.answer(HostKeyRequest::Answer::TrustAlways); // once only
    QCOMPARE(answered.size(), 1);
    QCOMPARE(answered.at(0).at(0).value<HostKeyRequest::Answer>(), HostKeyRequest::Answer::AcceptOnce);

    HostKeyRequest unknown(QStringLiteral("h.example"), 22, keyA(), {});
    QVERIFY(!unknown.isChanged());
    QVERIFY(unknown.describe().contains(QLatin1String("can't be established")));

    SecretRequest::Details details;
    details.kind = SecretRequest::Kind::Passphrase;
    details.keyFile = QStringLiteral("/k/id_ed25519");
    details.prompts = {{QStringLiteral("Passphrase:"), false}};
    SecretRequest secret(details);
    QVERIFY(secret.describe().contains(QLatin1String("/k/id_ed25519")));
    QSignalSpy secretAnswered(&secret, &SecretRequest::answered);
    secret.answer({QStringLiteral("s3cret")});
    secret.reject();
    QCOMPARE(secretAnswered.size(), 1);
    QVERIFY(secret.isAccepted());
    QCOMPARE(secret.takeResponses(), QStringList{QStringLiteral("s3cret")});
    QVERIFY(secret.takeResponses().isEmpty()); // handed over once
}

QTEST_GUILESS_MAIN(TestSftpProtocol)
#include "tst_sftpprotocol.moc"
