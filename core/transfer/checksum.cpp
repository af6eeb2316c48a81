#include "checksum.h"

#include "ftp/capabilities.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QRegularExpression>
#include <array>

namespace ferry {

namespace {

using Algorithm = ChecksumMethod::Algorithm;

int hexLength(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::Sha256:
        return 64;
    case Algorithm::Sha1:
        return 40;
    case Algorithm::Md5:
        return 32;
    case Algorithm::Crc32:
        return 8;
    }
    return 0;
}

std::array<quint32, 256> crcTable()
{
    std::array<quint32, 256> table{};
    for (quint32 i = 0; i < 256; ++i) {
        quint32 c = i;
        for (int k = 0; k < 8; ++k)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    return table;
}

} // namespace

std::optional<ChecksumMethod::Algorithm> ChecksumMethod::parseAlgorithmName(const QString &name)
{
    for (Algorithm a : {Algorithm::Sha256, Algorithm::Sha1, Algorithm::Md5, Algorithm::Crc32}) {
        if (name.compare(algorithmName(a), Qt::CaseInsensitive) == 0)
            return a;
    }
    return std::nullopt;
}

QString ChecksumMethod::algorithmName(Algorithm algorithm)
{
    switch (algorithm) {
    case Algorithm::Sha256:
        return QStringLiteral("SHA-256");
    case Algorithm::Sha1:
        return QStringLiteral("SHA-1");
    case Algorithm::Md5:
        return QStringLiteral("MD5");
    case Algorithm::Crc32:
        return QStringLiteral("CRC32");
    }
    return {};
}

std::optional<ChecksumMethod> ChecksumMethod::choose(const Capabilities &caps)
{
    const Algorithm order[] = {Algorithm::Sha256, Algorithm::Sha1, Algorithm::Md5, Algorithm::Crc32};
    if (caps.has(QStringLiteral("HASH"))) {
        // "HASH SHA-256*;SHA-1;MD5": the starred one is current.
        const QStringList offered = caps.parameters(QStringLiteral("HASH")).split(QLatin1Char(';'));
        for (Algorithm algorithm : order) {
            for (const QString &entry : offered) {
                QString name = entry.trimmed().toUpper();
                const bool current = name.endsWith(QLatin1Char('*'));
                if (current)
                    name.chop(1);
                if (name == algorithmName(algorithm))
                    return ChecksumMethod{algorithm, QStringLiteral("HASH"), current ? QString() : name};
            }
        }
    }
    const std::pair<const char *, Algorithm> xcommands[] = {{"XSHA256", Algorithm::Sha256},
                                                            {"XSHA1", Algorithm::Sha1},
                                                            {"XMD5", Algorithm::Md5},
                                                            {"XCRC", Algorithm::Crc32}};
    for (const auto &[command, algorithm] : xcommands) {
        if (caps.has(QLatin1String(command)))
            return ChecksumMethod{algorithm, QLatin1String(command), {}};
    }
    return std::nullopt;
}

QByteArray ChecksumMethod::digestFromReply(const QString &command, Algorithm algorithm, const QString &text)
{
    const int length = hexLength(algorithm);
    // HASH: "SHA-256 0-49 <hex> name"; X*: "<hex>" (some servers add words). The first
    // hex word of the right length is the digest.
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    qsizetype first = 0;
    if (command.compare(QLatin1String("HASH"), Qt::CaseInsensitive) == 0)
        first = 2;
    static const QRegularExpression hex(QStringLiteral("^[0-9A-Fa-f]+$"));
    for (qsizetype i = first; i < words.size(); ++i) {
        QString word = words.at(i);
        if (algorithm == Algorithm::Crc32 && word.size() < length && hex.match(word).hasMatch())
            word = word.rightJustified(length, QLatin1Char('0')); // XCRC may drop leading zeros
        if (word.size() == length && hex.match(word).hasMatch())
            return word.toLower().toLatin1();
    }
    return {};
}

QByteArray ChecksumMethod::fileDigest(const QString &path, Algorithm algorithm, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QCoreApplication::translate("ferry::ChecksumMethod", "Cannot read %1 to verify it: %2")
                     .arg(path, file.errorString());
        return {};
    }
    if (algorithm == Algorithm::Crc32) {
        static const std::array<quint32, 256> table = crcTable();
        quint32 crc = 0xFFFFFFFFu;
        while (!file.atEnd()) {
            const QByteArray chunk = file.read(1 << 20);
            if (chunk.isEmpty())
                break;
            for (char ch : chunk)
                crc = table[(crc ^ quint8(ch)) & 0xFF] ^ (crc >> 8);
        }
        return QByteArray::number(crc ^ 0xFFFFFFFFu, 16).rightJustified(8, '0');
    }
    QCryptographicHash::Algorithm qt = QCryptographicHash::Sha256;
    if (algorithm == Algorithm::Sha1)
        qt = QCryptographicHash::Sha1;
    else if (algorithm == Algorithm::Md5)
        qt = QCryptographicHash::Md5;
    QCryptographicHash hash(qt);
    if (!hash.addData(&file)) {
        *error = QCoreApplication::translate("ferry::ChecksumMethod", "Cannot read %1 to verify it: %2")
                     .arg(path, file.errorString());
        return {};
    }
    return hash.result().toHex();
}

} // namespace ferry
