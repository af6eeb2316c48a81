#pragma once

#include "awaitqueue.h"
#include "testutil.h"
#include "transfer/transferqueue.h"
#include "treeutil.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

// The transfer queue's overwrite policies, one table for every protocol (tst_queue on FTP,
// tst_sftp_queue on SFTP): what the target holds afterwards and the job's state, for each
// policy, both directions, a target older or newer, shorter, the same size, a prefix.
namespace ferry::test {

// The rows: policy, upload, target (what exists before; empty: nothing), targetAgeS (the
// target's time relative to the source's), expected (the target afterwards), state.
inline void addOverwritePolicyRows()
{
    QTest::addColumn<int>("policy");
    QTest::addColumn<bool>("upload");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("targetAgeS");
    QTest::addColumn<QByteArray>("expected");
    QTest::addColumn<int>("state");
    const QByteArray source = "0123456789abcdefghij";
    using O = TransferJob::Overwrite;
    using S = TransferJob::State;
    for (const bool up : {false, true}) {
        const char *dir = up ? "upload" : "download";
        QTest::addRow("%s overwrite", dir)
            << int(O::Overwrite) << up << QByteArray("old") << 0 << source << int(S::Done);
        QTest::addRow("%s skip", dir)
            << int(O::Skip) << up << QByteArray("old") << 0 << QByteArray("old") << int(S::Skipped);
        QTest::addRow("%s newer: source newer", dir)
            << int(O::IfNewer) << up << QByteArray("old") << -3600 << source << int(S::Done);
        QTest::addRow("%s newer: target newer", dir)
            << int(O::IfNewer) << up << QByteArray("new") << 3600 << QByteArray("new") << int(S::Skipped);
        QTest::addRow("%s size differs", dir)
            << int(O::IfSizeDiffers) << up << QByteArray("short") << 0 << source << int(S::Done);
        QTest::addRow("%s same size", dir)
            << int(O::IfSizeDiffers) << up << QByteArray("XXXXXXXXXXXXXXXXXXXX") << 0
            << QByteArray("XXXXXXXXXXXXXXXXXXXX") << int(S::Skipped);
        QTest::addRow("%s resume a prefix", dir)
            << int(O::Resume) << up << QByteArray("0123456") << 0 << source << int(S::Done);
        QTest::addRow("%s resume complete", dir)
            << int(O::Resume) << up << source << 0 << source << int(S::Skipped);
        QTest::addRow("%s no target", dir)
            << int(O::Skip) << up << QByteArray() << 0 << source << int(S::Done);
    }
}

// Runs the current row through a queue with `config`: the remote file is `remotePath`,
// which is `remoteDisk` on the server's disk; `handOver` gives what the test wrote there to
// the server's user (or does nothing).
inline void runOverwritePolicyRow(const SessionConfig &config, const QString &remotePath,
                                  const QString &remoteDisk, const std::function<void()> &handOver)
{
    QFETCH(int, policy);
    QFETCH(bool, upload);
    QFETCH(QByteArray, target);
    QFETCH(int, targetAgeS);
    QFETCH(QByteArray, expected);
    QFETCH(int, state);
    QTemporaryDir local;
    const QByteArray source = "0123456789abcdefghij";
    const QDateTime sourceTime = QDateTime::currentDateTimeUtc().addSecs(-7200);
    const QString localPath = local.filePath(QStringLiteral("f.txt"));
    const QString sourceDisk = upload ? localPath : remoteDisk;
    const QString targetDisk = upload ? remoteDisk : localPath;
    QFile::remove(remoteDisk);
    writeBytes(sourceDisk, source);
    {
        QFile f(sourceDisk);
        QVERIFY(f.open(QIODevice::ReadWrite) && f.setFileTime(sourceTime, QFileDevice::FileModificationTime));
    }
    if (!target.isEmpty()) {
        writeBytes(targetDisk, target);
        QFile f(targetDisk);
        QVERIFY(f.open(QIODevice::ReadWrite) &&
                f.setFileTime(sourceTime.addSecs(targetAgeS), QFileDevice::FileModificationTime));
    }
    handOver();
    const SiteKey site = SiteKey::fromString(QStringLiteral("s"));
    TransferQueue queue(QStringLiteral(":memory:"));
    QVERIFY(queue.open());
    queue.setSite(site, config);
    TransferQueue::JobOptions options;
    options.overwrite = TransferJob::Overwrite(policy);
    const qint64 id = upload ? queue.enqueueUpload(site, localPath, remotePath, options)
                             : queue.enqueueDownload(site, remotePath, localPath, options);
    QVERIFY(runUntilDrained(queue));
    const auto job = queue.job(id);
    QVERIFY(job);
    QVERIFY2(int(job->state) == state,
             qPrintable(TransferJob::stateName(job->state) + QLatin1Char(' ') + job->error));
    QFile result(targetDisk);
    QVERIFY(result.open(QIODevice::ReadOnly));
    QCOMPARE(result.readAll(), expected);
    QVERIFY(!QFileInfo::exists(localPath + QStringLiteral(".part")));
    // A file sent whole carries the source's time.
    if (state == int(TransferJob::State::Done) && policy != int(TransferJob::Overwrite::Resume))
        QCOMPARE(QFileInfo(targetDisk).lastModified().toSecsSinceEpoch(), sourceTime.toSecsSinceEpoch());
}

} // namespace ferry::test
