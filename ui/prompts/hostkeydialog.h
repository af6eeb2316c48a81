#pragma once

#include "remote/hostkeyquestion.h"

#include <QDialog>
#include <QPointer>

class QPushButton;

namespace ferry {

// An SSH server's host key, as ssh asks about it: the server, the key type and its SHA-256
// fingerprint ("SHA256:…", as ssh prints it), Reject / Accept once / Trust always. A key
// that differs from the one recorded for this host (known_hosts) opens with a loud warning
// that shows the old and the new fingerprint, with Reject the default button. The answer
// goes to the question when a button is pressed; closing the dialog any other way rejects,
// and the dialog closes by itself if the question is answered elsewhere or goes away.
class HostKeyDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyDialog)
public:
    explicit HostKeyDialog(HostKeyQuestion *question, QWidget *parent = nullptr);

    QPushButton *button(HostKeyQuestion::Answer answer) const;
    bool isChangedWarningShown() const { return m_changed; }

private:
    void answer(HostKeyQuestion::Answer answer);

    QPointer<HostKeyQuestion> m_question;
    QPushButton *m_reject = nullptr;
    QPushButton *m_once = nullptr;
    QPushButton *m_always = nullptr;
    bool m_changed = false;
    bool m_answered = false;
};

} // namespace ferry
