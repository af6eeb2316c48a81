#include "units.h"

#include <QCoreApplication>

namespace ferry {

std::optional<qint64> parseRate(const QString &text)
{
    QString t = text.trimmed().toLower();
    if (t.endsWith(QLatin1String("/s")))
        t.chop(2);
    if (t.endsWith(QLatin1Char('b')))
        t.chop(1);
    qint64 factor = 1;
    if (t.endsWith(QLatin1Char('k')))
        factor = 1024;
    else if (t.endsWith(QLatin1Char('m')))
        factor = 1024 * 1024;
    else if (t.endsWith(QLatin1Char('g')))
        factor = 1024 * 1024 * 1024;
    if (factor != 1)
        t.chop(1);
    bool ok = false;
    const double rate = t.toDouble(&ok);
    if (!ok || rate < 0 || rate * double(factor) > 1e13)
        return std::nullopt;
    return qint64(rate * double(factor));
}

QString formatSize(qint64 bytes, const QLocale &locale)
{
    if (bytes < 1024) // "812 B", not "812 bytes"
        return locale.toString(bytes) + QLatin1String(" B");
    return locale.formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString formatRate(double bytesPerSecond, const QLocale &locale)
{
    return QCoreApplication::translate("ferry::Units", "%1/s")
        .arg(formatSize(qint64(qMax(0.0, bytesPerSecond)), locale));
}

} // namespace ferry
