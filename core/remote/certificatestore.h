#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

class QSslCertificate;

namespace ferry {

// Certificates the user chose to "trust always", pinned per host:port by SHA-256
// fingerprint, in a JSON file in the app's config dir (the path is passed in, so tests
// and the two apps choose it). Public data only: no secrets live here.
class CertificateStore final {
public:
    explicit CertificateStore(QString filePath);

    QString filePath() const { return m_path; }
    // Empty when nothing is pinned for host:port.
    QByteArray pinnedFingerprint(const QString &host, quint16 port) const;
    // Pins and saves atomically; false (with *error) when the file cannot be written.
    bool pin(const QString &host, quint16 port, const QSslCertificate &certificate, QString *error = nullptr);
    bool load(QString *error = nullptr);

    static QString defaultPath(); // <config>/ferry/trusted-certificates.json

private:
    static QString key(const QString &host, quint16 port);
    QString m_path;
    QHash<QString, QByteArray> m_pins;
    QHash<QString, QString> m_subjects;
};

} // namespace ferry
