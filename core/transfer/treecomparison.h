#pragma once

#include "listing/direntry.h"
#include "remote/remoteerror.h"

#include <QFileInfo>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QRegularExpression>
#include <QStringList>
#include <functional>
#include <memory>

namespace ferry {

class RemoteSession;
class RemoteCall;

// How two files are told apart (issue #18 §1).
struct CompareCriteria {
    bool size = true;
    bool time = true;
    bool checksum = false;     // the server's HASH/XSHA*/XMD5/XCRC against the local digest
    qint64 toleranceMs = 2000; // times this close count as the same (FAT keeps 2 s)
    qint64 serverOffsetMs = 0; // added to listed times that are not UTC (FileZilla's "adjust server time")
};

// One path of the two trees, compared.
struct ComparedEntry {
    enum class Status {
        OnlyLocal,
        OnlyRemote,
        Same,
        Different,
        Skipped, // a link, a special file, or a file on one side and a folder on the other
    };
    enum class Newer { Unknown, Neither, Local, Remote };

    QString path; // relative to both roots, '/'-separated, never empty, never "..", no leading '/'
    Status status = Status::Same;
    bool folder = false;
    bool sizeDiffers = false;
    bool checksumDiffers = false;
    Newer newer = Newer::Unknown; // by time, when both sides have one
    qint64 localSize = -1;
    qint64 remoteSize = -1;
    qint64 localMtimeMs = -1;
    qint64 remoteMtimeMs = -1;    // UTC, the start of the listed window (a minute on LIST servers)
    bool remoteTimeExact = false; // to the second
    QString reason;               // Skipped: why
};

// The remote side of one entry: its listed size and time (shifted by the server's zone
// unless UTC, its precision in remoteTimeExact), or Skipped for a link.
void describeRemoteSide(const DirEntry &remote, const CompareCriteria &criteria, ComparedEntry *entry);
// The rule for a file on both sides (sizes and times filled in): which is newer, with the
// precision both sides have (a remote time to the minute covers its whole minute) and the
// tolerance, and whether it is Same or Different by the criteria.
void decideCompared(ComparedEntry &entry, const CompareCriteria &criteria);

// Compares a local folder with a remote one, folder by folder (issue #18 §1): each folder
// is listed on both sides at once (the remote one on `session`, the local one on a worker
// thread, so the event loop never waits for the disk), its entries compared and sent as one
// batch (compared()), and its subfolders walked next, depth first. Only the folder being
// compared and the names of the folders still to visit are in memory, so a tree of a
// million files compares in bounded memory. (With checksums, the local file's digest is
// still read on the calling thread.)
//
// Excluded names (globs: a pattern without '/' matches a name at any depth, one with '/'
// the path from the roots) are neither compared nor walked. Links (either side), special
// files and a file facing a folder come as Skipped with a reason: sync never follows them.
// Remote times coarser than a second are compared over their whole window (a minute);
// with no time of day (old `ls -l` lines), the time is asked for (MDTM).
class TreeComparison final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TreeComparison)
public:
    TreeComparison(RemoteSession *session, const QString &localRoot, const QString &remoteRoot,
                   const CompareCriteria &criteria, QObject *parent = nullptr);
    ~TreeComparison() override;

    void setExcludes(const QStringList &globs);
    // Whether to walk into a folder that exists on one side only (default: always). Sync
    // walks a folder it uploads or downloads, not one it deletes whole.
    void setDescendFilter(std::function<bool(const ComparedEntry &)> filter);
    // The roots: whether each exists (a root missing on one side compares as all one-sided).
    void setRootsExist(bool local, bool remote);

    void start();
    void cancel();
    bool isExcluded(const QString &relativePath, const QString &name) const;

Q_SIGNALS:
    // One folder's entries (after any checksums or times it had to ask for).
    void compared(const QList<ferry::ComparedEntry> &batch);
    // A folder below the roots that could not be listed or read: nothing in it is compared
    // (so nothing in it is copied or deleted); the comparison goes on with the others.
    void folderFailed(const QString &path, const ferry::RemoteError &error);
    // Everything compared, or the error that stopped it (a root that could not be listed or
    // read, a connection lost twice in a row).
    void finished(const ferry::RemoteError &error);

private:
    struct Folder {
        QString path; // relative; empty for the roots
        bool local = true;
        bool remote = true;
    };
    void next();
    void readLocal();
    void listRemote();
    void sideDone();
    void compareFolder();
    void settle(); // asks the pending checksums/times one by one, then emits the batch
    void failFolder(const QString &path, const RemoteError &error);
    void finish(const RemoteError &error);
    QString localPath(const QString &relative) const;
    QString remotePath(const QString &relative) const;

    QPointer<RemoteSession> m_session;
    QString m_localRoot;
    QString m_remoteRoot;
    CompareCriteria m_criteria;
    QList<QRegularExpression> m_nameExcludes;
    QList<QRegularExpression> m_pathExcludes;
    std::function<bool(const ComparedEntry &)> m_descend;
    QList<Folder> m_pending;  // folders still to compare (a stack: depth first)
    Folder m_current;         // the folder being compared
    quint64 m_generation = 0; // which folder a listing that arrives belongs to
    int m_waiting = 0;        // sides of m_current still being listed
    QList<DirEntry> m_remote;
    QList<QFileInfo> m_local;
    QList<ComparedEntry> m_batch;
    QList<int> m_unsettled; // indexes into m_batch waiting for a checksum or a time
    QPointer<RemoteCall> m_call;
    bool m_retried = false; // the folder being listed was listed again after a lost connection
    bool m_running = false;
    bool m_done = false;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::ComparedEntry)
