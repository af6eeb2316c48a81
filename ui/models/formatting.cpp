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
        return Tr::tr("%n byte(s)", nullptr, int(bytes));
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString time(const DirEntry &entry)
{
    return time(entry.date, entry.time, entry.timePrecision, entry.timeIsUtc);
}

QString time(QDate date, QTime time, DirEntry::TimePrecision precision, bool isUtc)
{
    switch (precision) {
    case DirEntry::TimePrecision::None:
        return {};
    case DirEntry::TimePrecision::Day:
        return date.toString(Qt::ISODate);
    case DirEntry::TimePrecision::Minute:
    case DirEntry::TimePrecision::Second:
        break;
    }
    QDateTime when(date, time, isUtc ? Qt::UTC : Qt::LocalTime);
    if (isUtc)
        when = when.toLocalTime();
    return when.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString totals(qint64 files, qint64 folders, qint64 bytes)
{
    const QString fileText = Tr::tr("%n file(s)", nullptr, int(files));
    const QString folderText = Tr::tr("%n folder(s)", nullptr, int(folders));
    if (files == 0 && folders == 0)
        return Tr::tr("Empty folder");
    if (folders == 0)
        return Tr::tr("%1, %2").arg(fileText, size(bytes));
    if (files == 0)
        return folderText;
    return Tr::tr("%1 and %2, %3").arg(fileText, folderText, size(bytes));
}

} // namespace ferry::Format
