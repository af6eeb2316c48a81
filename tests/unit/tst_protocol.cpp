// Unit tests for the engine's pure protocol pieces: reply reassembly (RFC 959 §4.2),
// FEAT (RFC 2389), PASV/EPSV (RFC 959/2428), 257 paths, time-vals (RFC 3659), URLs,
// TYPE A conversion and error classification.
#include "ftp/asciiconverter.h"
#include "ftp/capabilities.h"
#include "ftp/charset.h"
#include "ftp/commandoperation.h"
#include "ftp/dataconnection.h"
#include "ftp/ftpreply.h"
#include "remote/remoteerror.h"
#include "sites/ftpurl.h"

#include <QTest>
#include <QTimeZone>

using namespace ferry;

class TestProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replyParser_data();
    void replyParser();
    void replyParserChunked();
    void replyParserBounds();
    void capabilities();
    void pasv_data();
    void pasv();
    void epsv_data();
    void epsv();
    void quotedPath_data();
    void quotedPath();
    void timeVal_data();
    void timeVal();
    void url_data();
    void url();
    void urlErrors_data();
    void urlErrors();
    void ascii_data();
    void ascii();
    void errorKinds_data();
    void errorKinds();
    void charset();
};

void TestProtocol::replyParser_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<int>>("codes");
    QTest::addColumn<QStringList>("firstLines"); // lines of the first reply
    QTest::addColumn<bool>("error");

    QTest::newRow("single") << QByteArray("220 Hello\r\n") << QList<int>{220}
                            << QStringList{QStringLiteral("Hello")} << false;
    QTest::newRow("bare-lf") << QByteArray("200 OK\n331 pw\n") << QList<int>{200, 331}
                             << QStringList{QStringLiteral("OK")} << false;
    QTest::newRow("code-only") << QByteArray("200\r\n") << QList<int>{200} << QStringList{QString()} << false;
    QTest::newRow("multi") << QByteArray("211-Features:\r\n UTF8\r\n MLST size*;\r\n211 End\r\n")
                           << QList<int>{211}
                           << QStringList{QStringLiteral("Features:"), QStringLiteral(" UTF8"),
                                          QStringLiteral(" MLST size*;"), QStringLiteral("End")}
                           << false;
    QTest::newRow("multi-inner-other-code")
        << QByteArray("230-Welcome\r\n150 not a reply\r\n230-still\r\n230 Done\r\n") << QList<int>{230}
        << QStringList{QStringLiteral("Welcome"), QStringLiteral("150 not a reply"),
                       QStringLiteral("230-still"), QStringLiteral("Done")}
        << false;
    QTest::newRow("multi-closing-code-only") << QByteArray("211-a\r\n211\r\n") << QList<int>{211}
                                             << QStringList{QStringLiteral("a"), QString()} << false;
    QTest::newRow("two-replies") << QByteArray("150 Opening\r\n226 Done\r\n") << QList<int>{150, 226}
                                 << QStringList{QStringLiteral("Opening")} << false;
    QTest::newRow("garbage") << QByteArray("hello world\r\n") << QList<int>{} << QStringList{} << true;
    QTest::newRow("code-600") << QByteArray("600 nope\r\n") << QList<int>{} << QStringList{} << true;
    QTest::newRow("missing-space") << QByteArray("220Hello\r\n") << QList<int>{} << QStringList{} << true;
    QTest::newRow("incomplete") << QByteArray("220 no newline yet") << QList<int>{} << QStringList{} << false;
}

void TestProtocol::replyParser()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<int>, codes);
    QFETCH(QStringList, firstLines);
    QFETCH(bool, error);
    ReplyParser parser;
    parser.addData(input);
    QCOMPARE(parser.hasError(), error);
    QList<int> got;
    QStringList first;
    while (parser.hasReply()) {
        const FtpReply reply = parser.takeReply();
        if (got.isEmpty())
            first = reply.lines;
        got.append(reply.code);
    }
    QCOMPARE(got, codes);
    if (!codes.isEmpty())
        QCOMPARE(first, firstLines);
}

void TestProtocol::replyParserChunked()
{
    // Multi-line replies split across packets at every byte must reassemble identically.
    const QByteArray input("211-Features:\r\n UTF8\r\n211 End\r\n200 OK\r\n");
    for (qsizetype split = 1; split < input.size(); ++split) {
        ReplyParser parser;
        parser.addData(input.left(split));
        parser.addData(input.mid(split));
        QVERIFY(parser.hasReply());
        const FtpReply a = parser.takeReply();
        QCOMPARE(a.code, 211);
        QCOMPARE(a.lines.size(), 3);
        QVERIFY(parser.hasReply());
        QCOMPARE(parser.takeReply().code, 200);
        QVERIFY(!parser.hasReply());
    }
    ReplyParser byteWise;
    for (char c : input)
        byteWise.addData(QByteArray(1, c));
    QCOMPARE(byteWise.takeReply().code, 211);
    QCOMPARE(byteWise.takeReply().code, 200);
}

void TestProtocol::replyParserBounds()
{
    {
        // A 1 MiB line without a newline fails as soon as it passes the bound.
        ReplyParser parser(64 * 1024);
        parser.addData("220 ");
        const QByteArray chunk(16 * 1024, 'a');
        for (int i = 0; i < 64 && !parser.hasError(); ++i)
            parser.addData(chunk);
        QVERIFY(parser.hasError());
        QVERIFY(parser.errorString().contains(QStringLiteral("longer than")));
    }
    {
        ReplyParser parser(64 * 1024, 100);
        QByteArray many("211-start\r\n");
        for (int i = 0; i < 200; ++i)
            many += "line\r\n";
        parser.addData(many);
        QVERIFY(parser.hasError());
        QVERIFY(!parser.hasReply());
    }
}

void TestProtocol::capabilities()
{
    const Capabilities caps = Capabilities::fromFeatReply(
        {QStringLiteral("Features:"), QStringLiteral(" MDTM"), QStringLiteral(" MLST type*;size*;modify*;"),
         QStringLiteral(" REST STREAM"), QStringLiteral(" utf8"), QStringLiteral(" MFMT"),
         QStringLiteral("End")});
    QVERIFY(caps.has(QStringLiteral("mdtm")));
    QVERIFY(caps.hasMlsd());
    QVERIFY(caps.hasUtf8());
    QVERIFY(caps.hasMfmt());
    QVERIFY(caps.hasRestStream());
    QVERIFY(!caps.hasEpsv());
    QCOMPARE(caps.parameters(QStringLiteral("MLST")), QStringLiteral("type*;size*;modify*;"));
    QVERIFY(Capabilities::fromFeatReply({QStringLiteral("No features")}).isEmpty());
}

void TestProtocol::pasv_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("standard") << QStringLiteral("Entering Passive Mode (127,0,0,1,200,10).") << true
                              << QStringLiteral("127.0.0.1") << 200 * 256 + 10;
    QTest::newRow("no-parens") << QStringLiteral("=192,168,1,2,4,1") << true << QStringLiteral("192.168.1.2")
                               << 1025;
    QTest::newRow("spaces") << QStringLiteral("Passive (10, 0, 0, 5, 0, 21)") << true
                            << QStringLiteral("10.0.0.5") << 21;
    QTest::newRow("octet-over-255") << QStringLiteral("(300,0,0,1,1,1)") << false << QString() << 0;
    QTest::newRow("port-zero") << QStringLiteral("(127,0,0,1,0,0)") << false << QString() << 0;
    QTest::newRow("garbage") << QStringLiteral("Entering Passive Mode") << false << QString() << 0;
}

void TestProtocol::pasv()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, address);
    QFETCH(int, port);
    QHostAddress a;
    quint16 p = 0;
    QCOMPARE(DataConnection::parsePasv(text, &a, &p), ok);
    if (ok) {
        QCOMPARE(a.toString(), address);
        QCOMPARE(int(p), port);
    }
}

void TestProtocol::epsv_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("port");
    QTest::newRow("standard") << QStringLiteral("Entering Extended Passive Mode (|||6446|)") << 6446;
    QTest::newRow("other-delimiter") << QStringLiteral("ok (!!!1025!)") << 1025;
    QTest::newRow("port-zero") << QStringLiteral("(|||0|)") << 0;
    QTest::newRow("port-too-big") << QStringLiteral("(|||70000|)") << 0;
    QTest::newRow("mixed-delimiters") << QStringLiteral("(|!|21|)") << 0;
    QTest::newRow("garbage") << QStringLiteral("Entering Extended Passive Mode") << 0;
    QTest::newRow("letters") << QStringLiteral("(|||12ab|)") << 0;
}

void TestProtocol::epsv()
{
    QFETCH(QString, text);
    QFETCH(int, port);
    quint16 p = 0;
    QCOMPARE(DataConnection::parseEpsv(text, &p), port != 0);
    if (port)
        QCOMPARE(int(p), port);
}

void TestProtocol::quotedPath_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("path");
    QTest::newRow("simple") << QStringLiteral("\"/home/user\" is current directory") << true
                            << QStringLiteral("/home/user");
    QTest::newRow("doubled-quotes") << QStringLiteral("\"/a \"\"b\"\" c\" created") << true
                                    << QStringLiteral("/a \"b\" c");
    QTest::newRow("spaces") << QStringLiteral("\"/with space/ lead\"") << true
                            << QStringLiteral("/with space/ lead");
    QTest::newRow("unterminated") << QStringLiteral("\"/abc") << false << QString();
    QTest::newRow("no-quotes") << QStringLiteral("MKD command successful") << false << QString();
}

void TestProtocol::quotedPath()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QFETCH(QString, path);
    QString got;
    QCOMPARE(CommandOperation::parseQuotedPath(text, &got), ok);
    if (ok)
        QCOMPARE(got, path);
}

void TestProtocol::timeVal_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");
    const QTimeZone utc = QTimeZone::utc();
    QTest::newRow("seconds") << QStringLiteral("20200102030405")
                             << QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5), utc);
    QTest::newRow("millis") << QStringLiteral("20200102030405.123")
                            << QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5, 123), utc);
    QTest::newRow("one-fraction-digit")
        << QStringLiteral("20200102030405.5") << QDateTime(QDate(2020, 1, 2), QTime(3, 4, 5, 500), utc);
    QTest::newRow("invalid-month") << QStringLiteral("20201302030405") << QDateTime();
    QTest::newRow("short") << QStringLiteral("2020") << QDateTime();
    QTest::newRow("letters") << QStringLiteral("2020010203040x") << QDateTime();
}

void TestProtocol::timeVal()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime got = CommandOperation::parseTimeVal(text);
    QCOMPARE(got.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(got, expected);
        QCOMPARE(CommandOperation::formatTimeVal(got), text.left(14));
    }
}

void TestProtocol::url_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("scheme");
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<bool>("hasPassword");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("folder");

    QTest::newRow("plain") << QStringLiteral("ftp://example.com/pub/file.txt") << int(Protocol::Ftp)
                           << QString() << QString() << false << QStringLiteral("example.com") << 21
                           << QStringLiteral("/pub/file.txt") << false;
    QTest::newRow("no-path") << QStringLiteral("ftp://h") << int(Protocol::Ftp) << QString() << QString()
                             << false << QStringLiteral("h") << 21 << QStringLiteral("/") << true;
    QTest::newRow("user-pass-port") << QStringLiteral("ftp://bob:s3cret@h:2121/dir/") << int(Protocol::Ftp)
                                    << QStringLiteral("bob") << QStringLiteral("s3cret") << true
                                    << QStringLiteral("h") << 2121 << QStringLiteral("/dir/") << true;
    QTest::newRow("percent") << QStringLiteral("ftp://us%40er:p%3Aw%2F@h/a%20b/%C3%A9.txt")
                             << int(Protocol::Ftp) << QStringLiteral("us@er") << QStringLiteral("p:w/")
                             << true << QStringLiteral("h") << 21 << QStringLiteral("/a b/\u00e9.txt")
                             << false;
    QTest::newRow("at-in-user") << QStringLiteral("ftp://me@example.org:pw@h/") << int(Protocol::Ftp)
                                << QStringLiteral("me@example.org") << QStringLiteral("pw") << true
                                << QStringLiteral("h") << 21 << QStringLiteral("/") << true;
    QTest::newRow("empty-password") << QStringLiteral("ftp://u:@h/") << int(Protocol::Ftp)
                                    << QStringLiteral("u") << QString() << true << QStringLiteral("h") << 21
                                    << QStringLiteral("/") << true;
    QTest::newRow("ipv6") << QStringLiteral("ftp://[::1]:2121/x") << int(Protocol::Ftp) << QString()
                          << QString() << false << QStringLiteral("::1") << 2121 << QStringLiteral("/x")
                          << false;
    QTest::newRow("ipv6-default-port")
        << QStringLiteral("ftp://[fe80::1]/") << int(Protocol::Ftp) << QString() << QString() << false
        << QStringLiteral("fe80::1") << 21 << QStringLiteral("/") << true;
    QTest::newRow("ftpes") << QStringLiteral("ftpes://h/") << int(Protocol::FtpsExplicit) << QString()
                           << QString() << false << QStringLiteral("h") << 21 << QStringLiteral("/") << true;
    QTest::newRow("ftps-990") << QStringLiteral("FTPS://h/") << int(Protocol::FtpsImplicit) << QString()
                              << QString() << false << QStringLiteral("h") << 990 << QStringLiteral("/")
                              << true;
    QTest::newRow("crlf-decoded") << QStringLiteral("ftp://h/a%0D%0Ab") << int(Protocol::Ftp) << QString()
                                  << QString() << false << QStringLiteral("h") << 21
                                  << QStringLiteral("/a\r\nb") << false;
    QTest::newRow("sftp") << QStringLiteral("sftp://me@h/srv/data.bin") << int(Protocol::Sftp)
                          << QStringLiteral("me") << QString() << false << QStringLiteral("h") << 22
                          << QStringLiteral("/srv/data.bin") << false;
    QTest::newRow("sftp-port") << QStringLiteral("SFTP://h:2222/") << int(Protocol::Sftp) << QString()
                               << QString() << false << QStringLiteral("h") << 2222 << QStringLiteral("/")
                               << true;
    QTest::newRow("sftp-home") << QStringLiteral("sftp://h/~") << int(Protocol::Sftp) << QString()
                               << QString() << false << QStringLiteral("h") << 22 << QStringLiteral("~")
                               << true;
    QTest::newRow("sftp-home-file") << QStringLiteral("sftp://h/~/docs/a.txt") << int(Protocol::Sftp)
                                    << QString() << QString() << false << QStringLiteral("h") << 22
                                    << QStringLiteral("~/docs/a.txt") << false;
    QTest::newRow("sftp-tilde-name") << QStringLiteral("sftp://h/~bob/x") << int(Protocol::Sftp) << QString()
                                     << QString() << false << QStringLiteral("h") << 22
                                     << QStringLiteral("/~bob/x") << false;
    QTest::newRow("ftp-tilde-kept") << QStringLiteral("ftp://h/~/x") << int(Protocol::Ftp) << QString()
                                    << QString() << false << QStringLiteral("h") << 21
                                    << QStringLiteral("/~/x") << false;
}

void TestProtocol::url()
{
    QFETCH(QString, text);
    QFETCH(int, scheme);
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(bool, hasPassword);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, path);
    QFETCH(bool, folder);
    QString error;
    const auto url = FtpUrl::parse(text, &error);
    QVERIFY2(url.has_value(), qPrintable(error));
    QCOMPARE(int(url->protocol), scheme);
    QCOMPARE(url->user, user);
    QCOMPARE(url->password, password);
    QCOMPARE(url->hasPassword, hasPassword);
    QCOMPARE(url->host, host);
    QCOMPARE(int(url->port), port);
    QCOMPARE(url->path, path);
    QCOMPARE(url->namesFolder(), folder);
    QVERIFY(!url->toDisplayString().contains(QStringLiteral("s3cret")));
    // What toDisplayString() writes parses back to the same place (the password aside).
    const auto again = FtpUrl::parse(url->toDisplayString(), &error);
    QVERIFY2(again.has_value(), qPrintable(error));
    QCOMPARE(again->path, url->path);
    QCOMPARE(again->port, url->port);
}

void TestProtocol::urlErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("no-scheme") << QStringLiteral("example.com/x");
    QTest::newRow("http") << QStringLiteral("http://h/");
    QTest::newRow("no-host") << QStringLiteral("ftp:///x");
    QTest::newRow("bad-port") << QStringLiteral("ftp://h:99999/");
    QTest::newRow("port-letters") << QStringLiteral("ftp://h:ab/");
    QTest::newRow("unbracketed-ipv6") << QStringLiteral("ftp://::1/");
    QTest::newRow("unclosed-bracket") << QStringLiteral("ftp://[::1/");
    QTest::newRow("bad-percent") << QStringLiteral("ftp://h/a%zz");
    QTest::newRow("trailing-percent") << QStringLiteral("ftp://h/a%");
    QTest::newRow("query") << QStringLiteral("ftp://h/a?b");
    // Found by fuzz_url: Qt resolves "127.0.0.1\0..." as 127.0.0.1.
    QTest::newRow("nul-in-host") << QStringLiteral("ftp://127.0.0.1") + QChar(0) +
                                        QStringLiteral(".example/");
    QTest::newRow("control-in-host") << QStringLiteral("ftp://a") + QChar(1) + QStringLiteral("b/");
}

void TestProtocol::urlErrors()
{
    QFETCH(QString, text);
    QString error;
    QVERIFY(!FtpUrl::parse(text, &error).has_value());
    QVERIFY(!error.isEmpty());
}

void TestProtocol::ascii_data()
{
    QTest::addColumn<int>("direction");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    const int toLocal = int(AsciiConverter::Direction::ToLocal);
    const int toNet = int(AsciiConverter::Direction::ToNetwork);
    QTest::newRow("to-local-crlf") << toLocal << QByteArray("a\r\nb\r\n") << QByteArray("a\nb\n");
    QTest::newRow("to-local-lone-cr") << toLocal << QByteArray("a\rb\r") << QByteArray("a\rb\r");
    QTest::newRow("to-local-crcrlf") << toLocal << QByteArray("a\r\r\n") << QByteArray("a\r\n");
    QTest::newRow("to-net-lf") << toNet << QByteArray("a\nb\n") << QByteArray("a\r\nb\r\n");
    QTest::newRow("to-net-crlf-kept") << toNet << QByteArray("a\r\nb") << QByteArray("a\r\nb");
    QTest::newRow("to-net-empty") << toNet << QByteArray() << QByteArray();
}

void TestProtocol::ascii()
{
    QFETCH(int, direction);
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, expected);
    // Every split point (and byte-wise feeding) must give the same bytes.
    for (qsizetype split = 0; split <= input.size(); ++split) {
        AsciiConverter conv{AsciiConverter::Direction(direction)};
        QByteArray out = conv.convert(input.left(split));
        out += conv.convert(input.mid(split));
        out += conv.flush();
        QCOMPARE(out, expected);
    }
    AsciiConverter conv{AsciiConverter::Direction(direction)};
    QByteArray out;
    for (char c : input)
        out += conv.convert(QByteArray(1, c));
    out += conv.flush();
    QCOMPARE(out, expected);
}

void TestProtocol::errorKinds_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("transient");
    QTest::newRow("550-not-found") << 550 << QStringLiteral("No such file or directory.")
                                   << int(RemoteError::Kind::NotFound) << false;
    QTest::newRow("550-denied") << 550 << QStringLiteral("Permission denied.")
                                << int(RemoteError::Kind::Permission) << false;
    QTest::newRow("553") << 553 << QStringLiteral("Could not create file.")
                         << int(RemoteError::Kind::Permission) << false;
    QTest::newRow("530") << 530 << QStringLiteral("Login incorrect.") << int(RemoteError::Kind::Auth)
                         << false;
    QTest::newRow("421") << 421 << QStringLiteral("Timeout.") << int(RemoteError::Kind::Network) << true;
    QTest::newRow("426") << 426 << QStringLiteral("Connection closed; transfer aborted.")
                         << int(RemoteError::Kind::Network) << true;
    QTest::newRow("451") << 451 << QStringLiteral("Local error.") << int(RemoteError::Kind::Server) << true;
    QTest::newRow("502") << 502 << QStringLiteral("Not implemented.") << int(RemoteError::Kind::Server)
                         << false;
}

void TestProtocol::errorKinds()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QFETCH(int, kind);
    QFETCH(bool, transient);
    FtpReply reply;
    reply.code = code;
    reply.lines = {text};
    const RemoteError error = RemoteError::fromReply(reply, QStringLiteral("Doing it"));
    QCOMPARE(int(error.kind()), kind);
    QCOMPARE(error.isTransient(), transient);
    QCOMPARE(error.replyCode(), code);
    QVERIFY(error.toString().startsWith(QStringLiteral("Doing it")));
    QVERIFY(error.toString().contains(text));
}

void TestProtocol::charset()
{
    Charset cs;
    QVERIFY(cs.isAuto());
    QCOMPARE(cs.decode(QByteArray("caf\xc3\xa9")), QStringLiteral("caf\u00e9"));
    QCOMPARE(cs.decode(QByteArray("caf\xe9")), QStringLiteral("caf\u00e9")); // invalid UTF-8 -> Latin-1
    QVERIFY(cs.setName(QStringLiteral("windows-1252")));
    QCOMPARE(cs.decode(QByteArray("\x80")), QStringLiteral("\u20ac"));
    QCOMPARE(cs.encode(QStringLiteral("\u20ac\u00e9")), QByteArray("\x80\xe9"));
    QVERIFY(!cs.setName(QStringLiteral("no-such-charset")));
    QCOMPARE(cs.name(), QStringLiteral("windows-1252"));
}

QTEST_GUILESS_MAIN(TestProtocol)
#include "tst_protocol.moc"
