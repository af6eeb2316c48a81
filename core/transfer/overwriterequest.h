#pragma once

#include "transferjob.h"

#include <QDateTime>
#include <QObject>

namespace ferry {

// A question the queue asks its driver (like CertificateRequest): the target of a
// transfer exists and the job's policy is "ask". The job waits, holding its session,
// until answer() is called. "Apply to all" makes the answer the queue's policy for every
// later conflict of this run. Unanswered when destroyed: skip.
class OverwriteRequest final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverwriteRequest)
public:
    // What to do with this one target; Ask is not an answer.
    using Action = TransferJob::Overwrite;

    OverwriteRequest(const TransferJob &job, qint64 sourceSize, QDateTime sourceTime, qint64 targetSize,
                     QDateTime targetTime, QObject *parent = nullptr);
    ~OverwriteRequest() override;

    const TransferJob &job() const { return m_job; }
    bool isDownload() const { return m_job.kind == TransferJob::Kind::Download; }
    // The file being sent and the file that exists (local or remote, depending on direction).
    QString sourcePath() const { return isDownload() ? m_job.remotePath : m_job.localPath; }
    QString targetPath() const { return isDownload() ? m_job.localPath : m_job.remotePath; }
    qint64 sourceSize() const { return m_sourceSize; } // -1 unknown
    qint64 targetSize() const { return m_targetSize; }
    QDateTime sourceTime() const { return m_sourceTime; } // invalid: unknown
    QDateTime targetTime() const { return m_targetTime; }

    // The name a Rename would give the target (its file name, no folder): for a download
    // the first free local name (OverwritePolicy::freeLocalPath); for an upload the first
    // alternative, which the job takes if the server has no such file (else the next free).
    QString suggestedName() const;

    void answer(Action action, bool applyToAll = false);
    // Rename to a name of the user's own (a file name: no '/', not "." or ".."; anything
    // else is the automatic rename). A target of that name that exists too is asked about
    // again. The name is for this file only: "for all" gives the others the automatic one.
    void answerRename(const QString &name, bool applyToAll = false);
    QString newName() const { return m_newName; } // empty: the automatic name
    bool isAnswered() const { return m_answered; }
    static bool isValidName(const QString &name);

Q_SIGNALS:
    void answered(ferry::TransferJob::Overwrite action, bool applyToAll);

private:
    TransferJob m_job;
    qint64 m_sourceSize;
    QDateTime m_sourceTime;
    qint64 m_targetSize;
    QDateTime m_targetTime;
    QString m_newName;
    bool m_answered = false;
};

} // namespace ferry
