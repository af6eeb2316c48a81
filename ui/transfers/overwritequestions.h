#pragma once

#include "transfer/transferjob.h"

#include <QObject>
#include <optional>

class QAction;
class QSettings;

namespace ferry {

class OverwriteRequest;
class PromptBroker;
class TransferQueue;

// The window's answer to the queue's "the target exists" (TransferQueue::overwriteQuestion):
// the answer remembered for the job's site ("always for this site"), else an
// OverwriteDialog in PromptBroker's turn (one dialog at a time, open(), never exec()).
// The queue asks one question at a time and keeps running the other jobs meanwhile; its
// "apply to all" answers the ones that wait.
//
// "Always for this site" is kept per SiteKey in the window's QSettings
// ("transfers/overwriteForSite/<percent-encoded key>": a site manager entry's id or a
// URL's key), so it holds for quick-connect servers too and survives a restart; Transfer >
// "Ask Again When Files Exist" forgets them all.
class OverwriteQuestions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverwriteQuestions)
public:
    OverwriteQuestions(TransferQueue *queue, PromptBroker *broker, QSettings *settings,
                       QObject *parent = nullptr);
    ~OverwriteQuestions() override;

    std::optional<TransferJob::Overwrite> alwaysFor(const QString &site) const;
    void setAlwaysFor(const QString &site, TransferJob::Overwrite action);
    void forgetAll();
    // Transfer > "Ask Again When Files Exist": forgets every "always for this site" answer
    // (enabled while there is one).
    QAction *forgetAction() const { return m_forget; }

private:
    void ask(OverwriteRequest *request);
    void updateForget();

    PromptBroker *m_broker;
    QSettings *m_settings;
    QAction *m_forget;
};

} // namespace ferry
