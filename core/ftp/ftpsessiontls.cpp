// FtpSession's TLS on the control connection: AUTH TLS's handshake, the session's TLS
// facts, and whether the server's certificate is trusted (pinned, accepted once, or asked
// through a CertificateRequest, one question for every session to that server). Part of
// FtpSession (ftpsession.cpp).
#include "ftpoperation.h"
#include "ftpsession.h"
#include "remote/certificaterequest.h"
#include "remote/certificatestore.h"
#include "remote/trustdecisions.h"

#include <QMetaMethod>
#include <QSslCipher>
#include <QSslSocket>

namespace ferry {

void FtpSession::startTls()
{
    emitStatus(tr("Starting TLS…"));
    m_sslErrors.clear();
    m_socket->startClientEncryption();
}

QString FtpSession::protocolName(int protocol)
{
    switch (QSsl::SslProtocol(protocol)) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return tr("TLS (unknown version)");
    }
}

QString FtpSession::tlsDescription() const
{
    if (!m_socket || !m_socket->isEncrypted())
        return {};
    return protocolName(m_socket->sessionProtocol()) + QLatin1String(", ") + m_socket->sessionCipher().name();
}

QList<QSslCertificate> FtpSession::peerCertificateChain() const
{
    return m_socket && m_tlsTrusted ? m_socket->peerCertificateChain() : QList<QSslCertificate>();
}

QSslConfiguration FtpSession::controlSslConfiguration() const
{
    return m_socket ? m_socket->sslConfiguration() : QSslConfiguration();
}

QSslCertificate FtpSession::controlCertificate() const
{
    return m_socket ? m_socket->peerCertificate() : QSslCertificate();
}

void FtpSession::onSslErrors(const QList<QSslError> &errors)
{
    // Let the handshake finish and decide at encrypted(): nothing secret is sent before
    // the certificate is trusted, and the user may need time to answer.
    m_sslErrors += errors;
    m_socket->ignoreSslErrors();
}

void FtpSession::onEncrypted()
{
    emitStatus(tr("TLS connection established: %1.").arg(tlsDescription()));
    checkTrust();
}

TrustDecisions *FtpSession::trust()
{
    if (m_config.trust)
        return m_config.trust;
    if (!m_ownTrust)
        m_ownTrust = new TrustDecisions(this);
    return m_ownTrust;
}

QString FtpSession::trustEndpoint() const
{
    return TrustDecisions::endpoint(QStringLiteral("ftps"), m_config.host, m_config.port);
}

void FtpSession::checkTrust()
{
    const QSslCertificate cert = m_socket->peerCertificate();
    const QByteArray fingerprint = CertificateRequest::fingerprintOf(cert);
    const QByteArray pinned = m_config.certificateStore
                                  ? m_config.certificateStore->pinnedFingerprint(m_config.host, m_config.port)
                                  : QByteArray();
    if ((!pinned.isEmpty() && pinned == fingerprint) ||
        trust()->isAcceptedOnce(trustEndpoint(), fingerprint)) {
        emitStatus(
            tr("The certificate (SHA256:%1) is one you trusted.").arg(QString::fromLatin1(fingerprint)));
        trustEstablished();
        return;
    }
    if (pinned.isEmpty() && m_sslErrors.isEmpty()) {
        trustEstablished();
        return;
    }
    // Untrusted, or different from the pinned one: ask, with the timeout paused.
    m_trustPending = true;
    m_watchdog.stop();
    if (auto *open =
            qobject_cast<CertificateRequest *>(trust()->openQuestion(trustEndpoint(), fingerprint))) {
        // Another session asks the user about this very certificate: take its answer.
        emitStatus(tr("Waiting for your answer about this certificate (asked for another connection)."));
        waitForAnswer(open);
        return;
    }
    auto *request =
        new CertificateRequest(m_config.host, m_config.port, m_socket->peerCertificateChain(), m_sslErrors,
                               protocolName(m_socket->sessionProtocol()), m_socket->sessionCipher().name(),
                               pinned == fingerprint ? QByteArray() : pinned, this);
    waitForAnswer(request);
    if (!isSignalConnected(QMetaMethod::fromSignal(&FtpSession::certificateCheckRequired))) {
        request->answer(CertificateRequest::Answer::Reject);
        return;
    }
    trust()->addOpenQuestion(trustEndpoint(), fingerprint, request);
    if (!pinned.isEmpty())
        Q_EMIT transcript(
            TranscriptLine{TranscriptLine::Kind::Error,
                           tr("The server's certificate CHANGED: SHA256:%1, was SHA256:%2.")
                               .arg(QString::fromLatin1(fingerprint), QString::fromLatin1(pinned))});
    Q_EMIT certificateCheckRequired(request);
}

void FtpSession::waitForAnswer(CertificateRequest *request)
{
    m_request = request;
    connect(request, &CertificateRequest::answered, this, [this, request](CertificateRequest::Answer answer) {
        if (m_request != request || !m_trustPending)
            return;
        m_request = nullptr;
        disconnect(m_requestGone);
        // What the answer needs from the request, taken now: the asking session deletes it.
        TrustAnswer taken{answer, request->parent() == this, request->certificate(), {}};
        for (const QSslError &error : request->errors())
            taken.reasons.append(error.errorString());
        if (request->isChanged())
            taken.reasons.append(tr("the certificate differs from the one you trusted"));
        if (taken.asked)
            request->deleteLater();
        // On a clean stack: the answer may come from inside the code that asked.
        QMetaObject::invokeMethod(
            this, [this, taken] { onTrustAnswer(taken); }, Qt::QueuedConnection);
    });
    // The session that asked went away unanswered: ask anew.
    m_requestGone = connect(request, &QObject::destroyed, this, [this] {
        if (m_trustPending && m_socket && !m_request)
            checkTrust();
    });
}

void FtpSession::onTrustAnswer(const TrustAnswer &answer)
{
    if (!m_trustPending || !m_socket)
        return;
    m_trustPending = false;
    switch (answer.answer) {
    case CertificateRequest::Answer::Reject:
        closeControlConnection(
            RemoteError(RemoteError::Kind::Tls, tr("The server's certificate was not accepted (%1); "
                                                   "nothing secret was sent.")
                                                    .arg(answer.reasons.join(QLatin1String("; ")))));
        return;
    case CertificateRequest::Answer::TrustAlways:
        if (answer.asked && m_config.certificateStore) {
            QString error;
            if (!m_config.certificateStore->pin(m_config.host, m_config.port, answer.certificate, &error))
                emitStatus(tr("Could not save the trusted certificate: %1").arg(error));
        }
        Q_FALLTHROUGH();
    case CertificateRequest::Answer::AcceptOnce:
        trust()->acceptOnce(trustEndpoint(), CertificateRequest::fingerprintOf(answer.certificate));
        break;
    }
    m_watchdog.start(m_config.timeoutMs);
    trustEstablished();
}

void FtpSession::trustEstablished()
{
    m_tlsTrusted = true;
    if (m_current)
        m_current->tlsEstablished();
    // Replies that arrived while the decision was pending (an implicit-TLS greeting).
    if (m_socket && m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &FtpSession::onReadyRead, Qt::QueuedConnection);
}

} // namespace ferry
