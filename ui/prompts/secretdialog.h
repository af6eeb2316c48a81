#pragma once

#include "remote/secretrequest.h"

#include <QDialog>
#include <QList>
#include <QPointer>

class QLineEdit;

namespace ferry {

// A secret an SSH login asks for (a SecretRequest): the password of user@host, a key
// file's passphrase, or the prompts of a keyboard-interactive round (the server's name,
// instruction and one field per prompt, echoed only where the server says so). "Connect"
// answers with the fields' texts; Cancel or closing gives up this way of logging in. The
// dialog closes by itself if the request is answered elsewhere or goes away.
class SecretDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SecretDialog)
public:
    explicit SecretDialog(SecretRequest *request, QWidget *parent = nullptr);

    QList<QLineEdit *> fields() const { return m_fields; }

private:
    void finish(bool accepted);

    QPointer<SecretRequest> m_request;
    QList<QLineEdit *> m_fields;
    bool m_answered = false;
};

} // namespace ferry
