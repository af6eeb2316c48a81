// Ferry's own files (sites, trusted certificates, history, the queue database) are private:
// 0600 in 0700 folders, also when an older Ferry left them 0644; a folder the user chose for
// a file is never changed.
#include "remote/certificatestore.h"
#include "sites/connectionhistory.h"
#include "sites/privatefile.h"
#include "sites/sitestore.h"
#include "transfer/queuestore.h"
#include "transfer/transferjob.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace ferry;

namespace {

int modeOf(const QString &path)
{
    struct stat st;
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace

class TestPrivateFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void savedFilesArePrivate();
    void oldPublicFileBecomesPrivate();
    void queueDatabaseIsPrivate();
    void userFolderKeepsItsMode();
};

void TestPrivateFiles::savedFilesArePrivate()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("config/ferry"));
    SiteStore sites(folder + QStringLiteral("/sites.json"));
    SiteProfile site;
    site.name = QStringLiteral("Example");
    site.host = QStringLiteral("ftp.example.com");
    QString error;
    QVERIFY2(sites.add(site, &error), qPrintable(error));
    QVERIFY2(sites.save(&error), qPrintable(error));
    QCOMPARE(modeOf(folder + QStringLiteral("/sites.json")), 0600);
    QCOMPARE(modeOf(folder), 0700);

    ConnectionHistory history(folder + QStringLiteral("/history.json"));
    QVERIFY(history.addQuickConnect(QStringLiteral("ftp://me@example.com/")));
    QVERIFY(history.save(&error));
    QCOMPARE(modeOf(folder + QStringLiteral("/history.json")), 0600);

    CertificateStore certificates(folder + QStringLiteral("/trusted-certificates.json"));
    const auto certs = QSslCertificate::fromPath(QStringLiteral("/etc/ssl/certs/*.pem"), QSsl::Pem,
                                                 QSslCertificate::PatternSyntax::Wildcard);
    QVERIFY(!certs.isEmpty());
    QVERIFY(certificates.pin(QStringLiteral("example.com"), 21, certs.first(), &error));
    QCOMPARE(modeOf(folder + QStringLiteral("/trusted-certificates.json")), 0600);
}

void TestPrivateFiles::oldPublicFileBecomesPrivate()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("ferry"));
    QVERIFY(QDir().mkpath(folder));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::Permissions(0x7755)));
    const QString path = folder + QStringLiteral("/sites.json");
    QFile old(path);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("{\"version\": 1, \"sites\": []}");
    old.close();
    QVERIFY(QFile::setPermissions(path, QFileDevice::Permissions(0x6644)));
    QCOMPARE(modeOf(path), 0644);
    SiteStore sites(path);
    QVERIFY(sites.load());
    QVERIFY(sites.save());
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(folder), 0700);
}

void TestPrivateFiles::queueDatabaseIsPrivate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("data/ferry/queue.sqlite"));
    {
        QueueStore store(path);
        QVERIFY2(store.open(), qPrintable(store.errorString()));
        QList<TransferJob> jobs(1);
        jobs[0].site = QStringLiteral("ftp://me@example.com:21");
        jobs[0].remotePath = QStringLiteral("/secret-project/plan.txt");
        jobs[0].localPath = dir.filePath(QStringLiteral("plan.txt"));
        QVERIFY(store.insert(jobs));
        QCOMPARE(modeOf(path), 0600);
        QCOMPARE(modeOf(path + QStringLiteral("-wal")), 0600);
    }
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("data/ferry"))), 0700);
}

void TestPrivateFiles::userFolderKeepsItsMode()
{
    // ferry-cli --queue-db ~/q.sqlite: the file is private, the user's folder untouched.
    QTemporaryDir dir;
    QVERIFY(QFile::setPermissions(dir.path(), QFileDevice::Permissions(0x7755)));
    QString error;
    QVERIFY(makePrivateFile(dir.filePath(QStringLiteral("q.sqlite")), &error));
    QCOMPARE(modeOf(dir.filePath(QStringLiteral("q.sqlite"))), 0600);
    QCOMPARE(modeOf(dir.path()), 0755);
}

QTEST_GUILESS_MAIN(TestPrivateFiles)
#include "tst_privatefiles.moc"
