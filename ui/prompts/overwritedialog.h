#pragma once

#include "transfer/transferjob.h"

#include <QDialog>
#include <QPointer>

class QButtonGroup;
class QCheckBox;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace ferry {

class OverwriteRequest;

// "The target file already exists" (FileZilla's dialog) for the queue's OverwriteRequest:
// both files side by side (name, size, modification time, the newer one in bold), every
// answer (overwrite, overwrite if newer, overwrite if the size differs, resume, rename to
// a suggested free name the user may edit, skip), "apply to all in this queue" and
// "always for this site". OK answers the request; Cancel (or closing) skips this file,
// the request's own safe answer. Opened by PromptBroker, with open().
class OverwriteDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverwriteDialog)
public:
    using Action = TransferJob::Overwrite;

    OverwriteDialog(OverwriteRequest *request, QWidget *parent = nullptr);
    ~OverwriteDialog() override;

    Action action() const;
    void setAction(Action action);
    QString newName() const;
    bool applyToAll() const;
    bool alwaysForSite() const;

    void done(int result) override;

Q_SIGNALS:
    // OK with "always for this site" ticked: the answer to remember for the job's site.
    void alwaysChosen(const QString &site, ferry::TransferJob::Overwrite action);

private:
    QWidget *makeSide(const QString &title, const QString &path, qint64 size, const QDateTime &time,
                      bool newer, const QString &objectName);
    void updateOk();

    QPointer<OverwriteRequest> m_request;
    QString m_site;
    QString m_suggested;
    QButtonGroup *m_actions;
    QLineEdit *m_name;
    QCheckBox *m_all;
    QCheckBox *m_always;
    QPushButton *m_ok = nullptr;
    bool m_done = false;
};

} // namespace ferry
