#pragma once

#include "knownhosts.h"
#include "remote/hostkeyquestion.h"

#include <QString>

namespace ferry {

// The question "trust this server's host key?" (CONVENTIONS.md: questions are request
// objects; the SSH twin of CertificateRequest). Asked after the key exchange, before
// anything secret is sent: the key is in none of the known_hosts files (Unknown), or the
// files record a different key for this host (Changed: a loud warning, Reject by default,
// never a silent accept). The session waits, its timeout paused, until answer(); an
// unanswered request is rejected when the session is destroyed, and with nobody to ask
// (nothing connected to the question signal) the session rejects at once.
class HostKeyRequest final : public HostKeyQuestion {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostKeyRequest)
public:
    using Answer = HostKeyQuestion::Answer;

    HostKeyRequest(QString host, quint16 port, HostKey key, KnownHosts::Result known,
                   QObject *parent = nullptr);

    HostKey key() const { return m_key; }
    QString keyType() const override { return m_key.displayType(); }        // "ED25519"
    QByteArray fingerprint() const override { return m_key.fingerprint(); } // "SHA256:..."
    bool isChanged() const override { return m_known.verdict == KnownHosts::Verdict::Changed; }
    // Changed: the key recorded before, and where ("~/.ssh/known_hosts:12").
    HostKey previousKey() const { return m_known.previous; }
    QString previousKeyType() const override { return previousKey().displayType(); }
    QByteArray previousFingerprint() const override { return previousKey().fingerprint(); }
    QString previousSource() const override;
    // A multi-line description for a dialog or a terminal, worded like ssh's.
    QString describe() const override;

    void answer(Answer answer) override;

private:
    HostKey m_key;
    KnownHosts::Result m_known;
};

} // namespace ferry
