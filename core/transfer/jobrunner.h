#pragma once

#include "checksum.h"
#include "remote/remoteerror.h"
#include "remote/sessionconfig.h"
#include "transferjob.h"

#include <QFile>
#include <QObject>
#include <QPointer>
#include <functional>
#include <memory>

namespace ferry {

class FtpOperation;
class FtpSession;
class OverwriteRequest;
class PartFile;
class RateLimiter;

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
    std::function<void(FtpOperation *operation)> trailing;
};

// Runs one job on one logged-in session: the steps of a file transfer (existing target
// and policy, resume from the part file or the remote size, the transfer itself,
// verification, modification time) or of a folder job (create, list, queue children),
// as a chain of engine operations. Never blocks; stop() aborts the running operation.
class JobRunner final : public QObject {
    Q_OBJECT
public:
    enum class Outcome { Done, Skipped, Failed, Waiting };

    JobRunner(const TransferJob &job, FtpSession *session, const JobContext *context,
              QObject *parent = nullptr);
    ~JobRunner() override;

    void start();
    // Pause or cancel: the running operation is aborted; finished() follows.
    void stop();

    TransferJob &job() { return m_job; }
    FtpSession *session() const; // out of line: this header is included where FtpSession is not
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

    // The action for an existing target under `policy` (Ask stays Ask).
    static TransferJob::Overwrite decide(TransferJob::Overwrite policy, qint64 sourceSize,
                                         qint64 sourceMtimeMs, qint64 targetSize, qint64 targetMtimeMs);
    // "name (1).ext", "name (2).ext", ... for the n-th alternative.
    static QString alternativeName(const QString &name, int n);
    static QString joinRemote(const QString &folder, const QString &name);

Q_SIGNALS:
    void finished();

private:
    bool startRetransfer(const QString &why);
    template<typename Op, typename F>
    void then(Op *op, F &&handler);
    void finishDone();
    void finishSkipped(const QString &why);
    void finishWith(Outcome outcome);
    void fail(const RemoteError &error);
    TransferType typeFor(const QString &name) const;
    void ask(qint64 sourceSize, qint64 sourceMtimeMs, qint64 targetSize, qint64 targetMtimeMs,
             const std::function<void(TransferJob::Overwrite)> &then);
    void fetchRemoteInfo(const QString &path, bool wantTime, const std::function<void(qint64, qint64)> &then);

    void downloadStart();
    void downloadResolve(qint64 targetSize, qint64 targetMtimeMs);
    void downloadOpen();
    void downloadTransfer();
    void downloadVerify();
    void downloadCommit();

    void uploadStart();
    void uploadResolve();
    void uploadTransfer(qint64 offset);
    void uploadVerify();
    void uploadFinish();
    void findFreeRemoteName(int n);

    void verifyChecksum(const QString &remotePath, const QString &localPath,
                        const std::function<void(bool ok)> &then);

    void uploadFolder();
    void expandLocalFolder(const QHash<QString, std::pair<qint64, qint64>> &existing, bool remoteWasCreated);
    void downloadFolder();
    void deleteFolder();

    TransferJob m_job;
    QPointer<FtpSession> m_session;
    const JobContext *m_context;
    qint64 m_startSize;
    QPointer<FtpOperation> m_op;
    QPointer<OverwriteRequest> m_question;
    Outcome m_outcome = Outcome::Failed;
    RemoteError m_error;
    RemoteError m_infoError; // why the last SIZE said "absent"
    bool m_stopping = false;
    bool m_finished = false;
    bool m_failedAtLogin = false;
    bool m_everReady = false;
    qint64 m_offset = 0;
    qint64 m_moved = 0;
    bool m_targetExisted = false;
    bool m_retransferred = false; // a verification failed once and the file went again whole
    std::unique_ptr<PartFile> m_part;
    std::unique_ptr<QFile> m_source;
};

} // namespace ferry
