#include "certificatestore.h"

#include "certificaterequest.h"
#include "sites/privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSslCertificate>
#include <QStandardPaths>

namespace ferry {

CertificateStore::CertificateStore(QString filePath)
    : m_path(std::move(filePath))
{
    load();
}

QString CertificateStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QLatin1String("/ferry/trusted-certificates.json");
}

QString CertificateStore::key(const QString &host, quint16 port)
{
    return host.toLower() + QLatin1Char(':') + QString::number(port);
}

bool CertificateStore::load(QString *error)
{
    m_pins.clear();
    QFile file(m_path);
    if (!file.exists())
        return true;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(4 * 1024 * 1024), &parseError);
    if (!doc.isObject()) {
        // A corrupt file trusts nothing; it is kept as it is until the next pin rewrites it.
        if (error)
            *error = parseError.errorString();
        return false;
    }
    const QJsonObject pins = doc.object().value(QLatin1String("pins")).toObject();
    for (auto it = pins.begin(); it != pins.end(); ++it) {
        const QJsonObject entry = it.value().toObject();
        const QByteArray fp =
            CertificateRequest::normalizeFingerprint(entry.value(QLatin1String("sha256")).toString());
        if (!fp.isEmpty()) {
            m_pins.insert(it.key(), fp);
            m_subjects.insert(it.key(), entry.value(QLatin1String("subject")).toString());
        }
    }
    return true;
}

QByteArray CertificateStore::pinnedFingerprint(const QString &host, quint16 port) const
{
    return m_pins.value(key(host, port));
}

bool CertificateStore::pin(const QString &host, quint16 port, const QSslCertificate &certificate,
                           QString *error)
{
    const QString k = key(host, port);
    m_pins.insert(k, CertificateRequest::fingerprintOf(certificate));
    m_subjects.insert(k, certificate.subjectDisplayName());
    QJsonObject pins;
    for (auto it = m_pins.cbegin(); it != m_pins.cend(); ++it) {
        QJsonObject entry;
        entry.insert(QLatin1String("sha256"), QString::fromLatin1(it.value()));
        entry.insert(QLatin1String("subject"), m_subjects.value(it.key()));
        pins.insert(it.key(), entry);
    }
    QJsonObject root;
    root.insert(QLatin1String("version"), 1);
    root.insert(QLatin1String("pins"), pins);
    return savePrivateFile(m_path, QJsonDocument(root).toJson(), error);
}

} // namespace ferry
