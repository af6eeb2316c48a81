#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>

namespace ferry {

class Question;

// The user's trust decisions for this run, shared by every session of the process (the
// window's browsing session and the queue's, FTPS today and SSH host keys next):
// - "accept once" answers, for every session until the process ends;
// - the trust questions being asked: a second session that meets the same unknown
//   certificate while the first one's question is open waits for that answer instead of
//   asking again, so the window never asks twice for one certificate.
// "Trust always" pins live on disk (CertificateStore for TLS). Keys are endpoints,
// "scheme://host:port", and SHA-256 fingerprints.
class TrustDecisions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrustDecisions)
public:
    explicit TrustDecisions(QObject *parent = nullptr);

    static QString endpoint(const QString &scheme, const QString &host, quint16 port);

    bool isAcceptedOnce(const QString &endpoint, const QByteArray &fingerprint) const;
    void acceptOnce(const QString &endpoint, const QByteArray &fingerprint);

    // The unanswered question about this endpoint and fingerprint, if one is open.
    Question *openQuestion(const QString &endpoint, const QByteArray &fingerprint) const;
    // Records `question` as open until it is answered or destroyed.
    void addOpenQuestion(const QString &endpoint, const QByteArray &fingerprint, Question *question);

private:
    static QString key(const QString &endpoint, const QByteArray &fingerprint);
    QSet<QString> m_acceptedOnce;
    QHash<QString, QPointer<Question>> m_open;
};

} // namespace ferry
