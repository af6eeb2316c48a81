#pragma once

#include <QObject>
#include <QString>
#include <QUuid>
#include <functional>

namespace ferry {

// Site passwords in the system keychain (QtKeychain: Secret Service/libsecret on Linux,
// Keychain on macOS, Credential Manager on Windows), service "ferry", keyed by site id.
// Never a file: no plaintext, no base64, and QtKeychain's "insecure fallback" (a QSettings
// file) stays off.
//
// Asynchronous: every call returns at once and the callback runs later on the event loop
// (the UI never blocks; the CLI runs a loop). When no keychain is reachable (no D-Bus, no
// secret service, a locked collection), the result is Unavailable: unavailable() is
// emitted once per store and callers fall back to asking for the password at connect time.
class CredentialStore final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CredentialStore)

public:
    enum class Result {
        Ok,
        NotFound,    // reachable keychain, no password for this site
        Unavailable, // no keychain reachable: ask for the password instead
        Failed,      // another error (message in the callback's text)
    };
    // text: the password for Ok reads, else an error message (empty for Ok writes/removes).
    using Callback = std::function<void(Result result, const QString &text)>;

    explicit CredentialStore(QObject *parent = nullptr, QString service = QStringLiteral("ferry"));

    // `context` bounds the callback's lifetime (as in QObject::connect): when it is
    // destroyed first, the callback never runs.
    void readPassword(const QUuid &siteId, const QObject *context, Callback callback);
    void writePassword(const QUuid &siteId, const QString &password, const QObject *context,
                       Callback callback);
    void removePassword(const QUuid &siteId, const QObject *context, Callback callback);

    QString service() const { return m_service; }
    // False once a job reported that no keychain is reachable.
    bool isAvailable() const { return m_available; }
    QString unavailableReason() const { return m_unavailableReason; }

    // How a QKeychain::Error (as int, to keep QtKeychain out of this header) is handled.
    // Decided on the code, never the message: without D-Bus QtKeychain 0.13 answers
    // OtherError; a locked collection gives AccessDenied; platforms without a backend
    // NoBackendAvailable/NotImplemented.
    static Result classify(int keychainError);

Q_SIGNALS:
    void unavailable(const QString &reason); // once per store

private:
    void finish(const QObject *job, int error, const QString &errorString, const QString &data,
                const QObject *context, const Callback &callback);
    QString m_service;
    bool m_available = true;
    QString m_unavailableReason;
};

} // namespace ferry
