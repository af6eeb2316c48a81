#include "formatting.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace ferry::Format {

namespace {
struct Tr {
    Q_DECLARE_TR_FUNCTIONS(ferry::Format)
};
} // namespace

QString size(qint64 bytes)
{
    if (bytes < 0)
        return {};
    if (bytes < 1024)
        return Tr::tr("%Ln byte(s)", nullptr, int(bytes));
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString date(QDate date)
{
    // The locale's short date, but with the whole year: "3/1/24" is ambiguous in a listing
    // that spans decades.
    const QLocale locale;
    QString format = locale.dateFormat(QLocale::ShortFormat);
    if (!format.contains(QLatin1String("yyyy")))
        format.replace(QLatin1String("yy"), QLatin1String("yyyy"));
    return locale.toString(date, format);
}

QString dateTime(const QDateTime &when, bool seconds)
{
    const QLocale locale;
    QString format = locale.timeFormat(seconds ? QLocale::LongFormat : QLocale::ShortFormat);
    format.remove(QLatin1Char('t')); // the long format's time zone name
    return date(when.date()) + QLatin1Char(' ') + locale.toString(when.time(), format.trimmed());
}

QString time(const DirEntry &entry)
{
    return time(entry.date, entry.time, entry.timePrecision, entry.timeIsUtc);
}

QString time(QDate day, QTime clock, DirEntry::TimePrecision precision, bool isUtc)
{
    switch (precision) {
    case DirEntry::TimePrecision::None:
        return {};
    case DirEntry::TimePrecision::Day:
        return date(day);
    case DirEntry::TimePrecision::Minute:
    case DirEntry::TimePrecision::Second:
        break;
    }
    QDateTime when(day, clock, isUtc ? Qt::UTC : Qt::LocalTime);
    if (isUtc)
        when = when.toLocalTime();
    return dateTime(when);
}

QString totals(qint64 files, qint64 folders, qint64 bytes)
{
    const QString fileText = Tr::tr("%Ln file(s)", nullptr, int(files));
    const QString folderText = Tr::tr("%Ln folder(s)", nullptr, int(folders));
    if (files == 0 && folders == 0)
        return Tr::tr("Empty folder");
    if (folders == 0)
        return Tr::tr("%1, %2").arg(fileText, size(bytes));
    if (files == 0)
        return folderText;
    return Tr::tr("%1 and %2, %3").arg(fileText, folderText, size(bytes));
}

} // namespace ferry::Format
