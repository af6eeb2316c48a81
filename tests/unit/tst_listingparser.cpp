#include "listing/direntryjson.h"
#include "listing/listingparser.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
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

// Whether a row must also be found by auto-detection: some lines are too ambiguous to
// claim unless the server type is known (an MVS member listed by name alone).
enum class Detection { Always, WithHint, ForcedOnly };

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
    Detection detection = Detection::Always;
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

// direntryToJsonLine's output as it was first defined, through QJsonDocument: the hand-written
// writer must produce exactly this.
QByteArray referenceJson(const DirEntry &e, bool includeUnsafeFlag)
{
    QJsonValue time(QJsonValue::Null);
    const auto ymd = [&] {
        return QString::asprintf("%04d-%02d-%02d", e.date.year(), e.date.month(), e.date.day());
    };
    if (e.timePrecision == DirEntry::TimePrecision::Day && e.date.isValid())
        time = ymd();
    else if (e.timePrecision == DirEntry::TimePrecision::Minute && e.date.isValid() && e.time.isValid())
        time = QString(ymd() + QString::asprintf(" %02d:%02d", e.time.hour(), e.time.minute()));
    else if (e.timePrecision == DirEntry::TimePrecision::Second && e.date.isValid() && e.time.isValid())
        time = QString(ymd() +
                       QString::asprintf(" %02d:%02d:%02d", e.time.hour(), e.time.minute(), e.time.second()));
    QJsonObject o;
    o.insert(QLatin1StringView("name"), e.name);
    o.insert(QLatin1StringView("size"), e.size >= 0 ? QJsonValue(e.size) : QJsonValue(QJsonValue::Null));
    o.insert(QLatin1StringView("is_dir"), e.isDir);
    o.insert(QLatin1StringView("is_link"), e.isLink);
    o.insert(QLatin1StringView("target"),
             e.target.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.target));
    o.insert(QLatin1StringView("time"), time);
    o.insert(QLatin1StringView("permissions"), e.permissions);
    o.insert(QLatin1StringView("owner"), e.owner);
    o.insert(QLatin1StringView("group"), e.group);
    o.insert(QLatin1StringView("line"), e.line);
    if (includeUnsafeFlag && e.hasUnsafeName())
        o.insert(QLatin1StringView("unsafe"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
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
    void jsonMatchesQJsonDocument();
    void yearWithoutToday();
    void serverTypeNames();
    void hintFromSyst_data();
    void hintFromSyst();
    void hintIsOnlyAHint();
    void mixedDialects();
    void os400DateOrder();
    void vmsWrappedEntries();
    void unsafeNamesEveryFormat();
    void legacyCharsetEveryFormat();
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
    constexpr ServerType Dos = ServerType::Dos;
    constexpr ServerType Eplf = ServerType::Eplf;
    constexpr ServerType Vms = ServerType::Vms;
    constexpr ServerType Os400 = ServerType::Os400;
    constexpr ServerType Os2 = ServerType::Os2;
    constexpr ServerType Netware = ServerType::Netware;
    constexpr ServerType Mvs = ServerType::Mvs;
    constexpr ServerType Zvm = ServerType::Zvm;
    constexpr ServerType NonStop = ServerType::NonStop;
    constexpr ServerType Os9 = ServerType::Os9;
    constexpr ServerType Other = ServerType::Other;

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

    // Rows from here on are real lines from the servers FileZilla, Apache Commons Net and
    // their users met (FileZilla's dirparsertest and Commons Net's parser tests were the
    // source of many), plus `ls` under the locales people run servers in. Today is
    // 2026-11-22, so yearless dates after Nov 24 are last year's.
    row("dos-iis-dir-ampm", Dos, "04-27-00  12:09PM       <DIR>          Program Files"_ba,
        {.name = u"Program Files"_s,
         .isDir = true,
         .date = D(2000, 4, 27),
         .time = T(12, 9),
         .precision = Precision::Minute});
    row("dos-iis-file-pm", Dos, "04-06-00  03:47PM                  589 readme.txt"_ba,
        {.name = u"readme.txt"_s,
         .size = 589,
         .date = D(2000, 4, 6),
         .time = T(15, 47),
         .precision = Precision::Minute});
    row("dos-iis-12am-is-midnight", Dos, "04-27-00  12:09AM       <DIR>          midnight"_ba,
        {.name = u"midnight"_s,
         .isDir = true,
         .date = D(2000, 4, 27),
         .time = T(0, 9),
         .precision = Precision::Minute});
    row("dos-24h-four-digit-year", Dos, "01-02-2020  13:04  1234 name"_ba,
        {.name = u"name"_s,
         .size = 1234,
         .date = D(2020, 1, 2),
         .time = T(13, 4),
         .precision = Precision::Minute});
    row("dos-iso-date-dir", Dos, "2002-09-02  18:48       <DIR>          18-dos-longyear dir"_ba,
        {.name = u"18-dos-longyear dir"_s,
         .isDir = true,
         .date = D(2002, 9, 2),
         .time = T(18, 48),
         .precision = Precision::Minute});
    row("dos-thousands-separator", Dos, "2002-09-02  19:06                9,730 19-dos-longyear file"_ba,
        {.name = u"19-dos-longyear file"_s,
         .size = 9730,
         .date = D(2002, 9, 2),
         .time = T(19, 6),
         .precision = Precision::Minute});
    row("dos-dir-command-pm-token", Dos, "01/02/2020  01:04 PM    <DIR>          Documents"_ba,
        {.name = u"Documents"_s,
         .isDir = true,
         .date = D(2020, 1, 2),
         .time = T(13, 4),
         .precision = Precision::Minute});
    row("dos-junction", Dos,
        "01/02/2020  01:04 PM    <JUNCTION>     Application Data [C:\\Users\\x\\AppData\\Roaming]"_ba,
        {.name = u"Application Data"_s,
         .isDir = true,
         .isLink = true,
         .target = u"C:\\Users\\x\\AppData\\Roaming"_s,
         .date = D(2020, 1, 2),
         .time = T(13, 4),
         .precision = Precision::Minute});
    row("dos-symlinkd", Dos, "01/02/2020  01:04 PM    <SYMLINKD>     docs [C:\\data\\docs]"_ba,
        {.name = u"docs"_s,
         .isDir = true,
         .isLink = true,
         .target = u"C:\\data\\docs"_s,
         .date = D(2020, 1, 2),
         .time = T(13, 4),
         .precision = Precision::Minute});
    row("dos-symlink-file", Dos, "01/02/2020  09:30 AM    <SYMLINK>      link.txt [target.txt]"_ba,
        {.name = u"link.txt"_s,
         .isLink = true,
         .target = u"target.txt"_s,
         .date = D(2020, 1, 2),
         .time = T(9, 30),
         .precision = Precision::Minute});
    row("dos-y2k-99-grouped-size", Dos, "12-31-99  11:59PM            1,234,567 big file.iso"_ba,
        {.name = u"big file.iso"_s,
         .size = 1234567,
         .date = D(1999, 12, 31),
         .time = T(23, 59),
         .precision = Precision::Minute});
    row("dos-german-dotted-date", Dos, "27.04.2000  12:09       <DIR>          Ordner"_ba,
        {.name = u"Ordner"_s,
         .isDir = true,
         .date = D(2000, 4, 27),
         .time = T(12, 9),
         .precision = Precision::Minute});
    row("dos-day-first-over-12", Dos, "23-04-2021  09:15            2048 report.pdf"_ba,
        {.name = u"report.pdf"_s,
         .size = 2048,
         .date = D(2021, 4, 23),
         .time = T(9, 15),
         .precision = Precision::Minute});
    row("dos-utf8-name", Dos, "11-20-26  02:03PM                   12 日本語.txt"_ba,
        {.name = u"日本語.txt"_s,
         .size = 12,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute});
    row("eplf-file-with-perms", Eplf, "+i8388621.48594,m825718503,r,s280,up755\t14-eplf file"_ba,
        {.name = u"14-eplf file"_s,
         .size = 280,
         .date = D(1996, 3, 1),
         .time = T(22, 15, 3),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rwxr-xr-x"_s});
    row("eplf-dir", Eplf, "+i8388621.50690,m824255907,/,\t15-eplf dir"_ba,
        {.name = u"15-eplf dir"_s,
         .isDir = true,
         .date = D(1996, 2, 13),
         .time = T(23, 58, 27),
         .precision = Precision::Second,
         .utc = true});
    row("eplf-djb-example", Eplf, "+i8388621.48594,m825718503,r,s280,\tdjb.html"_ba,
        {.name = u"djb.html"_s,
         .size = 280,
         .date = D(1996, 3, 1),
         .time = T(22, 15, 3),
         .precision = Precision::Second,
         .utc = true});
    row("eplf-facts-any-order", Eplf, "+/,m824255907,\tdir-first"_ba,
        {.name = u"dir-first"_s,
         .isDir = true,
         .date = D(1996, 2, 13),
         .time = T(23, 58, 27),
         .precision = Precision::Second,
         .utc = true});
    row("eplf-unknown-fact-ignored", Eplf, "+i1,r,s0,m0,xfuture,\tzero"_ba,
        {.name = u"zero"_s,
         .size = 0,
         .date = D(1970, 1, 1),
         .time = T(0, 0, 0),
         .precision = Precision::Second,
         .utc = true});
    row("eplf-dir-perms", Eplf, "+/,up0750,m1700000000,\tprivate"_ba,
        {.name = u"private"_s,
         .isDir = true,
         .date = D(2023, 11, 14),
         .time = T(22, 13, 20),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"drwxr-x---"_s});
    row("eplf-name-with-spaces", Eplf, "+r,s5,m1600000000,\tmy file .txt"_ba,
        {.name = u"my file .txt"_s,
         .size = 5,
         .date = D(2020, 9, 13),
         .time = T(12, 26, 40),
         .precision = Precision::Second,
         .utc = true});
    row("vms-dir-dot-dir", Vms, "36-vms-dir.DIR;1  1 19-NOV-2001 21:41 [root,root] (RWE,RWE,RE,RE)"_ba,
        {.name = u"36-vms-dir"_s,
         .size = 512,
         .isDir = true,
         .date = D(2001, 11, 19),
         .time = T(21, 41),
         .precision = Precision::Minute,
         .permissions = u"RWE,RWE,RE,RE"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("vms-file-hundredths", Vms, "37-vms-file;1       155   2-JUL-2003 10:30:13.64"_ba,
        {.name = u"37-vms-file;1"_s,
         .size = 79360,
         .date = D(2003, 7, 2),
         .time = T(10, 30, 13),
         .precision = Precision::Second});
    row("vms-used-allocated-no-time", Vms,
        "38-vms-notime-file;1    2/8    7-JAN-2000    [IV2_XXX]   (RWED,RWED,RE,)"_ba,
        {.name = u"38-vms-notime-file;1"_s,
         .size = 1024,
         .date = D(2000, 1, 7),
         .precision = Precision::Day,
         .permissions = u"RWED,RWED,RE,"_s,
         .owner = u"IV2_XXX"_s});
    row("vms-french-month-bare-owner", Vms,
        "39-vms-notime-file;1    6/8    15-JUI-2002    PRONAS   (RWED,RWED,RE,)"_ba,
        {.name = u"39-vms-notime-file;1"_s,
         .size = 3072,
         .date = D(2002, 7, 15),
         .precision = Precision::Day,
         .permissions = u"RWED,RWED,RE,"_s,
         .owner = u"PRONAS"_s});
    row("vms-wrapped-over-two-lines", Vms,
        "40-vms-multiline-file;1\r\n170774/170775     24-APR-2003 08:16:15  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)"_ba,
        {.name = u"40-vms-multiline-file;1"_s,
         .size = 87436288,
         .date = D(2003, 4, 24),
         .time = T(8, 16, 15),
         .precision = Precision::Second,
         .permissions = u"RWED,RWED,RE,"_s,
         .owner = u"SCOT"_s,
         .group = u"FTP_CLIENT"_s});
    row("vms-wrapped-hundredths", Vms,
        "41-vms-multiline-file;1\r\n10     2-JUL-2003 10:30:08.59  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)"_ba,
        {.name = u"41-vms-multiline-file;1"_s,
         .size = 5120,
         .date = D(2003, 7, 2),
         .time = T(10, 30, 8),
         .precision = Precision::Second,
         .permissions = u"RWED,RWED,RE,"_s,
         .owner = u"SCOT"_s,
         .group = u"FTP_CLIENT"_s});
    row("vms-owner-before-size", Vms,
        "42-vms-alternate-field-order-file;1   [SUMMARY]    1/3     2-AUG-2006 13:05  (RWE,RWE,RE,)"_ba,
        {.name = u"42-vms-alternate-field-order-file;1"_s,
         .size = 512,
         .date = D(2006, 8, 2),
         .time = T(13, 5),
         .precision = Precision::Minute,
         .permissions = u"RWE,RWE,RE,"_s,
         .owner = u"SUMMARY"_s});
    row("vms-size-after-date", Vms,
        "43-vms-alternate-field-order-file;1       17-JUN-1994 17:25:37     6308/13     (RWED,RWED,R,)"_ba,
        {.name = u"43-vms-alternate-field-order-file;1"_s,
         .size = 3229696,
         .date = D(1994, 6, 17),
         .time = T(17, 25, 37),
         .precision = Precision::Second,
         .permissions = u"RWED,RWED,R,"_s});
    row("vms-size-with-unit", Vms, "56-VMS-complex-size;1 2KB 23-SEP-2005 14:57:07.27"_ba,
        {.name = u"56-VMS-complex-size;1"_s,
         .size = 2048,
         .date = D(2005, 9, 23),
         .time = T(14, 57, 7),
         .precision = Precision::Second});
    row("vms-wrapped-ucx", Vms,
        "UCX$REXECD_STARTUP.LOG;1098\r\n                         4/15         24-FEB-2003 13:17:24  [POSTWARE,LP]    (RWED,RWED,RE,)"_ba,
        {.name = u"UCX$REXECD_STARTUP.LOG;1098"_s,
         .size = 2048,
         .date = D(2003, 2, 24),
         .time = T(13, 17, 24),
         .precision = Precision::Second,
         .permissions = u"RWED,RWED,RE,"_s,
         .owner = u"LP"_s,
         .group = u"POSTWARE"_s});
    row("vms-truncated-uic", Vms,
        "FREEWARE40.DIR;1        27/36         16-FEB-1999 10:01:46  [AP_HTTPD,APACHE$WWW                               (RWE,RWE,RE,RE)"_ba,
        {.name = u"FREEWARE40"_s,
         .size = 13824,
         .isDir = true,
         .date = D(1999, 2, 16),
         .time = T(10, 1, 46),
         .precision = Precision::Second,
         .permissions = u"RWE,RWE,RE,RE"_s,
         .owner = u"APACHE$WWW"_s,
         .group = u"AP_HTTPD"_s});
    row("vms-identifier-owner-dir", Vms,
        "DATA.DIR;1               1/9           2-JUN-1998 07:32:04  [TRANSLATED]     (,RWED,RWED,RE)"_ba,
        {.name = u"DATA"_s,
         .size = 512,
         .isDir = true,
         .date = D(1998, 6, 2),
         .time = T(7, 32, 4),
         .precision = Precision::Second,
         .permissions = u",RWED,RWED,RE"_s,
         .owner = u"TRANSLATED"_s});
    row("vms-between-header-and-total", Vms,
        "Directory USER1:[TEMP]\r\n\r\nA.;2                    18/18          1-JUL-1998 08:43:20  [GROUP,OWNER]    (RWED,RWED,RWED,RE)\r\n\r\nTotal of 1 file, 18/18 blocks.\r\n"_ba,
        {.name = u"A.;2"_s,
         .size = 9216,
         .date = D(1998, 7, 1),
         .time = T(8, 43, 20),
         .precision = Precision::Second,
         .permissions = u"RWED,RWED,RWED,RE"_s,
         .owner = u"OWNER"_s,
         .group = u"GROUP"_s,
         .line = 3});
    row("vms-dir-other-version", Vms,
        "OLD.DIR;2                1/3   1-JAN-2020 00:00:00  [SYSTEM]  (RWE,RWE,RE,E)"_ba,
        {.name = u"OLD.DIR;2"_s,
         .size = 512,
         .isDir = true,
         .date = D(2020, 1, 1),
         .time = T(0, 0, 0),
         .precision = Precision::Second,
         .permissions = u"RWE,RWE,RE,E"_s,
         .owner = u"SYSTEM"_s});
    row("vms-lowercase-month", Vms,
        "1-JUN.LIS;1              9/9           2-jun-1998 07:32:04  [GROUP,OWNER]    (RWED,RWED,RWED,RE)"_ba,
        {.name = u"1-JUN.LIS;1"_s,
         .size = 4608,
         .date = D(1998, 6, 2),
         .time = T(7, 32, 4),
         .precision = Precision::Second,
         .permissions = u"RWED,RWED,RWED,RE"_s,
         .owner = u"OWNER"_s,
         .group = u"GROUP"_s});
    row("os400-dir-trailing-slash", Os400,
        "QSYS            77824 02/23/00 15:09:55 *DIR 44-ibm-as400 dir/"_ba,
        {.name = u"44-ibm-as400 dir"_s,
         .size = 77824,
         .isDir = true,
         .date = D(2000, 2, 23),
         .time = T(15, 9, 55),
         .precision = Precision::Second,
         .permissions = u"*DIR"_s,
         .owner = u"QSYS"_s});
    row("os400-day-first-date", Os400,
        "QSYS            77824 23/02/00 15:09:55 *FILE 45-ibm-as400-date file"_ba,
        {.name = u"45-ibm-as400-date file"_s,
         .size = 77824,
         .date = D(2000, 2, 23),
         .time = T(15, 9, 55),
         .precision = Precision::Second,
         .permissions = u"*FILE"_s,
         .owner = u"QSYS"_s});
    row("os400-dotted-date", Os400, "QPGMR           36864 18.09.06 14:21:26 *FILE      55-AS400.FILE"_ba,
        {.name = u"55-AS400.FILE"_s,
         .size = 36864,
         .date = D(2006, 9, 18),
         .time = T(14, 21, 26),
         .precision = Precision::Second,
         .permissions = u"*FILE"_s,
         .owner = u"QPGMR"_s});
    row("os400-stmf", Os400, "ALICE          102400 01/31/24 12:00:05 *STMF      report.csv"_ba,
        {.name = u"report.csv"_s,
         .size = 102400,
         .date = D(2024, 1, 31),
         .time = T(12, 0, 5),
         .precision = Precision::Second,
         .permissions = u"*STMF"_s,
         .owner = u"ALICE"_s});
    row("os400-stmf-path-name", Os400,
        "ZFTPDEV 9069 05/20/15 15:36:52 *STMF /DRV/AUDWRKSHET/AUDWRK0204232015114625.PDF"_ba,
        {.name = u"AUDWRK0204232015114625.PDF"_s,
         .size = 9069,
         .date = D(2015, 5, 20),
         .time = T(15, 36, 52),
         .precision = Precision::Second,
         .permissions = u"*STMF"_s,
         .owner = u"ZFTPDEV"_s});
    row("os400-library", Os400, "QSYS           12288 01/30/24 08:00:00 *LIB       MYLIB.LIB"_ba,
        {.name = u"MYLIB.LIB"_s,
         .size = 12288,
         .isDir = true,
         .date = D(2024, 1, 30),
         .time = T(8, 0, 0),
         .precision = Precision::Second,
         .permissions = u"*LIB"_s,
         .owner = u"QSYS"_s});
    row("os400-member", Os400,
        "                                        *MEM       MYLIB.LIB/MYFILE.FILE/MBR1.MBR"_ba,
        {.name = u"MBR1.MBR"_s, .permissions = u"*MEM"_s});
    row("os400-folder", Os400, "BOB             4096 31.01.24 07:00:00 *FLR       folder"_ba,
        {.name = u"folder"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2024, 1, 31),
         .time = T(7, 0, 0),
         .precision = Precision::Second,
         .permissions = u"*FLR"_s,
         .owner = u"BOB"_s});
    row("os400-name-with-spaces", Os400,
        "MYUSER              3 06/12/21 12:00:00 *STMF      file with space.txt"_ba,
        {.name = u"file with space.txt"_s,
         .size = 3,
         .date = D(2021, 6, 12),
         .time = T(12, 0, 0),
         .precision = Precision::Second,
         .permissions = u"*STMF"_s,
         .owner = u"MYUSER"_s});
    row("os2-file-year-103", Os2, "36611      A    04-23-103  10:57  24-os2 file"_ba,
        {.name = u"24-os2 file"_s,
         .size = 36611,
         .date = D(2003, 4, 23),
         .time = T(10, 57),
         .precision = Precision::Minute});
    row("os2-leading-space", Os2, " 1123      A    07-14-99   12:37  25-os2 file"_ba,
        {.name = u"25-os2 file"_s,
         .size = 1123,
         .date = D(1999, 7, 14),
         .time = T(12, 37),
         .precision = Precision::Minute});
    row("os2-dir", Os2, "    0 DIR       02-11-103  16:15  26-os2 dir"_ba,
        {.name = u"26-os2 dir"_s,
         .size = 0,
         .isDir = true,
         .date = D(2003, 2, 11),
         .time = T(16, 15),
         .precision = Precision::Minute});
    row("os2-dir-with-attribute", Os2, " 1123 DIR  A    10-05-100  23:38  27-os2 dir"_ba,
        {.name = u"27-os2 dir"_s,
         .size = 1123,
         .isDir = true,
         .date = D(2000, 10, 5),
         .time = T(23, 38),
         .precision = Precision::Minute});
    row("os2-issue-example", Os2, "  0 DIR  05-12-97  14:00  name"_ba,
        {.name = u"name"_s,
         .size = 0,
         .isDir = true,
         .date = D(1997, 5, 12),
         .time = T(14, 0),
         .precision = Precision::Minute});
    row("netware-dir", Netware,
        "d [R----F--] supervisor            512       Jan 16 18:53    09-netware dir"_ba,
        {.name = u"09-netware dir"_s,
         .size = 512,
         .isDir = true,
         .date = D(2026, 1, 16),
         .time = T(18, 53),
         .precision = Precision::Minute,
         .permissions = u"d [R----F--]"_s,
         .owner = u"supervisor"_s});
    row("netware-file", Netware,
        "- [R----F--] rhesus             214059       Oct 20 15:27    10-netware file"_ba,
        {.name = u"10-netware file"_s,
         .size = 214059,
         .date = D(2026, 10, 20),
         .time = T(15, 27),
         .precision = Precision::Minute,
         .permissions = u"- [R----F--]"_s,
         .owner = u"rhesus"_s});
    row("netware-all-rights", Netware, "d [RWCEAFMS] owner  512 Jan 01 10:00 name"_ba,
        {.name = u"name"_s,
         .size = 512,
         .isDir = true,
         .date = D(2026, 1, 1),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"d [RWCEAFMS]"_s,
         .owner = u"owner"_s});
    row("netware-year", Netware, "- [RWCEAFMS] owner  512 Jan 01  2019 old.nlm"_ba,
        {.name = u"old.nlm"_s,
         .size = 512,
         .date = D(2019, 1, 1),
         .precision = Precision::Day,
         .permissions = u"- [RWCEAFMS]"_s,
         .owner = u"owner"_s});
    row("mvs-ps-dataset", Mvs, "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  60-MVS.FILE"_ba,
        {.name = u"60-MVS.FILE"_s, .date = D(2003, 5, 21), .precision = Precision::Day});
    row("mvs-po-is-dir", Mvs, "WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  61-MVS.DATASET"_ba,
        {.name = u"61-MVS.DATASET"_s, .isDir = true, .date = D(2004, 3, 4), .precision = Precision::Day});
    row("mvs-no-referred-date", Mvs,
        "NRP004 3390   **NONE**    1   15  NONE     0     0  PO  62-MVS-NONEDATE.DATASET"_ba,
        {.name = u"62-MVS-NONEDATE.DATASET"_s, .isDir = true});
    row("mvs-ext-used-run-together", Mvs, "TSO005 3390   2005/06/06 213000 U 0 27998 PO 63-MVS.DATASET"_ba,
        {.name = u"63-MVS.DATASET"_s, .isDir = true, .date = D(2005, 6, 6), .precision = Precision::Day});
    row("mvs-vsam", Mvs, "TSO004 3390   VSAM 64-mvs-file"_ba, {.name = u"64-mvs-file"_s});
    row("mvs-used-unknown", Mvs, "WYOSPT 3420   2003/05/21  1 ????  FB      80  8053  PS  79-MVS.FILE"_ba,
        {.name = u"79-MVS.FILE"_s, .date = D(2003, 5, 21), .precision = Precision::Day});
    row("mvs-used-overflow", Mvs, "GISBWI 3390   2011/08/25  2 ++++  FB     904 18080  PS  80-MVS.FILE"_ba,
        {.name = u"80-MVS.FILE"_s, .date = D(2011, 8, 25), .precision = Precision::Day});
    row("mvs-po-e-is-dir", Mvs, "WYOSPT 3420   2003/05/21  1 3 U 6447    6447  PO-E 81-MVS.DIR"_ba,
        {.name = u"81-MVS.DIR"_s, .isDir = true, .date = D(2003, 5, 21), .precision = Precision::Day});
    row("mvs-after-header", Mvs,
        "Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname\r\nSAVE00 3390   2004/06/23  1    1  FB     128  6144  PS    INCOMING.RPTBM023.D061704\r\n"_ba,
        {.name = u"INCOMING.RPTBM023.D061704"_s,
         .date = D(2004, 6, 23),
         .precision = Precision::Day,
         .line = 2});
    row("mvs-wide-used-column", Mvs,
        "PEX26F 3390   2017/07/03  115807  FB   29600 29600  PS    INCOMING.FIN.D170630.T160630"_ba,
        {.name = u"INCOMING.FIN.D170630.T160630"_s, .date = D(2017, 7, 3), .precision = Precision::Day});
    row("mvs-fba-po", Mvs, "TST017 3390   2023/09/08  2   59  FBA    133 32718  PO    USER.LISTINGS"_ba,
        {.name = u"USER.LISTINGS"_s, .isDir = true, .date = D(2023, 9, 8), .precision = Precision::Day});
    row("mvs-migrated", Mvs, "Migrated\t\t\t\t69-SOME.FILE"_ba, {.name = u"69-SOME.FILE"_s});
    row("mvs-tape", Mvs, "V43525 Tape                                             73-MSV-TAPE.FILE"_ba,
        {.name = u"73-MSV-TAPE.FILE"_s});
    row("mvs-not-direct-access", Mvs,
        "ARCIVE Not Direct Access Device                           KJ.IOP998.ERROR.PL.UNITTEST"_ba,
        {.name = u"KJ.IOP998.ERROR.PL.UNITTEST"_s});
    row("mvs-pds-member", Mvs, "66-MVSPDSMEMBER 01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12"_ba,
        {.name = u"66-MVSPDSMEMBER"_s,
         .date = D(2004, 6, 22),
         .time = T(16, 32),
         .precision = Precision::Minute,
         .owner = u"BOBY12"_s});
    row("mvs-pds-member-after-header", Mvs,
        "Name      VV.MM   Created       Changed      Size  Init   Mod   Id\r\nTBSHELF1  01.03 2002/09/12 2002/10/11 09:37    11    11     0 KIL001\r\n"_ba,
        {.name = u"TBSHELF1"_s,
         .date = D(2002, 10, 11),
         .time = T(9, 37),
         .precision = Precision::Minute,
         .owner = u"KIL001"_s,
         .line = 2});
    row("mvs-load-module", Mvs, "67-MVSPDSMEMBER2 00B308 000411  00 FO                31    ANY"_ba,
        {.name = u"67-MVSPDSMEMBER2"_s, .size = 45832});
    row("mvs-load-module-more-attributes", Mvs,
        "68-MVSPDSMEMBER3 00B308 000411  00 FO        RU      ANY    24"_ba,
        {.name = u"68-MVSPDSMEMBER3"_s, .size = 45832});
    row("mvs-member-name-only", Mvs, "65-MVS-PDS-MEMBER"_ba,
        {.name = u"65-MVS-PDS-MEMBER"_s, .detection = Detection::WithHint});
    row("zvm-filezilla-sample", Zvm,
        "70-ZVMFILE  TRACE   V        65      107        2 2005-10-04 15:28:42 060191"_ba,
        {.name = u"70-ZVMFILE.TRACE"_s,
         .size = 6955,
         .date = D(2005, 10, 4),
         .time = T(15, 28, 42),
         .precision = Precision::Second,
         .owner = u"060191"_s});
    row("zvm-variable-records", Zvm,
        "PROFILE  EXEC     V         68         23          1 2005-10-04 15:28:42 TCP191"_ba,
        {.name = u"PROFILE.EXEC"_s,
         .size = 1564,
         .date = D(2005, 10, 4),
         .time = T(15, 28, 42),
         .precision = Precision::Second,
         .owner = u"TCP191"_s});
    row("zvm-fixed-records", Zvm,
        "README   TXT      F         80         12          1 2021-01-20 09:00:00 USR191"_ba,
        {.name = u"README.TXT"_s,
         .size = 960,
         .date = D(2021, 1, 20),
         .time = T(9, 0, 0),
         .precision = Precision::Second,
         .owner = u"USR191"_s});
    row("zvm-sfs-directory", Zvm,
        "SUBDIR   DIR      -          -          -          - 2005-10-04 15:28:42 -"_ba,
        {.name = u"SUBDIR"_s,
         .isDir = true,
         .date = D(2005, 10, 4),
         .time = T(15, 28, 42),
         .precision = Precision::Second});
    row("nonstop-owner-with-space", NonStop, "57-HP_NonStop 101 528 6-Apr-07 14:21:18 255, 0 \"oooo\""_ba,
        {.name = u"57-HP_NonStop"_s,
         .size = 528,
         .date = D(2007, 4, 6),
         .time = T(14, 21, 18),
         .precision = Precision::Second,
         .permissions = u"oooo"_s,
         .owner = u"255, 0"_s});
    row("nonstop-owner-compact", NonStop, "58-HP_NonStop 101 528 6-Apr-07 14:21:18 255,255 \"oooo\""_ba,
        {.name = u"58-HP_NonStop"_s,
         .size = 528,
         .date = D(2007, 4, 6),
         .time = T(14, 21, 18),
         .precision = Precision::Second,
         .permissions = u"oooo"_s,
         .owner = u"255,255"_s});
    row("nonstop-after-header", NonStop,
        "File         Code             EOF  Last Modification    Owner  RWEP\r\nALTDATA       101             528  6-Apr-07 14:21:18  255, 0  \"nunu\"\r\n"_ba,
        {.name = u"ALTDATA"_s,
         .size = 528,
         .date = D(2007, 4, 6),
         .time = T(14, 21, 18),
         .precision = Precision::Second,
         .permissions = u"nunu"_s,
         .owner = u"255, 0"_s,
         .line = 2});
    row("os9-dir", Os9, "20.20 07/03/29 1026 d-ewrewr 2650 85920 51-OS-9 dir"_ba,
        {.name = u"51-OS-9 dir"_s,
         .size = 85920,
         .isDir = true,
         .date = D(2007, 3, 29),
         .time = T(10, 26),
         .precision = Precision::Minute,
         .permissions = u"d-ewrewr"_s,
         .owner = u"20.20"_s});
    row("os9-file-hex-sector", Os9, " 0.0    91/04/15 1525   ------wr     A8       500 startup"_ba,
        {.name = u"startup"_s,
         .size = 500,
         .date = D(1991, 4, 15),
         .time = T(15, 25),
         .precision = Precision::Minute,
         .permissions = u"------wr"_s,
         .owner = u"0.0"_s});
    row("other-numeric-unix-file", Other,
        "0100644   500  101   12345    123456789       20-unix-numerical file"_ba,
        {.name = u"20-unix-numerical file"_s,
         .size = 12345,
         .date = D(1973, 11, 29),
         .time = T(21, 33, 9),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"500"_s,
         .group = u"101"_s});
    row("other-numeric-unix-dir", Other, "040755   0  0   4096    1600000000       numeric-dir"_ba,
        {.name = u"numeric-dir"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2020, 9, 13),
         .time = T(12, 26, 40),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"0"_s,
         .group = u"0"_s});
    row("other-vshell-file", Other, "206876  Apr 04, 2000 21:06 21-vshell-old file"_ba,
        {.name = u"21-vshell-old file"_s,
         .size = 206876,
         .date = D(2000, 4, 4),
         .time = T(21, 6),
         .precision = Precision::Minute});
    row("other-vshell-dir", Other, "0  Dec 12, 2002 02:13 22-vshell-old dir/"_ba,
        {.name = u"22-vshell-old dir"_s,
         .size = 0,
         .isDir = true,
         .date = D(2002, 12, 12),
         .time = T(2, 13),
         .precision = Precision::Minute});
    row("other-vxworks-dir", Other, "2048    Feb-28-1998  05:23:30   49-nortel-vxworks dir <DIR>"_ba,
        {.name = u"49-nortel-vxworks dir"_s,
         .size = 2048,
         .isDir = true,
         .date = D(1998, 2, 28),
         .time = T(5, 23, 30),
         .precision = Precision::Second});
    row("other-vxworks-file", Other, "512    Mar-01-1999  10:00:00   datafile"_ba,
        {.name = u"datafile"_s,
         .size = 512,
         .date = D(1999, 3, 1),
         .time = T(10, 0, 0),
         .precision = Precision::Second});
    row("other-wfftp", Other, "48-nortel-wfftp-file       1014196  06/03/04  Thur.   10:20:03"_ba,
        {.name = u"48-nortel-wfftp-file"_s,
         .size = 1014196,
         .date = D(2004, 6, 3),
         .time = T(10, 20, 3),
         .precision = Precision::Second});
    row("unix-filezilla-std-dir", Unix,
        "dr-xr-xr-x   2 root     other        512 Apr  8  1994 01-unix-std dir"_ba,
        {.name = u"01-unix-std dir"_s,
         .size = 512,
         .isDir = true,
         .date = D(1994, 4, 8),
         .precision = Precision::Day,
         .permissions = u"dr-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-numeric-month", Unix, "-rw-r--r--   1 root     other        531 3 29 03:26 02-unix-std file"_ba,
        {.name = u"02-unix-std file"_s,
         .size = 531,
         .date = D(2026, 3, 29),
         .time = T(3, 26),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-filezilla-nogroup-dir", Unix,
        "dr-xr-xr-x   2 root                  512 Apr  8  1994 03-unix-nogroup dir"_ba,
        {.name = u"03-unix-nogroup dir"_s,
         .size = 512,
         .isDir = true,
         .date = D(1994, 4, 8),
         .precision = Precision::Day,
         .permissions = u"dr-xr-xr-x"_s,
         .owner = u"root"_s});
    row("unix-filezilla-link-last-year", Unix,
        "lrwxrwxrwx   1 root     other          7 Dec 25 00:17 04-unix-std link -> usr/bin"_ba,
        {.name = u"04-unix-std link"_s,
         .size = 7,
         .isLink = true,
         .target = u"usr/bin"_s,
         .date = D(2025, 12, 25),
         .time = T(0, 17),
         .precision = Precision::Minute,
         .permissions = u"lrwxrwxrwx"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-mm-dd-year", Unix, "-rw-r--r--   1 root     other        531 09-26 2000 05-unix-date file"_ba,
        {.name = u"05-unix-date file"_s,
         .size = 531,
         .date = D(2000, 9, 26),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-mm-dd-clock", Unix, "-rw-r--r--   1 root     other        531 09-26 13:45 06-unix-date file"_ba,
        {.name = u"06-unix-date file"_s,
         .size = 531,
         .date = D(2026, 9, 26),
         .time = T(13, 45),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-size-suffix-k", Unix,
        "-rw-r--r--   1 root     other  33.5k Oct 5 21:22 08-unix-namedsize file"_ba,
        {.name = u"08-unix-namedsize file"_s,
         .size = 34304,
         .date = D(2026, 10, 5),
         .time = T(21, 22),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-size-suffix-M", Unix, "-rw-r--r-- 1 u g 1.5M Nov 20 14:03 big.iso"_ba,
        {.name = u"big.iso"_s,
         .size = 1572864,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-size-suffix-G", Unix, "-rw-r--r-- 1 u g 3G Nov 20 14:03 huge.img"_ba,
        {.name = u"huge.img"_s,
         .size = Q_INT64_C(3221225472),
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-size-suffix-KB", Unix, "-rw-r--r-- 1 u g 2KB Nov 20 14:03 small.txt"_ba,
        {.name = u"small.txt"_s,
         .size = 2048,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-netpresenz-file", Unix,
        "-------r--         326  1391972  1392298 Nov 22  1995 11-netpresenz file"_ba,
        {.name = u"11-netpresenz file"_s,
         .size = 1392298,
         .date = D(1995, 11, 22),
         .precision = Precision::Day,
         .permissions = u"-------r--"_s,
         .owner = u"1391972"_s});
    row("unix-netpresenz-dir", Unix,
        "drwxrwxr-x               folder        2 May 10  1996 12-netpresenz dir"_ba,
        {.name = u"12-netpresenz dir"_s,
         .size = 2,
         .isDir = true,
         .date = D(1996, 5, 10),
         .precision = Precision::Day,
         .permissions = u"drwxrwxr-x"_s,
         .owner = u"folder"_s});
    row("unix-windows-domain-group", Unix,
        "-rw-r--r--   1 group domain user 531 Jan 29 03:26 13-unix-domain file"_ba,
        {.name = u"13-unix-domain file"_s,
         .size = 531,
         .date = D(2026, 1, 29),
         .time = T(3, 26),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"group"_s,
         .group = u"domain user"_s});
    row("unix-vshell-comma-year-time", Unix,
        "-rwxr-xr-x    1 user group        9 Oct 08, 2002 09:47 23-vshell-new file"_ba,
        {.name = u"23-vshell-new file"_s,
         .size = 9,
         .date = D(2002, 10, 8),
         .time = T(9, 47),
         .precision = Precision::Minute,
         .permissions = u"-rwxr-xr-x"_s,
         .owner = u"user"_s,
         .group = u"group"_s});
    row("unix-german-day-dot-month-comma", Unix,
        "dr-xr-xr-x   2 root     other      2235 26. Juli, 20:10 28-datetest-ger dir"_ba,
        {.name = u"28-datetest-ger dir"_s,
         .size = 2235,
         .isDir = true,
         .date = D(2026, 7, 26),
         .time = T(20, 10),
         .precision = Precision::Minute,
         .permissions = u"dr-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-hungarian-szept", Unix,
        "dr-xr-xr-x   2 root     other      2235 szept 26 20:10 28b-datetest-hungarian dir"_ba,
        {.name = u"28b-datetest-hungarian dir"_s,
         .size = 2235,
         .isDir = true,
         .date = D(2026, 9, 26),
         .time = T(20, 10),
         .precision = Precision::Minute,
         .permissions = u"dr-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-german-okt-dot-year", Unix,
        "-r-xr-xr-x   2 root     other      2235 2.   Okt.  2003 29-datetest-ger file"_ba,
        {.name = u"29-datetest-ger file"_s,
         .size = 2235,
         .date = D(2003, 10, 2),
         .precision = Precision::Day,
         .permissions = u"-r-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-slash-date-clock", Unix,
        "-r-xr-xr-x   2 root     other      2235 1999/10/12 17:12 30-datetest file"_ba,
        {.name = u"30-datetest file"_s,
         .size = 2235,
         .date = D(1999, 10, 12),
         .time = T(17, 12),
         .precision = Precision::Minute,
         .permissions = u"-r-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-dd-mm-yyyy-clock", Unix,
        "-r-xr-xr-x   2 root     other      2235 24-04-2003 17:12 31-datetest file"_ba,
        {.name = u"31-datetest file"_s,
         .size = 2235,
         .date = D(2003, 4, 24),
         .time = T(17, 12),
         .precision = Precision::Minute,
         .permissions = u"-r-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"other"_s});
    row("unix-japanese-shift-jis-date", Unix,
        "-rw-r--r--   1 root       sys           8473  4\x8c\x8e 18\x93\xfa 2003\x94N 32-datatest-japanese file"_ba,
        {.name = u"32-datatest-japanese file"_s,
         .size = 8473,
         .date = D(2003, 4, 18),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"root"_s,
         .group = u"sys"_s});
    row("unix-asian-year-first-unknown-suffix", Unix,
        "-rwxrwxrwx   1 root     staff          0 2003   3\xed\xef 20 33-asian date file"_ba,
        {.name = u"33-asian date file"_s,
         .size = 0,
         .date = D(2003, 3, 20),
         .precision = Precision::Day,
         .permissions = u"-rwxrwxrwx"_s,
         .owner = u"root"_s,
         .group = u"staff"_s});
    row("unix-asian-month-unknown-suffix", Unix,
        "-r--r--r-- 1 root root 2096 8\xed 17 08:52 34-asian date file"_ba,
        {.name = u"34-asian date file"_s,
         .size = 2096,
         .date = D(2026, 8, 17),
         .time = T(8, 52),
         .precision = Precision::Minute,
         .permissions = u"-r--r--r--"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-dotted-date-padded-name", Unix,
        "-r-xr-xr-x   2 root  root  96 2004.07.15   35-dotted-date file"_ba,
        {.name = u"35-dotted-date file"_s,
         .size = 96,
         .date = D(2004, 7, 15),
         .precision = Precision::Day,
         .permissions = u"-r-xr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"root"_s});
    row("unix-group-glued-to-size", Unix,
        "-r-xr-xr-x longowner longgroup123456 Feb 12 17:20 46-unix-concatsize file"_ba,
        {.name = u"46-unix-concatsize file"_s,
         .size = 123456,
         .date = D(2026, 2, 12),
         .time = T(17, 20),
         .precision = Precision::Minute,
         .permissions = u"-r-xr-xr-x"_s,
         .owner = u"longowner"_s,
         .group = u"longgroup"_s});
    row("unix-dd-mon-yy", Unix, "-r-xr-xr-x 2 owner group 4512 01-jun-99 47_unix_shortdatemonth file"_ba,
        {.name = u"47_unix_shortdatemonth file"_s,
         .size = 4512,
         .date = D(1999, 6, 1),
         .precision = Precision::Day,
         .permissions = u"-r-xr-xr-x"_s,
         .owner = u"owner"_s,
         .group = u"group"_s});
    row("unix-connect-enterprise", Unix,
        "-C--E-----FTP B BCC3I1       7670  1294495 Jan 13 07:42 50-conent file"_ba,
        {.name = u"50-conent file"_s,
         .size = 1294495,
         .date = D(2026, 1, 13),
         .time = T(7, 42),
         .precision = Precision::Minute,
         .permissions = u"-C--E-----FTP"_s,
         .owner = u"B"_s,
         .group = u"BCC3I1 7670"_s});
    row("unix-day-month-swapped", Unix, "drwxr-xr-x 3 user group 512 01 oct 2004 52-swapped-daymonth dir"_ba,
        {.name = u"52-swapped-daymonth dir"_s,
         .size = 512,
         .isDir = true,
         .date = D(2004, 10, 1),
         .precision = Precision::Day,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"user"_s,
         .group = u"group"_s});
    row("unix-no-owner-no-group", Unix, "-r--r--r-- 0125039 12 Nov 11 2005 53-noownergroup file"_ba,
        {.name = u"53-noownergroup file"_s,
         .size = 12,
         .date = D(2005, 11, 11),
         .precision = Precision::Day,
         .permissions = u"-r--r--r--"_s});
    row("unix-korean-year-first", Unix,
        "drwxr-xr-x   5 root     sys          512 2005년  1월  6일 54-asian date year first dir"_ba,
        {.name = u"54-asian date year first dir"_s,
         .size = 512,
         .isDir = true,
         .date = D(2005, 1, 6),
         .precision = Precision::Day,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"root"_s,
         .group = u"sys"_s});
    row("unix-german-jan-dot-comma", Unix,
        "drwxr-xr-x 6 user sys 1024 30. Jan., 12:40 59-localized-date-dir"_ba,
        {.name = u"59-localized-date-dir"_s,
         .size = 1024,
         .isDir = true,
         .date = D(2026, 1, 30),
         .time = T(12, 40),
         .precision = Precision::Minute,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"user"_s,
         .group = u"sys"_s});
    row("unix-no-date", Unix, "drwxr-xr-x 3 slopri devlab 512 71-unix-dateless"_ba,
        {.name = u"71-unix-dateless"_s,
         .size = 512,
         .isDir = true,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"slopri"_s,
         .group = u"devlab"_s});
    row("unix-day-month-clock-year-in-name", Unix,
        "drwxrwxrwx   1 0        0               0 29 Jul 02:27 2014 Invoices"_ba,
        {.name = u"2014 Invoices"_s,
         .size = 0,
         .isDir = true,
         .date = D(2026, 7, 29),
         .time = T(2, 27),
         .precision = Precision::Minute,
         .permissions = u"drwxrwxrwx"_s,
         .owner = u"0"_s,
         .group = u"0"_s});
    row("unix-alternate-midnight", Unix,
        "-rw-------      1  99999999 0              3 Apr   4 24:00 alternate_midnight"_ba,
        {.name = u"alternate_midnight"_s,
         .size = 3,
         .date = D(2026, 4, 5),
         .time = T(0, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-------"_s,
         .owner = u"99999999"_s,
         .group = u"0"_s});
    row("unix-japanese-month-day-clock", Unix, "-rw-r--r-- 1 taro staff 1024 3月 15 10:00 報告書.txt"_ba,
        {.name = u"報告書.txt"_s,
         .size = 1024,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"taro"_s,
         .group = u"staff"_s});
    row("unix-japanese-month-day-year", Unix, "drwxr-xr-x 2 taro staff 4096 10月  1日 2020 古い"_ba,
        {.name = u"古い"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2020, 10, 1),
         .precision = Precision::Day,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"taro"_s,
         .group = u"staff"_s});
    row("unix-chinese-year-suffix", Unix, "-rw-r--r-- 1 li staff 99 12月 31日 2019年 旧.txt"_ba,
        {.name = u"旧.txt"_s,
         .size = 99,
         .date = D(2019, 12, 31),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"li"_s,
         .group = u"staff"_s});
    row("unix-korean-month-day-clock", Unix, "-rw-r--r-- 1 kim staff 2048 3월 15일 10:00 문서.hwp"_ba,
        {.name = u"문서.hwp"_s,
         .size = 2048,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"kim"_s,
         .group = u"staff"_s});
    row("unix-french-fevr", Unix, "-rw-r--r-- 1 jean users 1024 févr. 15 10:00 facture.pdf"_ba,
        {.name = u"facture.pdf"_s,
         .size = 1024,
         .date = D(2026, 2, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"jean"_s,
         .group = u"users"_s});
    row("unix-french-janv-year", Unix, "-rw-r--r-- 1 jean users 1024 janv.  3  2023 vieux.txt"_ba,
        {.name = u"vieux.txt"_s,
         .size = 1024,
         .date = D(2023, 1, 3),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"jean"_s,
         .group = u"users"_s});
    row("unix-french-latin1-dec", Unix,
        "-rw-r--r-- 1 jean users 1024 d\xe9"
        "c.  3  2021 ancien.txt"_ba,
        {.name = u"ancien.txt"_s,
         .size = 1024,
         .date = D(2021, 12, 3),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"jean"_s,
         .group = u"users"_s});
    row("unix-german-day-first-maerz", Unix, "-rw-r--r-- 1 hans users 512 15. Mär 10:00 bericht.odt"_ba,
        {.name = u"bericht.odt"_s,
         .size = 512,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"hans"_s,
         .group = u"users"_s});
    row("unix-german-okt-year", Unix, "-rw-r--r-- 1 hans users 512 Okt 15  2023 alt.odt"_ba,
        {.name = u"alt.odt"_s,
         .size = 512,
         .date = D(2023, 10, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"hans"_s,
         .group = u"users"_s});
    row("unix-spanish-ene", Unix, "-rw-r--r-- 1 juan users 10 ene 15 10:00 enero.txt"_ba,
        {.name = u"enero.txt"_s,
         .size = 10,
         .date = D(2026, 1, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"juan"_s,
         .group = u"users"_s});
    row("unix-spanish-day-first-abr", Unix, "-rw-r--r-- 1 juan users 10 15 abr 2023 abril.txt"_ba,
        {.name = u"abril.txt"_s,
         .size = 10,
         .date = D(2023, 4, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"juan"_s,
         .group = u"users"_s});
    row("unix-italian-day-first-mag", Unix, "-rw-r--r-- 1 gino users 10 15 mag 10:00 maggio.txt"_ba,
        {.name = u"maggio.txt"_s,
         .size = 10,
         .date = D(2026, 5, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"gino"_s,
         .group = u"users"_s});
    row("unix-italian-dic-year", Unix, "-rw-r--r-- 1 gino users 10 dic 24  2022 natale.txt"_ba,
        {.name = u"natale.txt"_s,
         .size = 10,
         .date = D(2022, 12, 24),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"gino"_s,
         .group = u"users"_s});
    row("unix-dutch-day-first-mrt", Unix, "-rw-r--r-- 1 piet users 10 15 mrt 10:00 maart.txt"_ba,
        {.name = u"maart.txt"_s,
         .size = 10,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"piet"_s,
         .group = u"users"_s});
    row("unix-dutch-mei-year", Unix, "-rw-r--r-- 1 piet users 10 mei 15  2023 mei.txt"_ba,
        {.name = u"mei.txt"_s,
         .size = 10,
         .date = D(2023, 5, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"piet"_s,
         .group = u"users"_s});
    row("unix-swedish-day-first-maj", Unix, "-rw-r--r-- 1 sven users 10 15 maj 10:00 maj.txt"_ba,
        {.name = u"maj.txt"_s,
         .size = 10,
         .date = D(2026, 5, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"sven"_s,
         .group = u"users"_s});
    row("unix-swedish-okt-year", Unix, "-rw-r--r-- 1 sven users 10 okt 15  2021 oktober.txt"_ba,
        {.name = u"oktober.txt"_s,
         .size = 10,
         .date = D(2021, 10, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"sven"_s,
         .group = u"users"_s});
    row("unix-russian-mar", Unix, "-rw-r--r-- 1 ivan users 10 мар 15 10:00 март.txt"_ba,
        {.name = u"март.txt"_s,
         .size = 10,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ivan"_s,
         .group = u"users"_s});
    row("unix-russian-day-first-okt", Unix, "-rw-r--r-- 1 ivan users 10 15 окт  2023 октябрь.txt"_ba,
        {.name = u"октябрь.txt"_s,
         .size = 10,
         .date = D(2023, 10, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ivan"_s,
         .group = u"users"_s});
    row("unix-russian-genitive-dec", Unix, "-rw-r--r-- 1 ivan users 10 5 декабря 09:15 декабрь.txt"_ba,
        {.name = u"декабрь.txt"_s,
         .size = 10,
         .date = D(2025, 12, 5),
         .time = T(9, 15),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ivan"_s,
         .group = u"users"_s});
    row("unix-russian-windows-1251", Unix, "-rw-r--r-- 1 ivan users 10 \xec\xe0\xf0 15 10:00 cp1251.txt"_ba,
        {.name = u"cp1251.txt"_s,
         .size = 10,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ivan"_s,
         .group = u"users"_s});
    row("unix-russian-capitals", Unix, "-rw-r--r-- 1 ivan users 10 МАР 15 10:00 upper.txt"_ba,
        {.name = u"upper.txt"_s,
         .size = 10,
         .date = D(2026, 3, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ivan"_s,
         .group = u"users"_s});
    row("unix-polish-paz", Unix, "-rw-r--r-- 1 jan users 10 paź 15 10:00 pazdziernik.txt"_ba,
        {.name = u"pazdziernik.txt"_s,
         .size = 10,
         .date = D(2026, 10, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"jan"_s,
         .group = u"users"_s});
    row("unix-turkish-sub", Unix, "-rw-r--r-- 1 ali users 10 Şub 15 10:00 subat.txt"_ba,
        {.name = u"subat.txt"_s,
         .size = 10,
         .date = D(2026, 2, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"ali"_s,
         .group = u"users"_s});
    row("unix-finnish-touko", Unix, "-rw-r--r-- 1 matti users 10 touko 15 10:00 toukokuu.txt"_ba,
        {.name = u"toukokuu.txt"_s,
         .size = 10,
         .date = D(2026, 5, 15),
         .time = T(10, 0),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"matti"_s,
         .group = u"users"_s});
    row("unix-portuguese-out-year", Unix, "-rw-r--r-- 1 joao users 10 out 15  2022 outubro.txt"_ba,
        {.name = u"outubro.txt"_s,
         .size = 10,
         .date = D(2022, 10, 15),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"joao"_s,
         .group = u"users"_s});
    row("unix-bsd-full-time", Unix, "-rw-r--r-- 1 u g 1048576 Nov 20 14:03:05 2025 bsd-T.txt"_ba,
        {.name = u"bsd-T.txt"_s,
         .size = 1048576,
         .date = D(2025, 11, 20),
         .time = T(14, 3, 5),
         .precision = Precision::Second,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-inode-column", Unix, " 1234567 -rw-r--r-- 1 u g 5 Nov 20 14:03 inode.txt"_ba,
        {.name = u"inode.txt"_s,
         .size = 5,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-iso-date-alone", Unix, "-rw-r--r-- 1 u g 5 2024-03-05 dateonly.txt"_ba,
        {.name = u"dateonly.txt"_s,
         .size = 5,
         .date = D(2024, 3, 5),
         .precision = Precision::Day,
         .permissions = u"-rw-r--r--"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("unix-ls-F-slash-dropped", Unix, "drwxr-xr-x 2 u g 4096 Nov 20 14:03 classified/"_ba,
        {.name = u"classified"_s,
         .size = 4096,
         .isDir = true,
         .date = D(2026, 11, 20),
         .time = T(14, 3),
         .precision = Precision::Minute,
         .permissions = u"drwxr-xr-x"_s,
         .owner = u"u"_s,
         .group = u"g"_s});
    row("mlsd-filezilla-mixed-case", Mlsd, "Type=file;mOdIfY=20081105165215;size=1234; 72-MLSD-file"_ba,
        {.name = u"72-MLSD-file"_s,
         .size = 1234,
         .date = D(2008, 11, 5),
         .time = T(16, 52, 15),
         .precision = Precision::Second,
         .utc = true});
    row("mlsd-name-leading-tab", Mlsd, "Type=file; \t 75-MLSD-whitespace leading"_ba,
        {.name = u"\t 75-MLSD-whitespace leading"_s});
    row("mlsd-empty-perm-mode-00", Mlsd,
        "modify=20080426135501;perm=;size=65718921;type=file;unique=802U1066013B;UNIX.group=1179;UNIX.mode=00;UNIX.owner=1179; 75 MLSD file with empty permissions"_ba,
        {.name = u"75 MLSD file with empty permissions"_s,
         .size = 65718921,
         .date = D(2008, 4, 26),
         .time = T(13, 55, 1),
         .precision = Precision::Second,
         .utc = true,
         .permissions = u"----------"_s,
         .owner = u"1179"_s,
         .group = u"1179"_s});
    row("mlsd-slink-without-target", Mlsd, "type=OS.unix=slink; 77 MLSD symlink notarget"_ba,
        {.name = u"77 MLSD symlink notarget"_s, .isLink = true});
    row("mlsd-before-1970", Mlsd, "Type=file;mOdIfY=19681105165215;size=1234; MLSD pre-epoch"_ba,
        {.name = u"MLSD pre-epoch"_s,
         .size = 1234,
         .date = D(1968, 11, 5),
         .time = T(16, 52, 15),
         .precision = Precision::Second,
         .utc = true});
    row("mlsd-tab-after-facts", Mlsd,
        "size=1365694195;type=file;modify=20090722092510;\tadsl TV 2009-07-22 08-25-10 78 mlsd file that can get parsed as unix.file"_ba,
        {.name = u"adsl TV 2009-07-22 08-25-10 78 mlsd file that can get parsed as unix.file"_s,
         .size = 1365694195,
         .date = D(2009, 7, 22),
         .time = T(9, 25, 10),
         .precision = Precision::Second,
         .utc = true});
    // Drafts before mlst-07 left the last ';' out: the name still starts after the first
    // blank (FileZilla reads them so), auto-detected too, since the facts name a type.
    row("mlsd-draft-without-last-semicolon", Mlsd,
        "type=file 77 MLSD file no trailing semicolon after facts < mlst-07"_ba,
        {.name = u"77 MLSD file no trailing semicolon after facts < mlst-07"_s});
    row("mlsd-draft-type-only", Mlsd, "type=file name"_ba, {.name = u"name"_s});
    row("mlsd-draft-type-and-size", Mlsd, "type=file;size=12 name"_ba, {.name = u"name"_s, .size = 12});
    row("mlsd-draft-dir-name-with-spaces", Mlsd, "type=dir;modify=20260102030405 a folder; with=signs"_ba,
        {.name = u"a folder; with=signs"_s,
         .isDir = true,
         .date = D(2026, 1, 2),
         .time = T(3, 4, 5),
         .precision = Precision::Second,
         .utc = true});
}

void tst_ListingParser::entries()
{
    QFETCH(ServerType, format);
    QFETCH(QByteArray, input);
    QFETCH(Expected, expected);

    // Seeds for the fuzzers (tests/fuzz/run-fuzzers): each row's input, filed under its
    // format and under "auto", after the options byte the fuzz targets read first.
    if (const QString dir = qEnvironmentVariable("FERRY_LISTING_CORPUS_DIR"); !dir.isEmpty()) {
        for (const QString &sub : {ListingParser::serverTypeName(format), u"auto"_s}) {
            QVERIFY(QDir().mkpath(dir + u'/' + sub));
            QFile seed(dir + u'/' + sub + u'/' + QString::fromLatin1(QTest::currentDataTag()));
            QVERIFY(seed.open(QIODevice::WriteOnly));
            QCOMPARE(seed.write(QByteArray(1, '\0') + input), input.size() + 1);
        }
    }

    // Forced to its format, auto-detected with that format as the hint (from SYST), and
    // auto-detected from nothing must all agree.
    QList<ListingParser::Options> runs = {options(format)};
    if (expected.detection != Detection::ForcedOnly) {
        ListingParser::Options hinted = options();
        hinted.hint = format;
        runs << hinted;
    }
    if (expected.detection == Detection::Always)
        runs << options();
    for (const ListingParser::Options &o : std::as_const(runs)) {
        const QList<DirEntry> entries = ListingParser::parse(input, o);
        QCOMPARE(entries.size(), 1);
        // Byte by byte, too: a wrapped VMS entry, a CRLF or a UTF-8 name split anywhere.
        QCOMPARE(summaries(parseInChunks(input, o, {1})), summaries(entries));
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

    // The draft form without the last ';' is auto-detected only when it names a type:
    // "a=b name" could be anything.
    const QByteArray untypedDraft = "size=12 name\n"_ba;
    QCOMPARE(ListingParser::parse(untypedDraft, options(ServerType::Mlsd)).size(), 1);
    QCOMPARE(ListingParser::parse(untypedDraft, options()).size(), 0);
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

void tst_ListingParser::jsonMatchesQJsonDocument()
{
    // Every entry of a listing in every dialect, then strings that need escaping.
    ListingParser::Options keep = options();
    keep.keepUnsafeNames = true;
    QList<DirEntry> entries = ListingParser::parse(
        "type=file;size=1;modify=20260102030405;UNIX.owner=0; mlsd.txt\r\n"
        "lrwxrwxrwx 1 u g 5 Nov 20 14:03 link -> t\"q\\b\r\n"
        "04-06-00  03:47PM                  589 dos.txt\r\n"
        "VMS.TXT;1            2/3       19-NOV-2001 21:41:05  [WEB,HTTPD]   (RWED,RWED,RE,)\r\n"
        "QSYS            77824 02/23/00 15:09:55 *STMF      a/b\r\n"
        "type=file;size=9223372036854775807; max\r\n"
        "-rw-r--r-- 1 u g 5 Nov 20 14:03 caf\xe9\r\n"_ba,
        keep);
    QCOMPARE(entries.size(), 7);
    const QStringList strings = {
        u""_s,
        u"plain"_s,
        u"quote \" backslash \\ slash /"_s,
        QString::fromLatin1("\x01\x08\x09\x0a\x0b\x0c\x0d\x1f\x7f end"),
        QString(QChar(0)) + u"nul"_s,
        u"é ü 日本語 €"_s,
        u"emoji 😀 and 𝄞"_s,
        QString(QChar(0xd800)) + u"lone high"_s,
        u"lone low"_s + QChar(0xdc00),
        QString(QChar(0xdbff)) + QChar(0x41) + QChar(0xdfff),
        u"\uffff\ufffe\u0800\u07ff"_s,
    };
    for (const QString &text : strings) {
        DirEntry e;
        e.name = text;
        e.rawName = text.toUtf8();
        e.owner = text;
        e.group = text;
        e.permissions = text;
        e.target = text;
        e.size = text.size() - 1;
        e.line = int(text.size()) * 1000;
        e.isDir = text.size() % 2;
        e.isLink = text.size() % 3;
        e.date = D(2026 - int(text.size()), 1 + int(text.size()) % 12, 1);
        e.time = T(int(text.size()) % 24, 59, 7);
        e.timePrecision = Precision(text.size() % 4);
        entries << e;
    }
    DirEntry farFuture;
    farFuture.name = u"y10k"_s;
    farFuture.date = QDate(12345, 6, 7);
    farFuture.timePrecision = Precision::Day;
    DirEntry noTime;
    noTime.name = u"no time"_s;
    noTime.date = D(2026, 1, 1);
    noTime.timePrecision = Precision::Minute; // precision without a time: null
    entries << farFuture << noTime;
    for (const DirEntry &e : std::as_const(entries)) {
        for (const bool flag : {false, true})
            QCOMPARE(direntryToJsonLine(e, flag), referenceJson(e, flag));
    }
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
    const QStringList names = {u"auto"_s,    u"unix"_s,    u"mlsd"_s, u"dos"_s,   u"vms"_s,
                               u"eplf"_s,    u"mvs"_s,     u"zvm"_s,  u"os400"_s, u"os2"_s,
                               u"netware"_s, u"nonstop"_s, u"os9"_s,  u"other"_s};
    QCOMPARE(ListingParser::serverTypeNames(), names);
    for (const QString &name : names) {
        ServerType parsed = ServerType::Mlsd;
        QVERIFY2(ListingParser::parseServerType(name, &parsed), qPrintable(name));
        QCOMPARE(ListingParser::serverTypeName(parsed), name);
        QVERIFY(ListingParser::parseServerType(name.toUpper(), nullptr));
    }
    const QList<std::pair<QString, ServerType>> aliases = {
        {u"MLSD"_s, ServerType::Mlsd},      {u" windows "_s, ServerType::Dos},
        {u"IIS"_s, ServerType::Dos},        {u"z/OS"_s, ServerType::Mvs},
        {u"zos"_s, ServerType::Mvs},        {u"AS400"_s, ServerType::Os400},
        {u"os/400"_s, ServerType::Os400},   {u"OS/2"_s, ServerType::Os2},
        {u"tandem"_s, ServerType::NonStop}, {u"OpenVMS"_s, ServerType::Vms},
        {u"z/VM"_s, ServerType::Zvm},       {u"os-9"_s, ServerType::Os9},
    };
    for (const auto &[text, type] : aliases) {
        ServerType parsed = ServerType::Auto;
        QVERIFY2(ListingParser::parseServerType(text, &parsed), qPrintable(text));
        QCOMPARE(parsed, type);
    }
    ServerType parsed = ServerType::Mlsd;
    QVERIFY(!ListingParser::parseServerType(u"vax"_s, &parsed));
    QVERIFY(!ListingParser::parseServerType(u"unix2"_s, &parsed));
    QVERIFY(!ListingParser::parseServerType(QString(), &parsed));
    QCOMPARE(parsed, ServerType::Mlsd); // untouched on failure
}

void tst_ListingParser::hintFromSyst_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<ServerType>("hint");

    QTest::newRow("vsftpd") << u"215 UNIX Type: L8"_s << ServerType::Unix;
    QTest::newRow("no-code") << u"UNIX Type: L8 Version: BSD-199506"_s << ServerType::Unix;
    QTest::newRow("netpresenz") << u"215 MACOS Peter's Server"_s << ServerType::Unix;
    QTest::newRow("iis") << u"215 Windows_NT"_s << ServerType::Dos;
    QTest::newRow("windows-ce") << u"215 Windows_CE version 4.2"_s << ServerType::Dos;
    QTest::newRow("vms") << u"215 VMS MultiNet V5.5"_s << ServerType::Vms;
    QTest::newRow("openvms") << u"215 OpenVMS V8.4"_s << ServerType::Vms;
    QTest::newRow("mvs")
        << u"215 MVS is the operating system of this server. FTP Server is running on z/OS."_s
        << ServerType::Mvs;
    QTest::newRow("zvm") << u"215 VM is the operating system of this server."_s << ServerType::Zvm;
    QTest::newRow("os400")
        << u"215  OS/400 is the remote operating system. The TCP/IP version is \"V7R3M0\"."_s
        << ServerType::Os400;
    QTest::newRow("os2") << u"215 OS/2"_s << ServerType::Os2;
    QTest::newRow("netware") << u"215 NETWARE  Type : L8"_s << ServerType::Netware;
    QTest::newRow("nonstop") << u"215 NonStop Kernel Guardian"_s << ServerType::NonStop;
    QTest::newRow("os9") << u"215 OS-9"_s << ServerType::Os9;
    QTest::newRow("unknown") << u"215 Plan 9"_s << ServerType::Auto;
    QTest::newRow("vmware-is-not-vm") << u"215 VMware ESXi"_s << ServerType::Auto;
    QTest::newRow("empty") << QString() << ServerType::Auto;
    QTest::newRow("garbage") << u"500 Unknown command."_s << ServerType::Auto;
}

void tst_ListingParser::hintFromSyst()
{
    QFETCH(QString, reply);
    QFETCH(ServerType, hint);
    QCOMPARE(ListingParser::hintFromSyst(reply), hint);
}

void tst_ListingParser::hintIsOnlyAHint()
{
    // A Windows server that lists the Unix way (FileZilla Server says "Windows_NT"): the
    // hint puts DOS first, and the Unix lines are still read as Unix.
    const QByteArray listing = "-rw-r--r-- 1 ftp ftp 5 Nov 20 14:03 unix.txt\r\n"
                               "11-20-26  02:03PM                   12 dos.txt\r\n"_ba;
    ListingParser::Options o = options();
    o.hint = ListingParser::hintFromSyst(u"215 Windows_NT"_s);
    const QList<DirEntry> entries = ListingParser::parse(listing, o);
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries.at(0).name, u"unix.txt"_s);
    QCOMPARE(entries.at(0).permissions, u"-rw-r--r--"_s);
    QCOMPARE(entries.at(1).name, u"dos.txt"_s);
    QCOMPARE(entries.at(1).size, qint64(12));

    // A forced type is not a hint: the other dialect's lines are not entries.
    QCOMPARE(ListingParser::parse(listing, options(ServerType::Dos)).size(), 1);
    QCOMPARE(ListingParser::parse(listing, options(ServerType::Unix)).size(), 1);
}

void tst_ListingParser::mixedDialects()
{
    // One line of each dialect, in an order that makes every format change the preferred
    // one: each must still be read by its own format, never stolen by the one before.
    const QByteArray listing =
        "type=file;size=1;modify=20260102030405; mlsd.txt\r\n"
        "-rw-r--r-- 1 u g 5 Nov 20 14:03 unix.txt\r\n"
        "04-06-00  03:47PM                  589 dos.txt\r\n"
        "+i1,m825718503,r,s280,\teplf.txt\r\n"
        "VMS.TXT;1            2/3       19-NOV-2001 21:41:05  [WEB,HTTPD]   (RWED,RWED,RE,)\r\n"
        "QSYS            77824 02/23/00 15:09:55 *STMF      os400.txt\r\n"
        "36611      A    04-23-103  10:57  os2.txt\r\n"
        "- [RWCEAFMS] owner  512 Jan 01 10:00 netware.txt\r\n"
        "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  MVS.DATA\r\n"
        "ZVM      TXT      F         80         12          1 2021-01-20 09:00:00 USR191\r\n"
        "NONSTOP 101 528 6-Apr-07 14:21:18 255,255 \"oooo\"\r\n"
        "20.20 07/03/29 1026 --ewrewr 2650 85920 os9.txt\r\n"
        "206876  Apr 04, 2000 21:06 vshell.txt\r\n"
        "-rw-r--r-- 1 u g 5 Nov 20 14:03 unix-again.txt\r\n"
        "04-06-00  03:47PM                  589 dos-again.txt\r\n"_ba;
    const QList<DirEntry> entries = ListingParser::parse(listing, options());
    QStringList names;
    for (const DirEntry &e : entries)
        names << e.name;
    QCOMPARE(names, (QStringList{u"mlsd.txt"_s, u"unix.txt"_s, u"dos.txt"_s, u"eplf.txt"_s, u"VMS.TXT;1"_s,
                                 u"os400.txt"_s, u"os2.txt"_s, u"netware.txt"_s, u"MVS.DATA"_s, u"ZVM.TXT"_s,
                                 u"NONSTOP"_s, u"os9.txt"_s, u"vshell.txt"_s, u"unix-again.txt"_s,
                                 u"dos-again.txt"_s}));
    QCOMPARE(entries.at(2).size, qint64(589));
    QCOMPARE(entries.at(4).size, qint64(1024));
    QCOMPARE(entries.at(5).owner, u"QSYS"_s);
    QCOMPARE(entries.at(10).owner, u"255,255"_s);
}

void tst_ListingParser::os400DateOrder()
{
    // IBM i prints dates in the job's format. Once one date proves the order (a field over
    // 31 is a year, over 12 a day), the ambiguous ones that follow are read the same way.
    const auto dates = [](const QByteArray &listing) {
        QList<QDate> out;
        for (const DirEntry &e : ListingParser::parse(listing, options()))
            out << e.date;
        return out;
    };
    QCOMPARE(dates("PEP   4019 98/03/24 18:58:16 *STMF      a\r\n"
                   "PEP   4019 04/03/18 18:58:16 *STMF      b\r\n"_ba),
             (QList<QDate>{D(1998, 3, 24), D(2004, 3, 18)}));
    QCOMPARE(dates("PEP   4019 23/02/00 18:58:16 *STMF      a\r\n"
                   "PEP   4019 04/03/18 18:58:16 *STMF      b\r\n"_ba),
             (QList<QDate>{D(2000, 2, 23), D(2018, 3, 4)}));
    // Nothing proved: month first, IBM's default (*MDY).
    QCOMPARE(dates("PEP   4019 04/03/18 18:58:16 *STMF      b\r\n"_ba), (QList<QDate>{D(2018, 4, 3)}));
}

void tst_ListingParser::vmsWrappedEntries()
{
    const QByteArray details = "  4/15  24-FEB-2003 13:17:24  [POSTWARE,LP]    (RWED,RWED,RE,)\r\n"_ba;
    // A name alone, then a name with its details: the first was not an entry.
    QList<DirEntry> entries =
        ListingParser::parse("A.TXT;1\r\nB.TXT;2  1/3  1-JAN-2020 00:00  [X]  (RWED,,,)\r\n"_ba, options());
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().name, u"B.TXT;2"_s);
    QCOMPARE(entries.first().line, 2);
    // Two names alone, then details: they belong to the second.
    entries = ListingParser::parse("A.TXT;1\r\nB.TXT;1\r\n"_ba + details, options());
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().name, u"B.TXT;1"_s);
    QCOMPARE(entries.first().line, 2);
    // A name alone at the end of the listing is dropped, not kept half-parsed.
    entries = ListingParser::parse("C.TXT;1  1/3  1-JAN-2020 00:00\r\nD.TXT;1\r\n"_ba, options());
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().name, u"C.TXT;1"_s);
    // Blank lines between the two halves do not matter; the entry keeps the name's line.
    entries = ListingParser::parse("E.TXT;1\r\n\r\n"_ba + details, options(ServerType::Vms));
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().line, 1);
    QCOMPARE(entries.first().size, qint64(4 * 512));
    // A held line does not swallow an entry of another dialect.
    entries = ListingParser::parse("F.TXT;1\r\n-rw-r--r-- 1 u g 5 Nov 20 14:03 unix.txt\r\n"_ba, options());
    QCOMPARE(entries.size(), 1);
    QCOMPARE(entries.first().name, u"unix.txt"_s);
    QCOMPARE(entries.first().line, 2);
}

void tst_ListingParser::unsafeNamesEveryFormat()
{
    // Every dialect has a way to name "..", a path or a Windows path; none may come out
    // as an entry, and with keepUnsafeNames all are flagged.
    const QByteArrayList lines = {
        "01-02-2020  13:04  1234 ..\\evil.exe"_ba,
        "01-02-2020  13:04  1234 C:\\Windows\\evil.exe"_ba,
        "+r,s1,\t../etc/passwd"_ba,
        "+/,\t.."_ba,
        "A/B.TXT;1  1/3  1-JAN-2020 00:00"_ba,
        "QSYS  77824 02/23/00 15:09:55 *DIR       sub/.."_ba,
        "36611      A    04-23-103  10:57  a\\b"_ba,
        "d [RWCEAFMS] owner  512 Jan 01 10:00 .."_ba,
        "- [RWCEAFMS] owner  512 Jan 01 10:00 x/y"_ba,
        "Migrated   ../../x"_ba,
        "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  ../SYS1"_ba,
        "a/b 101 528 6-Apr-07 14:21:18 255,255 \"oooo\""_ba,
        "20.20 07/03/29 1026 d-ewrewr 2650 85920 .."_ba,
        "0  Dec 12, 2002 02:13 ../"_ba,
        "2048    Feb-28-1998  05:23:30   ../x <DIR>"_ba,
        "0100644   500  101   12345    123456789       /etc/shadow"_ba,
        "type=file;size=1; ../x"_ba,
        "-rw-r--r-- 1 u g 5 Nov 20 14:03 a/b"_ba,
    };
    const QByteArray listing = lines.join("\r\n") + "\r\nok.txt;1  1/3  1-JAN-2020 00:00\r\n";
    const QList<DirEntry> dropped = ListingParser::parse(listing, options());
    QCOMPARE(dropped.size(), 1);
    QCOMPARE(dropped.first().name, u"ok.txt;1"_s);

    ListingParser::Options keep = options();
    keep.keepUnsafeNames = true;
    const QList<DirEntry> flagged = ListingParser::parse(listing, keep);
    QCOMPARE(flagged.size(), lines.size() + 1);
    for (int i = 0; i < lines.size(); ++i)
        QVERIFY2(flagged.at(i).hasUnsafeName(), lines.at(i).constData());
    QVERIFY(!flagged.last().hasUnsafeName());
}

void tst_ListingParser::legacyCharsetEveryFormat()
{
    // Names that are not UTF-8 decode through the site's charset (or Latin-1) in every
    // dialect, keep their bytes, and never collide.
    const QByteArrayList lines = {
        "01-02-2020  13:04  1234 caf\xe9.txt"_ba,
        "+r,s1,\tcaf\xe8.txt"_ba,
        "CAF\xc9.TXT;1  1/3  1-JAN-2020 00:00"_ba,
        "QSYS  77824 02/23/00 15:09:55 *STMF       \xe9t\xe9.txt"_ba,
        "36611      A    04-23-103  10:57  \xfc"
        "ber.txt"_ba,
        "- [RWCEAFMS] owner  512 Jan 01 10:00 na\xefve.txt"_ba,
        "206876  Apr 04, 2000 21:06 \xc5ngstr\xf6m.txt"_ba,
        "-rw-r--r-- 1 u g 5 Nov 20 14:03 \xe0 la carte.txt"_ba,
    };
    const QList<DirEntry> entries =
        ListingParser::parse(lines.join("\n"), options(ServerType::Auto, "windows-1252"));
    QCOMPARE(entries.size(), lines.size());
    QSet<QString> distinct;
    for (const DirEntry &e : entries) {
        QVERIFY(!e.rawName.isValidUtf8() || e.rawName.isEmpty());
        QVERIFY(!e.name.contains(QChar::ReplacementCharacter));
        QCOMPARE(e.name, QString::fromLatin1(e.rawName)); // windows-1252 and Latin-1 agree here
        distinct.insert(e.name);
    }
    QCOMPARE(distinct.size(), lines.size());
    QCOMPARE(entries.at(2).name, u"CAFÉ.TXT;1"_s);
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
