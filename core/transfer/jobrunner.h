#pragma once

#include "checksum.h"
#include "listing/direntry.h"
#include "remote/remotecall.h"
#include "remote/remoteerror.h"
#include "remote/remotesession.h"
#include "remote/sessionconfig.h"
#include "transferjob.h"

#include <QFile>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>
#include <memory>
#include <optional>

namespace ferry {

class RemoteCall;
class RemoteSession;
struct ListedTime;
class OverwriteRequest;
class PartFile;
class RateLimiter;
class ServerCopy;

// What the queue lends to every job it runs.
struct JobContext {
    RateLimiter *downloadLimiter = nullptr;
    RateLimiter *uploadLimiter = nullptr;
    bool verify = true;          // check size and checksum after a resume
    QStringList asciiExtensions; // Mode::Auto: these (lower-case, no dot) go as ASCII
    // Asks about an existing target; the queue asks one question at a time.
    std::function<void(OverwriteRequest *)> ask;
    // A folder job queues its children (in batches); false when the store failed.
    std::function<bool(const TransferJob &parent, QList<TransferJob> &children)> addChildren;
    // A line for the log (not an error).
    std::function<void(const TransferJob &job, const QString &text)> note;
    // An operation that ends after its job has finished (an upload's MFMT): the queue is
    // not drained before it is gone.
    std::function<void(RemoteCall *call)> trailing;
    // The folder jobs above a job, its parent first (bounded).
    std::function<QList<TransferJob>(const TransferJob &job)> ancestors;
    // Links in folders (issue #13 §2): followed (links leaving an uploaded tree and loops
    // are still skipped), or every link skipped.
    bool followLinks = true;
    // Copies between servers: another session to a site for a while (FXP's progress asks
    // the target's SIZE on it; nullptr when the site's limit is reached), and giving it back.
    std::function<RemoteSession *(const QString &site)> borrowSession;
    std::function<void(RemoteSession *session)> returnSession;
    // Pairs of sites ("source\ntarget") that refused FXP in this run: streamed from then on.
    QSet<QString> *refusedPairs = nullptr;
};

// Runs one job on one logged-in session: the steps of a file transfer (existing target
// and policy, resume from the part file or the remote size, the transfer itself,
// verification, modification time) or of a folder job (create, list, queue children),
// as a chain of engine operations. Never blocks; stop() aborts the running operation.
class JobRunner final : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Done, Skipped, Failed, Waiting };

    JobRunner(const TransferJob &job, RemoteSession *session, const JobContext *context,
              QObject *parent = nullptr);
    ~JobRunner() override;

    // Copies between servers: the logged-in (or new) session to the target site.
    void setTarget(RemoteSession *target);
    RemoteSession *target() const;
    bool targetReusable() const;

    void start();
    // Pause or cancel: the running operation is aborted; finished() follows.
    void stop();

    TransferJob &job() { return m_job; }
    RemoteSession *session() const;
    Outcome outcome() const { return m_outcome; }
    RemoteError error() const { return m_error; }
    // Bytes moved on the wire by this attempt (for the speed), not counting a resume offset.
    qint64 bytesMoved() const { return m_moved; }
    // Whether the session is fit for the next job.
    bool sessionReusable() const;
    // Made a new login (the error came before the session was ever ready).
    bool failedAtLogin() const { return m_failedAtLogin; }
    // The job's size when it started: what the queue's byte totals counted for it.
    qint64 startSize() const { return m_startSize; }

Q_SIGNALS:
    void finished();

private:
    bool startRetransfer(const QString &why);
    template<typename Op, typename F>
    void then(Op *op, F &&handler);
    void finishDone();
    // A file transferred (and verified): done, or for a move, its source removed first.
    void finishTransfer();
    // A folder's children all queued: done, or for a move, waiting for them (phase 1).
    void finishExpanded();
    // A move's folder once its children are finished: removed if empty, else kept (skipped).
    void removeSourceFolder();
    void keepSourceFolder(qsizetype entries);
    // A move checks the target's size (and checksum, when the server has one) before the
    // source goes; an ASCII transfer's size may differ, so only binary ones.
    bool verifiesMove() const;
    void finishSkipped(const QString &why);
    void finishWith(Outcome outcome);
    void fail(const RemoteError &error);
    TransferType typeFor(const QString &name) const;
    void ask(qint64 sourceSize, qint64 sourceMtimeMs, qint64 targetSize, qint64 targetMtimeMs,
             const std::function<void(TransferJob::Overwrite)> &then);
    void renameTarget(const QString &name);
    void fetchRemoteInfo(const QString &path, bool wantTime, const std::function<void(qint64, qint64)> &then);
    void fetchRemoteTime(const QString &path, const std::function<void(qint64)> &then);
    bool serverGivesExactTimes() const; // MDTM
    qint64 downloadSourceTime(const ListedTime &remote, const QString &localPath) const;
    qint64 uploadTargetTime(const ListedTime &remote, qint64 localMtimeMs) const;

    void downloadStart();
    void downloadResolve(qint64 targetSize, qint64 targetMtimeMs);
    void downloadOpen();
    void downloadTransfer();
    void downloadVerify();
    void downloadCommit();

    void uploadStart();
    void uploadCheckTarget(); // the existing target's size (and time) and what to do with it
    void uploadResolve();
    void uploadTransfer(qint64 offset);
    void uploadVerify();
    void uploadFinish();
    void findFreeRemoteName(int n);

    void verifyChecksum(const QString &remotePath, const QString &localPath,
                        const std::function<void(bool ok)> &then);
    void compareLocalDigest(const QString &localPath, ChecksumMethod::Algorithm algorithm,
                            const QByteArray &remote, const std::function<void(bool ok)> &then);

    void uploadFolder();
    // MKD `path`, first creating each missing parent (one MKD per missing level); a refusal
    // of a folder that then exists (CWD works) is no error. `done(error, created)`: no
    // error when `path` exists now; `created` when it was made now (false: it was there,
    // or it is the root).
    void makeRemoteFolder(const QString &path, int depth,
                          const std::function<void(const RemoteError &, bool created)> &done);
    static QString remoteParent(const QString &path); // "" for "/" and top-level names
    void expandLocalFolder(const QHash<QString, std::pair<qint64, ListedTime>> &existing,
                           bool remoteWasCreated);
    struct LocalExpansion;
    void expandLocalBatch();
    TransferJob childJob(TransferJob::Kind kind, const QString &name) const;
    TransferJob skippedChild(TransferJob::Kind kind, const QString &name, const QString &reason) const;
    TransferJob treeTop() const;
    void downloadFolder();
    void listRemoteFolder(); // and queue its children (a download's or a copy's folder)
    void learnFolderIdentity(const std::function<void()> &next);
    void expandRemoteFolder(const QList<DirEntry> &entries);
    const QList<TransferJob> &folderChain();
    void addRemoteFolder(const QString &name, const QString &identity);
    void probeRemoteLinks(const QList<DirEntry> &links, qsizetype index);
    QString linkTargetPath(const QString &target) const;
    void storeRemoteChildren();
    void deleteFolder();

    // Copies between servers (jobrunnercopy.cpp).
    RemoteSession *writeSession() const; // where folders are made: the target of a copy
    void copyStart();
    void copyCheckTarget();
    void copyResolve(qint64 targetSize);
    void copyTransfer(qint64 offset);
    void copyFinished();
    void copyFolder();
    void releaseProbe();
    bool reusable(RemoteSession *session) const;

    TransferJob m_job;
    QPointer<RemoteSession> m_session;
    QPointer<RemoteSession> m_target; // copies: the target site's session
    QPointer<RemoteSession> m_probe;  // copies: another session to the target (FXP progress)
    QPointer<ServerCopy> m_copy;
    const JobContext *m_context;
    qint64 m_startSize;
    QPointer<RemoteCall> m_op;
    QPointer<OverwriteRequest> m_question;
    Outcome m_outcome = Outcome::Failed;
    RemoteError m_error;
    RemoteError m_infoError; // why the last stat said "absent"
    bool m_stopping = false;
    bool m_finished = false;
    bool m_failedAtLogin = false;
    bool m_everReady = false;
    qint64 m_offset = 0;
    qint64 m_moved = 0;
    bool m_targetExisted = false;
    bool m_retransferred = false;                // a verification failed once and the file went again whole
    bool m_parentsTried = false;                 // a refused STOR made the remote parents once
    std::unique_ptr<LocalExpansion> m_expansion; // a local folder being read, batch by batch
    std::unique_ptr<PartFile> m_part;
    std::unique_ptr<QFile> m_source;
    QList<TransferJob> m_children;                   // a folder's children while its links are probed
    std::optional<QList<TransferJob>> m_folderChain; // this folder and those above it (loops)
};

template<typename Op, typename F>
inline void JobRunner::then(Op *op, F &&handler)
{
    m_op = op;
    connect(op, &RemoteCall::finished, this, [this, op, handler = std::forward<F>(handler)]() mutable {
        m_op = nullptr;
        if (m_session && m_session->isLoggedIn())
            m_everReady = true;
        if (m_stopping) {
            fail(RemoteError(RemoteError::Kind::Cancelled, tr("Stopped.")));
            return;
        }
        handler(op);
    });
}

} // namespace ferry
