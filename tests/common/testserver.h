#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QTemporaryDir>
#include <memory>

class QProcess;

namespace ferry::test {

// A real FTP server (pyftpdlib or vsftpd) started on a free loopback port with a
// temporary root, for integration tests. The process is stopped by its PID when the
// object is destroyed, also when the test fails (QTest returns through destructors).
class TestServer final {
public:
    enum class Kind { Pyftpdlib, Vsftpd };

    struct Options {
        Kind kind = Kind::Pyftpdlib;
        QHostAddress address = QHostAddress(QHostAddress::LocalHost); // or LocalHostIPv6
        bool allowActive = true;                                      // accept PORT/EPRT to loopback
        bool utf8 = true;                                             // advertise UTF8 in FEAT
    };

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
    qint64 pid() const;                 // PID of the server process (kept after it stopped)
    QString serverLog() const;          // tail of the server's stdout/stderr, for diagnostics

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
};

} // namespace ferry::test
