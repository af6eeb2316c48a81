#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

class QProcess;

namespace ferry::test {

// A real FTP server (pyftpdlib or vsftpd) started on a free loopback port with a
// temporary root, for integration tests. The process is stopped by its PID when the
// object is destroyed, also when the test fails (QTest returns through destructors).
//
// FTPS: Options::tls selects explicit (AUTH TLS, RFC 4217) or implicit FTPS (TLS from
// the first byte). The certificates are generated with the openssl CLI (once per test
// process, then copied into the server's temporary directory); see
// tests/servers/README.md for what each server does and the TLS session-resumption
// recipe vsftpd needs on data connections.
//
// pyftpdlib extras (Options below; tests/servers/README.md "Checksums, connection
// limits and faults"): HASH/X* checksum commands, connection limits (also vsftpd's),
// and scripted faults: data connections cut or stalled after N bytes, throttled, or
// the control connection closed at a given command.
class TestServer final {
public:
    // Proftpd: proftpd_server.sh on the unpacked /opt/ferry-proftpd (or $FERRY_PROFTPD), run
    // like vsftpd (root, the ferrytest login); explicit FTPS offers SSCN (mod_tls), FXP allowed.
    enum class Kind { Pyftpdlib, Vsftpd, Proftpd };
    enum class Tls {
        None,     // plain FTP; AUTH is refused (pyftpdlib 500, vsftpd 530 before login)
        Explicit, // AUTH TLS/SSL, PBSZ, PROT on the normal port
        Implicit, // TLS handshake first, then the 220 greeting (FTPS "port 990" style)
    };
    enum class DropMode {
        Reset, // the data connection ends with a TCP RST, once the client acknowledged the bytes
        Close, // plain close (FIN)
    };
    enum class TlsCert {
        SelfSigned, // CN=localhost, SAN DNS:localhost, IP:127.0.0.1, IP:::1, self-signed
        Expired,    // same names, signed by the test CA, expired in January 2020
        WrongHost,  // CN/SAN DNS:wrong.example (no IP SANs), signed by the test CA
        CaSigned,   // same names as SelfSigned, signed by the test CA: trust
                    // caCertificatePath() and the chain is fully valid
    };

    struct Options {
        Kind kind = Kind::Pyftpdlib;
        QHostAddress address = QHostAddress(QHostAddress::LocalHost); // or LocalHostIPv6
        bool allowActive = true;                                      // accept PORT/EPRT to loopback
        // vsftpd only: pasv_promiscuous and port_promiscuous (server-to-server copies, FXP);
        // off, vsftpd refuses a data connection from, or a PORT to, another address than the
        // client's (as by default).
        bool allowFxp = false;
        qint64 vsftpdMaxRate = 0; // vsftpd only: local_max_rate, bytes/s per session; 0: unlimited
        bool utf8 = true;         // advertise UTF8 in FEAT
        bool mlsd = true;         // pyftpdlib: false makes it LIST-only (times to the minute, like vsftpd)
        bool mfmt = true;         // pyftpdlib: false refuses MFMT (a server that cannot set times)
        // FTPS (ignored with Tls::None):
        Tls tls = Tls::None;
        TlsCert cert = TlsCert::SelfSigned;
        bool tls13 = true;      // false: TLS 1.2 only (both servers always refuse < 1.2)
        bool requireTls = true; // USER/PASS refused before TLS, data only with PROT P (5xx)

        // --- Checksums (pyftpdlib only; tests/servers/README.md "Checksums") ---
        // Commands to offer, any of allHashCommands(): "HASH" (draft-bryan-ftpext-hash:
        // FEAT "HASH SHA-256*;SHA-1;MD5;CRC32", OPTS HASH, "213 <alg> 0-<size-1> <hex>
        // <path>") and "XSHA256", "XSHA1", "XMD5", "XCRC" ("250 <HEX>"). Empty: none.
        QStringList hashCommands;
        // Algorithms HASH offers (IANA names, first = default). Empty: all four.
        QStringList hashAlgorithms;

        // --- Connection limits (0: none; tests/servers/README.md "Connection limits") ---
        int maxConnections = 0;      // simultaneous control connections (vsftpd: max_clients)
        int maxConnectionsPerIp = 0; // ... from one address (vsftpd: max_per_ip)
        // 421: the extra connection gets "421 Too many connections..." instead of 220
        // and is closed. 530 (pyftpdlib only): it is greeted, and PASS gets
        // "530 Sorry, the maximum number of ... are already connected." (ProFTPD's
        // text) when that many sessions are already logged in; then it is closed.
        int tooManyReply = 421;

        // --- Data-connection faults (pyftpdlib only; README "Fault injection") ---
        // The first dropCount file transfers (faultCommands) are cut after
        // dropDataAfter bytes of the data connection: "426 Connection closed; transfer
        // aborted."; a STOR keeps the bytes it got. Later transfers work. -1: off.
        qint64 dropDataAfter = -1;
        int dropCount = 1;
        DropMode dropMode = DropMode::Reset;
        // The first stallCount file transfers stop moving data after stallDataAfter
        // bytes; the data connection stays open (ABOR ends it). -1: off.
        qint64 stallDataAfter = -1;
        int stallCount = 1;
        QStringList faultCommands; // which transfers count/fault; empty: RETR, STOR, APPE, STOU
        qint64 dataRate = 0;       // every data connection, both directions, bytes/s; 0: unlimited
        // Close the control connection (no reply) at the first dropControlCount
        // commands with this verb (e.g. "STOR"). Empty: off.
        QString dropControlAfterCommand;
        int dropControlCount = 1;
        // Every file transfer in the server's log, read back by transfers() (pyftpdlib only).
        bool logTransfers = false;

        // --- Behind a link emulator (bench/linkem; both servers) ---
        QString passivePorts; // "LOW-HIGH": a fixed passive range; empty: the server's choice
        QString pasvAddress;  // IPv4 address announced in PASV instead of the server's own
    };

    // {"HASH", "XSHA256", "XSHA1", "XMD5", "XCRC"}
    static QStringList allHashCommands();

    // Starts the server and waits (bounded) until it accepts connections.
    // Returns nullptr and fills *error when it cannot start (missing binary, no test user, ...).
    static std::unique_ptr<TestServer> start(const Options &options, QString *error);
    ~TestServer();

    Kind kind() const { return m_options.kind; }
    QHostAddress address() const { return m_options.address; }
    quint16 port() const { return m_port; }
    QString rootPath() const; // the folder the `test` user sees as "/" (writable)
    QString userName() const; // "test" for pyftpdlib; the system user for vsftpd
    QString password() const;
    static QString kindName(Kind kind); // "pyftpdlib" / "vsftpd"
    Tls tls() const { return m_options.tls; }
    const Options &options() const { return m_options; }

    // FTPS certificate files (empty with Tls::None). certificatePath() is the server's
    // certificate (PEM, the leaf only), privateKeyPath() its key. caCertificatePath()
    // is the test CA (PEM) that signed it for Expired, WrongHost and CaSigned; empty
    // for SelfSigned (trust certificatePath() itself there).
    QString certificatePath() const;
    QString privateKeyPath() const;
    QString caCertificatePath() const;
    // SHA-256 of the server certificate's DER encoding, lowercase hex without colons
    // (QSslCertificate::digest(QCryptographicHash::Sha256).toHex()); empty without TLS.
    QByteArray certificateSha256() const;
    qint64 pid() const; // PID of the server process (kept after it stopped)
    // The file transfers so far, in the order they ended (pyftpdlib with logTransfers):
    // "STOR /abs/path" with the bytes it moved and whether it completed.
    struct Transfer {
        QString command; // STOR, APPE, STOU, RETR
        QString path;    // absolute, below rootPath()
        bool completed = false;
        qint64 bytes = 0;
    };
    QList<Transfer> transfers() const;
    QString serverLog() const; // tail of the server's stdout/stderr, for diagnostics
                               // (+ vsftpd.log with FTPS: debug_ssl lines)

    // Puts a file below rootPath() (creating parent folders) owned by the account the
    // server runs the login user as, so the user can also overwrite/delete it (vsftpd
    // runs sessions as `ferrytest`; files a test creates directly belong to root).
    bool writeFile(const QString &relativePath, const QByteArray &content) const;
    // Hands everything below rootPath() to the login user (after creating files directly).
    void fixOwnership() const;

private:
    TestServer() = default;
    TestServer(const TestServer &) = delete;
    TestServer &operator=(const TestServer &) = delete;
    bool startPyftpdlib(const QString &serversDir, QString *error);
    bool startVsftpd(const QString &serversDir, QString *error);
    bool prepareCertificates(const QString &serversDir, QString *error);
    QProcess *newProcess();
    void stopProcess();
    QString logPath() const;

    Options m_options;
    quint16 m_port = 0;
    QTemporaryDir m_dir; // root/ is served; config and logs live beside it
    QProcess *m_process = nullptr;
    qint64 m_pid = 0;
    int m_uid = -1; // vsftpd's login user; -1: leave ownership alone
    int m_gid = -1;
    QByteArray m_certSha256;
};

// ftp://USER:PASS@ADDRESS:PORT/PATH for the server's account and address (the TLS policy is
// the URL's default: TLS when offered).
// The unpacked proftpd binary ($FERRY_PROFTPD or /opt/ferry-proftpd, usr/sbin/proftpd); empty when absent.
QString proftpdBinary();

inline QString urlFor(const TestServer &server, const QString &path = QStringLiteral("/"))
{
    const QHostAddress address = server.address();
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    return QStringLiteral("ftp://%1:%2@%3:%4%5")
        .arg(server.userName(), server.password(), host)
        .arg(server.port())
        .arg(path);
}

} // namespace ferry::test
