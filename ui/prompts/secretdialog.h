#pragma once

#include "remote/secretrequest.h"
#include "secretkeeping.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class QCheckBox;
class QLineEdit;

namespace ferry {

// A secret an SSH login asks for (a SecretRequest): the password of user@host, a key
// file's passphrase, or the prompts of a keyboard-interactive round (the server's name,
// instruction and one field per prompt, echoed only where the server says so). "Connect"
// answers with the fields' texts; Cancel or closing gives up this way of logging in. The
// dialog closes by itself if the request is answered elsewhere or goes away. With a
// SecretKeeping, a password or passphrase goes to it first, with "Remember in the keychain"
// when it offers the keychain.
class SecretDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretDialog)
public:
    explicit SecretDialog(SecretRequest *request, QWidget *parent = nullptr, SecretKeeping keeping = {});

    QList<QLineEdit *> fields() const { return m_fields; }
    QCheckBox *rememberBox() const { return m_remember; } // null unless the keychain is offered

private:
    void finish(bool accepted);

    QPointer<SecretRequest> m_request;
    QList<QLineEdit *> m_fields;
    SecretKeeping m_keeping;
    QCheckBox *m_remember = nullptr;
    bool m_answered = false;
};

} // namespace ferry
