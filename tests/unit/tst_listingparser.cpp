#include "listing/direntryjson.h"
#include "listing/listingparser.h"

#include <QRandomGenerator>
#include <QSet>
#include <QStringDecoder>
#include <QTest>

using namespace ferry;
using namespace Qt::StringLiterals;
using Precision = DirEntry::TimePrecision;

namespace {

// Every test runs on a fixed "today": the parser never reads the clock, and neither may
// its tests, or the year inference would change under them.
const QDate kToday(2026, 11, 22);

// What one listing line must turn into, field by field. rawName defaults to the UTF-8
// of name (right for every row whose bytes are valid UTF-8).
struct Expected {
    QString name = {};
    qint64 size = -1;
    bool isDir = false;
    bool isLink = false;
    QString target = {};
    QDate date = {};
    QTime time = {};
    Precision precision = Precision::None;
    bool utc = false;
    QString permissions = {};
    QString owner = {};
    QString group = {};
    int line = 1;
    QByteArray rawName = {};
};

ListingParser::Options options(ServerType type = ServerType::Auto, const QByteArray &charset = {})
{
    ListingParser::Options o;
    o.serverType = type;
    o.today = kToday;
    o.charset = charset;
    return o;
}

// Everything about an entry in one string, so whole results compare at once.
QByteArray summary(const DirEntry &e)
{
    return direntryToJsonLine(e, true) + " raw=" + e.rawName.toHex() + (e.timeIsUtc ? " utc" : " local");
}

QByteArrayList summaries(const QList<DirEntry> &entries)
{
    QByteArrayList out;
    for (const DirEntry &e : entries)
        out.append(summary(e));
    return out;
}

QList<DirEntry> parseInChunks(const QByteArray &data, const ListingParser::Options &o, QList<qsizetype> sizes)
{
    ListingParser parser(o);
    QList<DirEntry> all;
    qsizetype pos = 0;
    int i = 0;
    while (pos < data.size()) {
        const qsizetype n = qMin(sizes.at(i++ % sizes.size()), data.size() - pos);
        parser.addData(data.mid(pos, n));
        all.append(parser.takeEntries()); // taking part-way must not disturb the rest
        pos += n;
    }
    parser.finish();
    all.append(parser.takeEntries());
    return all;
}

QDate D(int y, int m, int d)
{
    return QDate(y, m, d);
}

QTime T(int h, int m, int s = 0)
{
    return QTime(h, m, s);
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class tst_ListingParser : public QObject {
    Q_OBJECT

private slots:
    void entries_data();
    void entries();
    void autoDetectMixedListing();
    void forcedServerType();
    void chunkedFeeding();
    void lineEndings_data();
    void lineEndings();
    void overlongLine();
    void invalidUtf8Names();
    void unsafeNamesDropped();
    void unsafeNamesKeptAndFlagged();
    void hasUnsafeName_data();
    void hasUnsafeName();
    void json();
    void yearWithoutToday();
    void serverTypeNames();
    void manyLines();

private:
    static void row(const char *tag, ServerType format, const QByteArray &input, const Expected &e)
    {
        QTest::newRow(tag) << format << input << e;
    }
};

void tst_ListingParser::entries_data()
{
    QTest::addColumn<ServerType>("format"); // the format the line is in; parsed forced and Auto
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Expected>("expected");

    constexpr ServerType Mlsd = ServerType::Mlsd;
    constexpr ServerType Unix = ServerType::Unix;

    // ---- MLSD (RFC 3659 §7) -------------------------------------------------------------
    row("mlsd-file", Mlsd, "type=file;size=156;perm=r;modify=20071029155301;unique=8012; music.mp3"_ba,
        {.name = u"music.mp3"_s,
         .size = 156,
         .date = D(2007, 10, 29),
         .time = T(15, 53, 1),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"r"_s});
    row("mlsd-dir", Mlsd, "type=dir;size=0;perm=el;modify=20071127230206;unique=801e33; ext35"_ba,
        {.name = u"ext35"_s,
         .size = 0,
         .isDir = true,
         .date = D(2007, 11, 27),
         .time = T(23, 2, 6),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"el"_s});
    row("mlsd-dir-sizd", Mlsd, "type=dir;sizd=4096;modify=20260301120000;perm=flcdmpe; backups"_ba,
        {.name = u"backups"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2026, 3, 1),
         .time = T(12, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"flcdmpe"_s});
    row("mlsd-size-beats-sizd", Mlsd, "type=dir;size=0;sizd=8192;modify=20260301120000;perm=el; both"_ba,
        {.name = u"both"_s,
         .size = 0,
         .isDir = true,
         .date = D(2026, 3, 1),
         .time = T(12, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"el"_s});
    row("mlsd-utf8", Mlsd,
        "type=file;size=3;perm=r;modify=20260102030405;unique=8012; café ünïcödé 日本.txt"_ba,
        {.name = u"café ünïcödé 日本.txt"_s,
         .size = 3,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"r"_s});
    row("mlsd-leading-space-name", Mlsd,
        "type=file;size=1;modify=20260102030405;perm=r;   two leading spaces\t"_ba,
        {.name = u"  two leading spaces\t"_s,
         .size = 1,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"r"_s});
    row("mlsd-trailing-space-name", Mlsd, "type=file;size=2;modify=20260102030405;perm=r; trailing  "_ba,
        {.name = u"trailing  "_s,
         .size = 2,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"r"_s});
    row("mlsd-slink", Mlsd,
        "modify=20240505121212;perm=adfrw;size=11;type=OS.unix=slink:/srv/data/current;unique=803U1A2B5;"
        "UNIX.group=0;UNIX.mode=0777;UNIX.owner=0; current"_ba,
        {.name = u"current"_s,
         .size = 11,
         .isLink = true,
         .target = u"/srv/data/current"_s,
         .date = D(2024, 5, 5),
         .time = T(12, 12, 12),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"lrwxrwxrwx"_s,
         .owner = u"0"_s,
         .group = u"0"_s});
    row("mlsd-symlink-no-target", Mlsd,
        "type=OS.unix=symlink;size=7;modify=20260101000000;UNIX.mode=0777;UNIX.uid=1000;UNIX.gid=1000;"
        "unique=801g5; link"_ba,
        {.name = u"link"_s,
         .size = 7,
         .isLink = true,
         .date = D(2026, 1, 1),
         .time = T(0, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"lrwxrwxrwx"_s,
         .owner = u"1000"_s,
         .group = u"1000"_s});
    row("mlsd-proftpd-names", Mlsd,
        "modify=20261101093000;perm=adfrw;size=2048;type=file;unique=803U1A2B3;UNIX.group=1000;"
        "UNIX.groupname=staff;UNIX.mode=0644;UNIX.owner=1000;UNIX.ownername=alice; notes.txt"_ba,
        {.name = u"notes.txt"_s,
         .size = 2048,
         .date = D(2026, 11, 1),
         .time = T(9, 30),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"alice"_s,
         .group = u"staff"_s});
    row("mlsd-proftpd-setgid-dir", Mlsd,
        "modify=20250101000000;perm=flcdmpe;type=dir;unique=803U1A2B4;UNIX.group=1000;"
        "UNIX.groupname=staff;UNIX.mode=02775;UNIX.owner=1000;UNIX.ownername=alice; shared"_ba,
        {.name = u"shared"_s,
         .isDir = true,
         .date = D(2025, 1, 1),
         .time = T(0, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"drwxrwsr-x"_s,
         .owner = u"alice"_s,
         .group = u"staff"_s});
    row("mlsd-sticky-dir", Mlsd,
        "type=dir;modify=20250101000000;UNIX.mode=1777;UNIX.uid=0;UNIX.gid=0; tmp"_ba,
        {.name = u"tmp"_s,
         .isDir = true,
         .date = D(2025, 1, 1),
         .time = T(0, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"drwxrwxrwt"_s,
         .owner = u"0"_s,
         .group = u"0"_s});
    row("mlsd-pureftpd-uid-gid", Mlsd,
        "type=file;size=1234;modify=20261121101500;UNIX.mode=0640;UNIX.uid=1000;UNIX.gid=100;"
        "unique=801g4a1; data.csv"_ba,
        {.name = u"data.csv"_s,
         .size = 1234,
         .date = D(2026, 11, 21),
         .time = T(10, 15),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rw-r-----"_s,
         .owner = u"1000"_s,
         .group = u"100"_s});
    row("mlsd-pyftpdlib-unix-facts", Mlsd,
        "type=file;size=10;perm=radfwMT;modify=20260506070809;unix.mode=0644;unix.uid=1000;unix.gid=1000;"
        "unique=fd01g2; a.txt"_ba,
        {.name = u"a.txt"_s,
         .size = 10,
         .date = D(2026, 5, 6),
         .time = T(7, 8, 9),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"1000"_s,
         .group = u"1000"_s});
    row("mlsd-case-insensitive-facts", Mlsd, "Type=File;Size=99;Modify=20260102030405;Perm=r; Upper.TXT"_ba,
        {.name = u"Upper.TXT"_s,
         .size = 99,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"r"_s});
    row("mlsd-uppercase-dir", Mlsd, "TYPE=DIR;MODIFY=20260102030405;PERM=el; UPPERDIR"_ba,
        {.name = u"UPPERDIR"_s,
         .isDir = true,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"el"_s});
    row("mlsd-filezilla-fraction", Mlsd,
        "type=file;size=1048576;modify=20260115103000.123;perm=adfrw; big file.iso"_ba,
        {.name = u"big file.iso"_s,
         .size = 1048576,
         .date = D(2026, 1, 15),
         .time = T(10, 30),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"adfrw"_s});
    row("mlsd-no-modify", Mlsd, "type=file;size=5;perm=r; nodate"_ba,
        {.name = u"nodate"_s, .size = 5, .permissions = u"r"_s});
    row("mlsd-short-modify", Mlsd, "type=file;size=5;modify=2026013;perm=r; baddate"_ba,
        {.name = u"baddate"_s, .size = 5, .permissions = u"r"_s});
    row("mlsd-impossible-modify", Mlsd, "type=file;size=5;modify=20260230120000;perm=r; feb30"_ba,
        {.name = u"feb30"_s, .size = 5, .permissions = u"r"_s});
    row("mlsd-no-type", Mlsd, "size=42;modify=20260102030405; untyped"_ba,
        {.name = u"untyped"_s,
         .size = 42,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true});
    row("mlsd-name-with-fact-chars", Mlsd, "type=file;size=5;modify=20260102030405; a=b;c d.txt"_ba,
        {.name = u"a=b;c d.txt"_s,
         .size = 5,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true});
    row("mlst-leading-space", Mlsd, " type=file;size=5;modify=20260102030405;perm=r; file.txt"_ba,
        {.name = u"file.txt"_s,
         .size = 5,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"r"_s});
    row("mlsd-os-unix-chr", Mlsd, "type=OS.unix=chr-13/29;modify=20260102030405;perm=; ttyS0"_ba,
        {.name = u"ttyS0"_s,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true});
    row("mlsd-ownername-first", Mlsd,
        "type=file;size=1;modify=20260102030405;UNIX.ownername=bob;UNIX.owner=1001;UNIX.groupname=devs;"
        "UNIX.group=50; order.txt"_ba,
        {.name = u"order.txt"_s,
         .size = 1,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .owner = u"bob"_s,
         .group = u"devs"_s});
    row("mlsd-after-cdir-pdir", Mlsd,
        "type=cdir;modify=20260102030405;perm=flcdmpe; /pub\r\n"
        "type=pdir;modify=20260102030405;perm=flcdmpe; /\r\n"
        "type=file;size=8;modify=20260102030405;perm=adfrw; third.txt\r\n"_ba,
        {.name = u"third.txt"_s,
         .size = 8,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"adfrw"_s,
         .line = 3});
    row("mlsd-iis-fact-order", Mlsd, "modify=20260110120000;perm=rwd;size=4321;type=file; iis.log"_ba,
        {.name = u"iis.log"_s,
         .size = 4321,
         .date = D(2026, 1, 10),
         .time = T(12, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"rwd"_s});
    row("mlsd-max-size", Mlsd, "type=file;size=9223372036854775807;modify=20260102030405; max"_ba,
        {.name = u"max"_s,
         .size = std::numeric_limits<qint64>::max(),
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true});
    row("mlsd-latin1-name", Mlsd, "type=file;size=1;modify=20260102030405; caf\xe9.txt"_ba,
        {.name = u"café.txt"_s,
         .size = 1,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true,
         .rawName = "caf\xe9.txt"_ba});

    // ---- Unix `ls -l` ----------------------------------------------------------------------
    row("unix-vsftpd-file", Unix, "-rw-r--r--    1 ftp      ftp          1024 Nov 20 14:03 readme.txt"_ba,
        {.name = u"readme.txt"_s,
         .size = 1024,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-year", Unix, "drwxr-xr-x    2 ftp      ftp          4096 Jan 15  2024 pub"_ba,
        {.name = u"pub"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2024, 1, 15),
         .precision = Precision::Day,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-vsftpd-numeric-ids", Unix,
        "-rw-------    1 1000     1000       524288 Mar 03 12:15 secret.bin"_ba,
        {.name = u"secret.bin"_s,
         .size = 524288,
         .date = D(2026, 3, 3),
         .time = T(12, 15),
         .precision = Precision::Minute,
         .permissions = u"-rw-------"_s,
         .owner = u"1000"_s,
         .group = u"1000"_s});
    row("unix-symlink", Unix,
        "lrwxrwxrwx    1 0        0              11 Oct 01 09:30 latest -> release-2.1"_ba,
        {.name = u"latest"_s,
         .size = 11,
         .isLink = true,
         .target = u"release-2.1"_s,
         .date = D(2026, 10, 1),
         .time = T(9, 30),
         .precision = Precision::Minute,
         .permissions = u"lrwxrwxrwx"_s,
         .owner = u"0"_s,
         .group = u"0"_s});
    row("unix-symlink-arrow-in-target", Unix, "lrwxrwxrwx 1 u g 5 Nov 20 14:03 a -> b -> c"_ba,
        {.name = u"a"_s,
         .size = 5,
         .isLink = true,
         .target = u"b -> c"_s,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"lrwxrwxrwx"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-symlink-spaces", Unix,
        "lrwxrwxrwx   1 alice    staff          20 Nov 21 08:00 My Link -> ../My Documents/x y"_ba,
        {.name = u"My Link"_s,
         .size = 20,
         .isLink = true,
         .target = u"../My Documents/x y"_s,
         .date = D(2026, 11, 21),
         .time = T(8, 0),
         .precision = Precision::Minute,
         .permissions = u"lrwxrwxrwx"_s,
         .owner = u"alice"_s,
         .group = u"staff"_s});
    row("unix-arrow-in-file-name", Unix, "-rw-r--r-- 1 u g 5 Nov 20 14:03 not -> a link"_ba,
        {.name = u"not -> a link"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-proftpd-name-spaces", Unix,
        "-rw-r--r--   1 alice    staff      120034 Nov 22 23:59 report  2026  final.pdf"_ba,
        {.name = u"report  2026  final.pdf"_s,
         .size = 120034,
         .date = D(2026, 11, 22),
         .time = T(23, 59),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"alice"_s,
         .group = u"staff"_s});
    row("unix-leap-day-year", Unix, "drwxr-x---   5 alice    staff        4096 Feb 29  2024 leap"_ba,
        {.name = u"leap"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2024, 2, 29),
         .precision = Precision::Day,
         .permissions = u"drwxr-x---"_s,
         .owner = u"alice"_s,
         .group = u"staff"_s});
    row("unix-leap-day-recent", Unix, "-rw-r--r-- 1 alice staff 1 Feb 29 10:00 leap2"_ba,
        {.name = u"leap2"_s,
         .size = 1,
         .date = D(2024, 2, 29),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"alice"_s,
         .group = u"staff"_s});
    row("unix-today", Unix, "-rw-r--r--    1 1000       users            5 Nov 22 00:00 today.txt"_ba,
        {.name = u"today.txt"_s,
         .size = 5,
         .date = D(2026, 11, 22),
         .time = T(0, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"1000"_s,
         .group = u"users"_s});
    row("unix-date-tomorrow", Unix,
        "-rw-r--r--    1 1000       users            5 Nov 23 10:00 tomorrow.txt"_ba,
        {.name = u"tomorrow.txt"_s,
         .size = 5,
         .date = D(2026, 11, 23),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"1000"_s,
         .group = u"users"_s});
    row("unix-date-two-days-ahead", Unix,
        "-rw-r--r--    1 1000       users            5 Nov 24 23:59 skew.txt"_ba,
        {.name = u"skew.txt"_s,
         .size = 5,
         .date = D(2026, 11, 24),
         .time = T(23, 59),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"1000"_s,
         .group = u"users"_s});
    row("unix-date-three-days-ahead", Unix,
        "-rw-r--r--    1 1000       users            5 Nov 25 00:00 old.txt"_ba,
        {.name = u"old.txt"_s,
         .size = 5,
         .date = D(2025, 11, 25),
         .time = T(0, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"1000"_s,
         .group = u"users"_s});
    row("unix-future-date-previous-year", Unix,
        "-rw-r--r--    1 1000       users            5 Dec 25 10:00 xmas.txt"_ba,
        {.name = u"xmas.txt"_s,
         .size = 5,
         .date = D(2025, 12, 25),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"1000"_s,
         .group = u"users"_s});
    row("unix-no-group", Unix, "-rw-r--r--   1 owner    1234 Nov 01 10:00 nogroup.txt"_ba,
        {.name = u"nogroup.txt"_s,
         .size = 1234,
         .date = D(2026, 11, 1),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"owner"_s});
    row("unix-no-group-numeric-owner", Unix, "-rw-r--r--    1 0            1234 Nov 01 10:00 nogroup2"_ba,
        {.name = u"nogroup2"_s,
         .size = 1234,
         .date = D(2026, 11, 1),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"0"_s});
    row("unix-no-link-count", Unix, "-rw-r--r-- ftp ftp 5 Nov 20 14:03 nolinks"_ba,
        {.name = u"nolinks"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-device", Unix, "crw-rw-rw-    1 root     root       1,   3 Jan  1  2020 null"_ba,
        {.name = u"null"_s,
         .date = D(2020, 1, 1),
         .precision = Precision::Day,
         .permissions = u"crw-rw-rw-"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-device-compact", Unix, "brw-rw----    1 0        6          8,0 Nov 20 07:59 sda"_ba,
        {.name = u"sda"_s,
         .date = D(2026, 11, 20),
         .time = T(7, 59),
         .precision = Precision::Minute,
         .permissions = u"brw-rw----"_s,
         .owner = u"0"_s,
         .group = u"6"_s});
    row("unix-device-macos", Unix, "crw-rw-rw-  1 root  wheel    3,   2 Nov 22 08:00 null"_ba,
        {.name = u"null"_s,
         .date = D(2026, 11, 22),
         .time = T(8, 0),
         .precision = Precision::Minute,
         .permissions = u"crw-rw-rw-"_s,
         .owner = u"root"_s,
         .group = u"wheel"_s});
    row("unix-fifo", Unix, "prw-r--r--    1 root     root             0 Nov 20 07:59 fifo"_ba,
        {.name = u"fifo"_s,
         .size = 0,
         .date = D(2026, 11, 20),
         .time = T(7, 59),
         .precision = Precision::Minute,
         .permissions = u"prw-r--r--"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-socket", Unix, "srwxrwxrwx    1 root     root             0 Nov 20 07:59 socket"_ba,
        {.name = u"socket"_s,
         .size = 0,
         .date = D(2026, 11, 20),
         .time = T(7, 59),
         .precision = Precision::Minute,
         .permissions = u"srwxrwxrwx"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-acl-plus", Unix, "drwxr-xr-x+ 4 jdoe staff 128 Oct  2 17:44 Library"_ba,
        {.name = u"Library"_s,
         .size = 128,
         .isDir = true,
         .date = D(2026, 10, 2),
         .time = T(17, 44),
         .precision = Precision::Minute,
         .permissions = u"drwxr-xr-x+"_s,
         .owner = u"jdoe"_s,
         .group = u"staff"_s});
    row("unix-macos-xattr", Unix,
        "-rw-r--r--@ 1 jdoe  staff  2048 Nov 10 09:15 Screenshot 2026-11-10 at 09.15.00.png"_ba,
        {.name = u"Screenshot 2026-11-10 at 09.15.00.png"_s,
         .size = 2048,
         .date = D(2026, 11, 10),
         .time = T(9, 15),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--@"_s,
         .owner = u"jdoe"_s,
         .group = u"staff"_s});
    row("unix-selinux-dot", Unix, "-rw-r--r--. 1 root root 512 Nov 10 09:15 selinux.conf"_ba,
        {.name = u"selinux.conf"_s,
         .size = 512,
         .date = D(2026, 11, 10),
         .time = T(9, 15),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--."_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-filezilla-server-year", Unix,
        "-rw-r--r-- 1 ftp ftp         123456 Aug 14  2023 installer.exe"_ba,
        {.name = u"installer.exe"_s,
         .size = 123456,
         .date = D(2023, 8, 14),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-filezilla-server-dir", Unix, "drwxr-xr-x 1 ftp ftp              0 Nov 21 08:05 Music"_ba,
        {.name = u"Music"_s,
         .size = 0,
         .isDir = true,
         .date = D(2026, 11, 21),
         .time = T(8, 5),
         .precision = Precision::Minute,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-iso-date", Unix, "-rw-r--r-- 1 user group 1234 2026-03-05 12:15 iso.txt"_ba,
        {.name = u"iso.txt"_s,
         .size = 1234,
         .date = D(2026, 3, 5),
         .time = T(12, 15),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"user"_s,
         .group = u"group"_s});
    row("unix-full-iso-date", Unix,
        "-rw-r--r-- 1 user group 1234 2026-03-05 12:15:30.123456789 +0100 fulliso.txt"_ba,
        {.name = u"fulliso.txt"_s,
         .size = 1234,
         .date = D(2026, 3, 5),
         .time = T(11, 15, 30),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"user"_s,
         .group = u"group"_s});
    row("unix-full-iso-date-day-change", Unix,
        "-rw-r--r-- 1 user group 1 2026-01-01 00:30:00.000000000 +0200 newyear"_ba,
        {.name = u"newyear"_s,
         .size = 1,
         .date = D(2025, 12, 31),
         .time = T(22, 30, 0),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"user"_s,
         .group = u"group"_s});
    row("unix-leading-space-name", Unix,
        "-rw-r--r--    1 ftp      ftp            10 Nov 20 14:03  leading space"_ba,
        {.name = u" leading space"_s,
         .size = 10,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-leading-spaces-after-year", Unix,
        "-rw-r--r--    1 ftp      ftp            10 Jan 15  2024   two spaces"_ba,
        {.name = u"  two spaces"_s,
         .size = 10,
         .date = D(2024, 1, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-trailing-space-name", Unix,
        "-rw-r--r--    1 ftp      ftp            10 Nov 20 14:03 trailing "_ba,
        {.name = u"trailing "_s,
         .size = 10,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-tab-in-name", Unix, "-rw-r--r-- 1 ftp ftp 10 Nov 20 14:03 tab\tname"_ba,
        {.name = u"tab\tname"_s,
         .size = 10,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ftp"_s,
         .group = u"ftp"_s});
    row("unix-date-like-name", Unix, "-rw-r--r-- 1 u g 5 Nov 20 14:03 Nov 20 14:03 copy"_ba,
        {.name = u"Nov 20 14:03 copy"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-month-uppercase", Unix, "-rw-r--r-- 1 u g 5 NOV 20 14:03 upper"_ba,
        {.name = u"upper"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-month-lowercase", Unix, "-rw-r--r-- 1 u g 5 jan  5  2021 lower"_ba,
        {.name = u"lower"_s,
         .size = 5,
         .date = D(2021, 1, 5),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-group-with-space", Unix, "-rw-r--r-- 1 user domain users 77 Nov 20 14:03 w.txt"_ba,
        {.name = u"w.txt"_s,
         .size = 77,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"user"_s,
         .group = u"domain users"_s});
    row("unix-sticky-dir", Unix, "drwxrwxrwt   10 root root 4096 Nov 22 06:25 tmp"_ba,
        {.name = u"tmp"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2026, 11, 22),
         .time = T(6, 25),
         .precision = Precision::Minute,
         .permissions = u"drwxrwxrwt"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-setuid", Unix, "-rwsr-xr-x 1 root root 55672 Feb  7  2026 sudo"_ba,
        {.name = u"sudo"_s,
         .size = 55672,
         .date = D(2026, 2, 7),
         .precision = Precision::Day,
         .permissions = u"-rwsr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-no-permissions", Unix, "---------- 1 owner group 1803128 Jul 10 10:18 ls-lR.Z"_ba,
        {.name = u"ls-lR.Z"_s,
         .size = 1803128,
         .date = D(2026, 7, 10),
         .time = T(10, 18),
         .precision = Precision::Minute,
         .permissions = u"----------"_s,
         .owner = u"owner"_s,
         .group = u"group"_s});
    row("unix-huge-size", Unix, "-rw-r--r-- 1 u g 5368709120000 Nov 20 14:03 huge.img"_ba,
        {.name = u"huge.img"_s,
         .size = 5368709120000,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-utf8-name", Unix, "-rw-r--r-- 1 u g 5 Nov 20 14:03 日本語 ファイル.txt"_ba,
        {.name = u"日本語 ファイル.txt"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-latin1-name", Unix, "-rw-r--r-- 1 u g 5 Nov 20 14:03 caf\xe9.txt"_ba,
        {.name = u"café.txt"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s,
         .rawName = "caf\xe9.txt"_ba});
    row("unix-busybox", Unix, "-rw-r--r--    1 0        0             0 Jan  1 00:00 empty"_ba,
        {.name = u"empty"_s,
         .size = 0,
         .date = D(2026, 1, 1),
         .time = T(0, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"0"_s,
         .group = u"0"_s});
    row("unix-pyftpdlib", Unix, "-rw-r--r--   1 giampaolo staff        4096 Jul 10 13:43 setup.py"_ba,
        {.name = u"setup.py"_s,
         .size = 4096,
         .date = D(2026, 7, 10),
         .time = T(13, 43),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"giampaolo"_s,
         .group = u"staff"_s});
    row("unix-large-link-count", Unix, "drwxr-xr-x  123 root root 4096 Sep  9  2019 many"_ba,
        {.name = u"many"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2019, 9, 9),
         .precision = Precision::Day,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-after-total", Unix, "total 12\r\n-rw-r--r-- 1 u g 5 Nov 20 14:03 second\r\n"_ba,
        {.name = u"second"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s,
         .line = 2});
    row("unix-after-dot-entries", Unix,
        "total 8\n"
        "drwxr-xr-x 2 u g 4096 Nov 20 14:03 .\n"
        "drwxr-xr-x 9 u g 4096 Nov 20 14:03 ..\n"
        "-rw-r--r-- 1 u g 5 Nov 20 14:03 fourth\n"_ba,
        {.name = u"fourth"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s,
         .line = 4});
}

void tst_ListingParser::entries()
{
    QFETCH(ServerType, format);
    QFETCH(QByteArray, input);
    QFETCH(Expected, expected);

    // Forced to its format and auto-detected must agree.
    for (const ServerType type : {format, ServerType::Auto}) {
        const QList<DirEntry> entries = ListingParser::parse(input, options(type));
        QCOMPARE(entries.size(), 1);
        const DirEntry &e = entries.first();
        QCOMPARE(e.name, expected.name);
        QCOMPARE(e.rawName, expected.rawName.isNull() ? expected.name.toUtf8() : expected.rawName);
        QCOMPARE(e.size, expected.size);
        QCOMPARE(e.isDir, expected.isDir);
        QCOMPARE(e.isLink, expected.isLink);
        QCOMPARE(e.target, expected.target);
        QCOMPARE(e.date, expected.date);
        QCOMPARE(e.time, expected.time);
        QCOMPARE(e.timePrecision, expected.precision);
        QCOMPARE(e.timeIsUtc, expected.utc);
        QCOMPARE(e.permissions, expected.permissions);
        QCOMPARE(e.owner, expected.owner);
        QCOMPARE(e.group, expected.group);
        QCOMPARE(e.line, expected.line);
        QVERIFY(!e.hasUnsafeName());
    }
}

void tst_ListingParser::autoDetectMixedListing()
{
    // Formats switch mid-listing; the parser must follow, skip what it cannot read, and
    // keep counting lines.
    const QByteArray listing = "type=cdir;modify=20260102030405;perm=flcdmpe; /pub\r\n"      // 1
                               "type=pdir;modify=20260102030405;perm=flcdmpe; /\r\n"         // 2
                               "type=file;size=1;modify=20260102030405;perm=r; a\r\n"        // 3
                               "total 8\r\n"                                                 // 4
                               "drwxr-xr-x 2 u g 4096 Nov 20 14:03 .\r\n"                    // 5
                               "drwxr-xr-x 2 u g 4096 Nov 20 14:03 ..\r\n"                   // 6
                               "-rw-r--r-- 1 u g 5 Nov 20 14:03 b\r\n"                       // 7
                               "\r\n"                                                        // 8
                               "this is not a listing line\r\n"                              // 9
                               "type=dir;modify=20260102030405;perm=el; c\r\n"               // 10
                               "-rw-r--r-- 1 u g 5 Nov 20 14:03 type=file;size=1; d\r\n"_ba; // 11
    const QList<DirEntry> entries = ListingParser::parse(listing, options());
    QStringList names;
    QList<int> lines;
    for (const DirEntry &e : entries) {
        names << e.name;
        lines << e.line;
    }
    QCOMPARE(names, (QStringList{u"a"_s, u"b"_s, u"c"_s, u"type=file;size=1; d"_s}));
    QCOMPARE(lines, (QList<int>{3, 7, 10, 11}));
    QVERIFY(entries.at(2).isDir);
    QCOMPARE(entries.at(2).timePrecision, Precision::Second);
    QCOMPARE(entries.at(3).timePrecision, Precision::Minute);
}

void tst_ListingParser::forcedServerType()
{
    const QByteArray mlsd = "type=file;size=1;modify=20260102030405; a\n"_ba;
    const QByteArray unix = "-rw-r--r-- 1 u g 5 Nov 20 14:03 b\n"_ba;
    QCOMPARE(ListingParser::parse(mlsd, options(ServerType::Unix)).size(), 0);
    QCOMPARE(ListingParser::parse(unix, options(ServerType::Mlsd)).size(), 0);
    QCOMPARE(ListingParser::parse(mlsd + unix, options(ServerType::Mlsd)).size(), 1);
    QCOMPARE(ListingParser::parse(mlsd + unix, options(ServerType::Unix)).size(), 1);

    // RFC 3659 §7.2 allows an entry with no facts at all; only a forced MLSD accepts it
    // (in Auto mode it would claim any line that starts with a space).
    const QByteArray bare = " bare name\n"_ba;
    const QList<DirEntry> forced = ListingParser::parse(bare, options(ServerType::Mlsd));
    QCOMPARE(forced.size(), 1);
    QCOMPARE(forced.first().name, u"bare name"_s);
    QCOMPARE(forced.first().size, qint64(-1));
    QCOMPARE(forced.first().timePrecision, Precision::None);
    QCOMPARE(ListingParser::parse(bare, options()).size(), 0);
}

void tst_ListingParser::chunkedFeeding()
{
    QByteArray listing = "total 24\r\n"
                         "drwxr-xr-x    2 ftp      ftp          4096 Jan 15  2024 pub\r\n"
                         "lrwxrwxrwx    1 0        0              11 Oct 01 09:30 latest -> release-2.1\r\n"
                         "-rw-r--r--    1 ftp      ftp            10 Nov 20 14:03  leading space\r\n"
                         "crw-rw-rw-    1 root     root       1,   3 Jan  1  2020 null\n"
                         "-rw-r--r-- 1 u g 5 Nov 20 14:03 日本語 ファイル.txt\r"
                         "-rw-r--r-- 1 u g 5 Nov 20 14:03 caf\xe9.txt\r\n"
                         "\r\n"
                         "type=file;size=156;perm=r;modify=20071029155301;unique=8012; music.mp3\r\n"
                         "type=dir;sizd=4096;modify=20260301120000;perm=flcdmpe; backups\r"
                         "\n"
                         "-rw-r--r-- 1 u g 5 Nov 20 14:03 no final newline"_ba;
    listing += "\r\n-rw-r--r-- 1 u g 5 Nov 20 14:03 " + QByteArray(3000, 'n') + "\r\n";
    listing += "-rw-r--r-- 1 u g 5 Nov 20 14:03 last, unterminated"_ba;

    const QByteArrayList whole = summaries(ListingParser::parse(listing, options()));
    QCOMPARE(whole.size(), 11);

    QCOMPARE(summaries(parseInChunks(listing, options(), {1})), whole);
    QCOMPARE(summaries(parseInChunks(listing, options(), {2, 3, 5, 7})), whole);
    QCOMPARE(summaries(parseInChunks(listing, options(), {listing.size()})), whole);

    QRandomGenerator rng(20261122); // fixed seed: a failure must be reproducible
    for (int round = 0; round < 200; ++round) {
        QList<qsizetype> sizes;
        for (int i = 0; i < 16; ++i)
            sizes << rng.bounded(1, 200);
        QCOMPARE(summaries(parseInChunks(listing, options(), sizes)), whole);
    }
}

void tst_ListingParser::lineEndings_data()
{
    QTest::addColumn<QByteArray>("listing");
    QTest::addColumn<QList<int>>("lines");

    const QByteArray a = "-rw-r--r-- 1 u g 1 Nov 20 14:03 a"_ba;
    const QByteArray b = "type=file;size=2;modify=20260102030405; b"_ba;
    const QByteArray c = "-rw-r--r-- 1 u g 3 Nov 20 14:03 c"_ba;
    QTest::newRow("lf") << a + '\n' + b + '\n' + c + '\n' << QList<int>{1, 2, 3};
    QTest::newRow("crlf") << a + "\r\n" + b + "\r\n" + c + "\r\n" << QList<int>{1, 2, 3};
    QTest::newRow("cr") << a + '\r' + b + '\r' + c + '\r' << QList<int>{1, 2, 3};
    QTest::newRow("mixed") << a + "\r\n" + b + '\n' + c + '\r' << QList<int>{1, 2, 3};
    QTest::newRow("no-final-terminator") << a + '\n' + b + "\r\n" + c << QList<int>{1, 2, 3};
    QTest::newRow("blank-lines") << a + "\n\n" + b + "\r\n\r\n" + c << QList<int>{1, 3, 5};
    QTest::newRow("lf-cr-is-two-lines") << a + "\n\r" + b + "\n\r" + c << QList<int>{1, 3, 5};
    QTest::newRow("cr-cr-lf") << a + "\r\r\n" + b << QList<int>{1, 3};
}

void tst_ListingParser::lineEndings()
{
    QFETCH(QByteArray, listing);
    QFETCH(QList<int>, lines);

    for (const qsizetype chunk : {listing.size(), qsizetype(1)}) {
        const QList<DirEntry> entries = parseInChunks(listing, options(), {chunk});
        QList<int> got;
        for (const DirEntry &e : entries) {
            got << e.line;
            QVERIFY2(!e.name.contains(u'\r') && !e.name.contains(u'\n'), qPrintable(e.name));
        }
        QCOMPARE(got, lines);
        QCOMPARE(entries.first().name, u"a"_s);
        QCOMPARE(entries.first().size, qint64(1));
    }
}

void tst_ListingParser::overlongLine()
{
    const QByteArray prefix = "-rw-r--r-- 1 u g 5 Nov 20 14:03 "_ba;
    const QByteArray first = prefix + "first\r\n";
    const QByteArray last = prefix + "last\r\n";
    const qsizetype limit = 64 * 1024;

    // Over the limit: dropped, and the next line is unaffected, whatever the chunking.
    const QByteArray tooLong = prefix + QByteArray(70000, 'x') + "\r\n";
    for (const qsizetype chunk : {qsizetype(1), qsizetype(1000), qsizetype(65536), qsizetype(1 << 20)}) {
        const QList<DirEntry> entries = parseInChunks(first + tooLong + last, options(), {chunk});
        QCOMPARE(entries.size(), 2);
        QCOMPARE(entries.at(0).name, u"first"_s);
        QCOMPARE(entries.at(1).name, u"last"_s);
        QCOMPARE(entries.at(1).line, 3);
    }

    // Exactly at the limit (terminator not counted): kept. One byte more: dropped.
    const QByteArray atLimit = prefix + QByteArray(limit - prefix.size(), 'y');
    QCOMPARE(atLimit.size(), limit);
    const QByteArray overLimit = atLimit + 'y';
    for (const qsizetype chunk : {qsizetype(1), qsizetype(4096), qsizetype(1 << 20)}) {
        const QList<DirEntry> kept = parseInChunks(first + atLimit + "\n" + last, options(), {chunk});
        QCOMPARE(kept.size(), 3);
        QCOMPARE(kept.at(1).name.size(), limit - prefix.size());
        const QList<DirEntry> dropped = parseInChunks(first + overLimit + "\n" + last, options(), {chunk});
        QCOMPARE(dropped.size(), 2);
        QCOMPARE(dropped.at(1).line, 3);
        // Unterminated at the end: still dropped by finish().
        QCOMPARE(parseInChunks(first + overLimit, options(), {chunk}).size(), 1);
    }
}

void tst_ListingParser::invalidUtf8Names()
{
    // Bytes that are not UTF-8: lone Latin-1 letters, C1 bytes, a truncated sequence, an
    // overlong encoding, bytes windows-1252 leaves undefined.
    const QByteArrayList names = {
        "caf\xe9"_ba,
        "caf\xe8"_ba,
        "\x80"_ba
        "abc",
        "\x81"_ba
        "abc",
        "abc\xc3"_ba,
        "\xc3\x28"_ba,
        "\xff\xfe"_ba,
        "\xe9"_ba,
        "\xc0\xaf"_ba,
        "\x8d\x8f\x90\x9d"_ba,
        "\x9f"_ba
        "x",
        "\xa4"_ba
        "euro",
    };
    QByteArray listing;
    for (const QByteArray &name : names)
        listing += "-rw-r--r-- 1 u g 1 Nov 20 14:03 " + name + "\r\n";
    for (const QByteArray &name : names)
        listing += "type=file;size=1; " + name + "\r\n";
    const QByteArray sjisName = "\x83\x5c.txt"_ba; // checked on its own: in Latin-1 it holds a '\\'

    for (const QByteArray &charset :
         {QByteArray(), "windows-1252"_ba, "Shift_JIS"_ba, "no-such-charset"_ba}) {
        const QList<DirEntry> entries = ListingParser::parse(listing, options(ServerType::Auto, charset));
        QCOMPARE(entries.size(), 2 * names.size());
        QSet<QString> distinct;
        for (int i = 0; i < entries.size(); ++i) {
            const DirEntry &e = entries.at(i);
            const QByteArray &raw = names.at(i % names.size());
            QCOMPARE(e.rawName, raw);
            QVERIFY(!e.name.isEmpty());
            QVERIFY(!e.name.contains(QChar::ReplacementCharacter));
            if (charset.isEmpty() || charset == "no-such-charset")
                QCOMPARE(e.name, QString::fromLatin1(raw));
            if (i < names.size())
                distinct.insert(e.name);
            else
                QCOMPARE(e.name, entries.at(i - names.size()).name); // MLSD decodes like LIST
        }
        // Different bytes never decode to the same name.
        QCOMPARE(distinct.size(), names.size());
    }

    // windows-1252 (when Qt knows it, as with ICU) decodes the C1 range to its letters.
    const QList<DirEntry> cp1252 =
        ListingParser::parse(listing, options(ServerType::Auto, "windows-1252"_ba));
    if (QStringDecoder("windows-1252").isValid()) {
        QCOMPARE(cp1252.at(0).name, u"café"_s);
        QCOMPARE(cp1252.at(2).name, u"€abc"_s);
        QCOMPARE(cp1252.at(10).name, u"Ÿx"_s);
    }
    // Shift_JIS: 0x83 0x5C is "ソ"; its 0x5C trail byte is not a backslash.
    if (QStringDecoder("Shift_JIS").isValid()) {
        const QList<DirEntry> sjis = ListingParser::parse("type=file;size=1; " + sjisName + "\n",
                                                          options(ServerType::Auto, "Shift_JIS"_ba));
        QCOMPARE(sjis.size(), 1);
        QCOMPARE(sjis.first().name, u"ソ.txt"_s);
        QCOMPARE(sjis.first().rawName, sjisName);
    }
    // Without that charset the same bytes read as Latin-1 "\u0083\\.txt": a backslash, so
    // unsafe, and dropped.
    QCOMPARE(ListingParser::parse("type=file;size=1; " + sjisName + "\n", options()).size(), 0);

    // Valid UTF-8 stays UTF-8 even with a legacy charset configured.
    const QList<DirEntry> utf8 =
        ListingParser::parse("type=file; café\n"_ba, options(ServerType::Auto, "windows-1252"_ba));
    QCOMPARE(utf8.size(), 1);
    QCOMPARE(utf8.first().name, u"café"_s);
}

void tst_ListingParser::unsafeNamesDropped()
{
    const QByteArray listing = "-rw-r--r-- 1 u g 1 Nov 20 14:03 a/b\r\n"
                               "-rw-r--r-- 1 u g 1 Nov 20 14:03 a\\b\r\n"
                               "-rw-r--r-- 1 u g 1 Nov 20 14:03 nul\0byte\r\n"
                               "-rw-r--r-- 1 u g 1 Nov 20 14:03\r\n"
                               "drwxr-xr-x 2 u g 4096 Nov 20 14:03 .\r\n"
                               "drwxr-xr-x 2 u g 4096 Nov 20 14:03 ..\r\n"
                               "-rw-r--r-- 1 u g 1 Nov 20 14:03 ok\r\n"
                               "type=file;size=1; ../../etc/passwd\r\n"
                               "type=file;size=1; .\r\n"
                               "type=dir; ..\r\n"
                               "type=file;size=1; \r\n"
                               "type=file;size=1; C:\\evil\r\n"
                               "type=file;size=1; ok2\r\n"_ba;
    const QList<DirEntry> entries = ListingParser::parse(listing, options());
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).name, u"ok"_s);
    QCOMPARE(entries.at(0).line, 7);
    QCOMPARE(entries.at(1).name, u"ok2"_s);
    QCOMPARE(entries.at(1).line, 13);
}

void tst_ListingParser::unsafeNamesKeptAndFlagged()
{
    const QByteArray listing = "-rw-r--r-- 1 u g 1 Nov 20 14:03 a/b\r\n"
                               "-rw-r--r-- 1 u g 1 Nov 20 14:03 nul\0byte\r\n"
                               "drwxr-xr-x 2 u g 4096 Nov 20 14:03 .\r\n"
                               "drwxr-xr-x 2 u g 4096 Nov 20 14:03 ..\r\n"
                               "-rw-r--r-- 1 u g 1 Nov 20 14:03 ok\r\n"
                               "type=file;size=1; ../../etc/passwd\r\n"
                               "type=dir; ..\r\n"
                               "type=file;size=1; ok2\r\n"_ba;
    ListingParser::Options o = options();
    o.keepUnsafeNames = true;
    const QList<DirEntry> entries = ListingParser::parse(listing, o);
    // ls's own "." and ".." are the directory itself and its parent: never entries.
    QStringList names;
    QList<bool> unsafe;
    for (const DirEntry &e : entries) {
        names << e.name;
        unsafe << e.hasUnsafeName();
    }
    QCOMPARE(names, (QStringList{u"a/b"_s, QString::fromLatin1("nul\0byte", 8), u"ok"_s,
                                 u"../../etc/passwd"_s, u".."_s, u"ok2"_s}));
    QCOMPARE(unsafe, (QList<bool>{true, true, false, true, true, false}));
    QCOMPARE(
        direntryToJsonLine(entries.at(0), true),
        R"({"group":"g","is_dir":false,"is_link":false,"line":1,"name":"a/b","owner":"u",)"
        R"("permissions":"-rw-r--r--","size":1,"target":null,"time":"2026-11-20 14:03","unsafe":true})"_ba);
    QVERIFY(!direntryToJsonLine(entries.at(0), false).contains("unsafe"));
    QVERIFY(!direntryToJsonLine(entries.at(2), true).contains("unsafe"));
}

void tst_ListingParser::hasUnsafeName_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("rawName");
    QTest::addColumn<bool>("unsafe");

    QTest::newRow("plain") << u"file.txt"_s << "file.txt"_ba << false;
    QTest::newRow("spaces") << u" a b "_s << " a b "_ba << false;
    QTest::newRow("dots-inside") << u"..a.."_s << "..a.."_ba << false;
    QTest::newRow("three-dots") << u"..."_s << "..."_ba << false;
    QTest::newRow("empty") << QString() << QByteArray() << true;
    QTest::newRow("dot") << u"."_s << "."_ba << true;
    QTest::newRow("dotdot") << u".."_s << ".."_ba << true;
    QTest::newRow("slash") << u"a/b"_s << "a/b"_ba << true;
    QTest::newRow("leading-slash") << u"/etc"_s << "/etc"_ba << true;
    QTest::newRow("backslash") << u"a\\b"_s << "a\\b"_ba << true;
    QTest::newRow("nul") << QString::fromLatin1("a\0b", 3) << QByteArray("a\0b", 3) << true;
    QTest::newRow("cr") << u"a\rb"_s << "a\rb"_ba << true;
    QTest::newRow("lf") << u"a\nb"_s << "a\nb"_ba << true;
    QTest::newRow("raw-slash-hidden-by-charset") << u"a∕b"_s << "a/b"_ba << true;
    QTest::newRow("raw-backslash-trail-byte") << u"ソ"_s << "\x83\x5c"_ba << false;
}

void tst_ListingParser::hasUnsafeName()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, rawName);
    QFETCH(bool, unsafe);
    DirEntry e;
    e.name = name;
    e.rawName = rawName;
    QCOMPARE(e.hasUnsafeName(), unsafe);
}

void tst_ListingParser::json()
{
    const QByteArray listing =
        "-rw-r--r--    1 ftp      ftp          1024 Nov 20 14:03 readme.txt\r\n"
        "lrwxrwxrwx    1 0        0              11 Jan 15  2024 latest -> release-2.1\r\n"
        "crw-rw-rw-    1 root     root       1,   3 Jan  1  2020 null\r\n"
        "modify=20261101093000;perm=adfrw;size=2048;type=file;UNIX.mode=0644;UNIX.ownername=alice; "
        "naïve \"quoted\"\ttab.txt\r\n"
        "type=dir;perm=el; nodate\r\n"_ba;
    const QList<DirEntry> entries = ListingParser::parse(listing, options());
    QCOMPARE(entries.size(), 5);
    QCOMPARE(direntryToJsonLine(entries.at(0)),
             R"({"group":"ftp","is_dir":false,"is_link":false,"line":1,"name":"readme.txt","owner":"ftp",)"
             R"("permissions":"-rw-r--r--","size":1024,"target":null,"time":"2026-11-20 14:03"})"_ba);
    QCOMPARE(direntryToJsonLine(entries.at(1)),
             R"({"group":"0","is_dir":false,"is_link":true,"line":2,"name":"latest","owner":"0",)"
             R"("permissions":"lrwxrwxrwx","size":11,"target":"release-2.1","time":"2024-01-15"})"_ba);
    QCOMPARE(direntryToJsonLine(entries.at(2)),
             R"({"group":"root","is_dir":false,"is_link":false,"line":3,"name":"null","owner":"root",)"
             R"("permissions":"crw-rw-rw-","size":null,"target":null,"time":"2020-01-01"})"_ba);
    QCOMPARE(direntryToJsonLine(entries.at(3)),
             R"({"group":"","is_dir":false,"is_link":false,"line":4,"name":"naïve \"quoted\"\ttab.txt",)"
             R"("owner":"alice","permissions":"-rw-r--r--","size":2048,"target":null,)"
             R"("time":"2026-11-01 09:30:00"})"_ba);
    QCOMPARE(direntryToJsonLine(entries.at(4), true),
             R"({"group":"","is_dir":true,"is_link":false,"line":5,"name":"nodate","owner":"",)"
             R"("permissions":"el","size":null,"target":null,"time":null})"_ba);
    QVERIFY(!direntryToJsonLine(entries.at(0)).endsWith('\n'));
}

void tst_ListingParser::yearWithoutToday()
{
    // No "today": a yearless date cannot be placed, so it is reported as unknown rather
    // than guessed; dates with a year are unaffected.
    ListingParser::Options o = options();
    o.today = QDate();
    const QList<DirEntry> entries = ListingParser::parse("-rw-r--r-- 1 u g 5 Nov 20 14:03 recent\n"
                                                         "-rw-r--r-- 1 u g 5 Jan 15  2024 old\n"_ba,
                                                         o);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).name, u"recent"_s);
    QCOMPARE(entries.at(0).timePrecision, Precision::None);
    QVERIFY(!entries.at(0).date.isValid());
    QVERIFY(!entries.at(0).time.isValid());
    QCOMPARE(entries.at(1).timePrecision, Precision::Day);
    QCOMPARE(entries.at(1).date, D(2024, 1, 15));
}

void tst_ListingParser::serverTypeNames()
{
    for (const ServerType type : {ServerType::Auto, ServerType::Unix, ServerType::Mlsd}) {
        ServerType parsed = ServerType::Auto;
        QVERIFY(ListingParser::parseServerType(ListingParser::serverTypeName(type), &parsed));
        QCOMPARE(parsed, type);
    }
    QCOMPARE(ListingParser::serverTypeName(ServerType::Unix), u"unix"_s);
    QCOMPARE(ListingParser::serverTypeName(ServerType::Mlsd), u"mlsd"_s);
    QCOMPARE(ListingParser::serverTypeName(ServerType::Auto), u"auto"_s);
    ServerType parsed = ServerType::Auto;
    QVERIFY(ListingParser::parseServerType(u"MLSD"_s, &parsed));
    QCOMPARE(parsed, ServerType::Mlsd);
    parsed = ServerType::Mlsd;
    QVERIFY(!ListingParser::parseServerType(u"dos"_s, &parsed));
    QVERIFY(!ListingParser::parseServerType(QString(), &parsed));
    QCOMPARE(parsed, ServerType::Mlsd); // untouched on failure
}

void tst_ListingParser::manyLines()
{
    constexpr int kCount = 200000;
    QByteArray listing;
    listing.reserve(kCount * 72);
    listing += "total 800000\r\n";
    for (int i = 0; i < kCount; ++i) {
        listing += "-rw-r--r--    1 user     group    " + QByteArray::number(i) + " Nov 20 14:03 file" +
                   QByteArray::number(i).rightJustified(6, '0') + ".txt\r\n";
    }

    // Fed the way a data connection delivers it: fixed-size chunks.
    ListingParser parser(options());
    for (qsizetype pos = 0; pos < listing.size(); pos += 64 * 1024)
        parser.addData(listing.mid(pos, 64 * 1024));
    parser.finish();
    const QList<DirEntry> entries = parser.takeEntries();
    QCOMPARE(entries.size(), kCount);
    const DirEntry &lastEntry = entries.last();
    QCOMPARE(lastEntry.name, u"file199999.txt"_s);
    QCOMPARE(lastEntry.size, qint64(kCount - 1));
    QCOMPARE(lastEntry.line, kCount + 1);
    QCOMPARE(lastEntry.owner, u"user"_s);
    QCOMPARE(lastEntry.date, D(2026, 11, 20));
    QVERIFY(parser.takeEntries().isEmpty());
}

QTEST_GUILESS_MAIN(tst_ListingParser)
#include "tst_listingparser.moc"
