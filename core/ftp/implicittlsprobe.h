#pragma once

#include <QObject>
#include <QString>
#include <QTimer>

class QSslSocket;

namespace ferry {

// Does this port speak TLS from the first byte (implicit FTPS)? A second, throw-away
// connection offers a TLS hello and reports whether a handshake completes (issue #13 §9):
// a plain login to an implicit-FTPS port gets no greeting, since the server waits for that
// hello, and would otherwise wait for the whole timeout. Nothing but the hello is sent and
// no certificate is checked, since nothing is trusted or sent over it. finished() comes
// once, within `timeoutMs`.
class ImplicitTlsProbe final : public QObject {
    Q_OBJECT
public:
    ImplicitTlsProbe(const QString &host, quint16 port, int timeoutMs, QObject *parent = nullptr);
    ~ImplicitTlsProbe() override;

    void start();

Q_SIGNALS:
    void finished(bool speaksTls);

private:
    void conclude(bool speaksTls);

    QString m_host;
    quint16 m_port;
    QTimer m_timer;
    QSslSocket *m_socket = nullptr;
    bool m_done = false;
};

} // namespace ferry
