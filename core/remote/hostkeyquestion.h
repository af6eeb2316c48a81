#pragma once

#include "question.h"

#include <QByteArray>
#include <QString>

namespace ferry {

// The question "trust this server's host key?" as the window sees it (ui/ reaches the SSH
// engine through core/remote only, .ci/check-ui-deps): the facts a dialog shows and the
// three answers. The SSH engine's HostKeyRequest (core/sftp) is the one implementation.
class HostKeyQuestion : public Question {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyQuestion)
public:
    enum class Answer { Reject, AcceptOnce, TrustAlways };
    Q_ENUM(Answer)

    virtual QString keyType() const = 0;        // "ED25519"
    virtual QByteArray fingerprint() const = 0; // "SHA256:...", as ssh prints it
    // The files record a different key for this host (a loud warning, Reject by default).
    virtual bool isChanged() const = 0;
    // Changed: the key recorded before (type, fingerprint) and where ("~/.ssh/known_hosts:12").
    virtual QString previousKeyType() const = 0;
    virtual QByteArray previousFingerprint() const = 0;
    virtual QString previousSource() const = 0;

    virtual void answer(Answer answer) = 0;
    void decline() override { answer(Answer::Reject); }

Q_SIGNALS:
    void answered(ferry::HostKeyQuestion::Answer answer);

protected:
    HostKeyQuestion(QString host, quint16 port, QObject *parent)
        : Question(std::move(host), port, parent)
    {
    }
};

} // namespace ferry
