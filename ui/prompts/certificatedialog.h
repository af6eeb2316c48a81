#pragma once

#include "remote/certificaterequest.h"

#include <QDialog>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>

class QPushButton;

namespace ferry {

// A server certificate, as FileZilla's certificate dialog shows it but shorter: subject,
// issuer, validity, SHA-256 fingerprint, what is wrong with it, the TLS version and cipher.
//
// Asking (a CertificateRequest): Reject, Accept once, Trust always. A certificate that
// differs from the one trusted before for this host:port opens with a warning that says
// what changed and Reject as the default button. Showing (the padlock in the status bar):
// the same facts and a Close button.
class CertificateDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CertificateDialog)
public:
    // Asks: the answer goes to `request` when a button is pressed (closing the dialog any
    // other way rejects). The dialog closes by itself if the request goes away.
    explicit CertificateDialog(CertificateRequest *request, QWidget *parent = nullptr);
    // Shows a trusted connection's certificate. `security`: "TLS 1.3, TLS_AES_256_GCM_SHA384".
    CertificateDialog(const QString &host, quint16 port, const QList<QSslCertificate> &chain,
                      const QString &security, QWidget *parent = nullptr);

    QPushButton *button(CertificateRequest::Answer answer) const;
    bool isChangedWarningShown() const { return m_changed; }

private:
    struct Facts {
        QString host;
        quint16 port = 0;
        QList<QSslCertificate> chain;
        QList<QSslError> errors;
        QString protocol;
        QString cipher;
        QByteArray pinned; // the fingerprint trusted before (a changed certificate)
    };
    void build(const Facts &facts, bool asking);
    void answer(CertificateRequest::Answer answer);

    QPointer<CertificateRequest> m_request;
    QPushButton *m_reject = nullptr;
    QPushButton *m_once = nullptr;
    QPushButton *m_always = nullptr;
    bool m_changed = false;
    bool m_answered = false;
};

// "AB:CD:…" in two lines of 16 pairs (SHA-256).
QString formatFingerprint(const QByteArray &hex);

} // namespace ferry
