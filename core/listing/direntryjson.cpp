#include "direntryjson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

namespace ferry {

namespace {

QJsonValue timeValue(const DirEntry &e)
{
    // Formatted by hand: QDate::toString(Qt::ISODate) gives up outside years 0-9999, and
    // the precision must be exactly what the listing gave, never padded with zeros.
    switch (e.timePrecision) {
    case DirEntry::TimePrecision::None:
        break;
    case DirEntry::TimePrecision::Day:
        if (e.date.isValid())
            return QString::asprintf("%04d-%02d-%02d", e.date.year(), e.date.month(), e.date.day());
        break;
    case DirEntry::TimePrecision::Minute:
        if (e.date.isValid() && e.time.isValid())
            return QString::asprintf("%04d-%02d-%02d %02d:%02d", e.date.year(), e.date.month(), e.date.day(),
                                     e.time.hour(), e.time.minute());
        break;
    case DirEntry::TimePrecision::Second:
        if (e.date.isValid() && e.time.isValid())
            return QString::asprintf("%04d-%02d-%02d %02d:%02d:%02d", e.date.year(), e.date.month(),
                                     e.date.day(), e.time.hour(), e.time.minute(), e.time.second());
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

} // namespace

QByteArray direntryToJsonLine(const DirEntry &e, bool includeUnsafeFlag)
{
    QJsonObject o;
    o.insert(QLatin1StringView("name"), e.name);
    o.insert(QLatin1StringView("size"), e.size >= 0 ? QJsonValue(e.size) : QJsonValue(QJsonValue::Null));
    o.insert(QLatin1StringView("is_dir"), e.isDir);
    o.insert(QLatin1StringView("is_link"), e.isLink);
    o.insert(QLatin1StringView("target"),
             e.target.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(e.target));
    o.insert(QLatin1StringView("time"), timeValue(e));
    o.insert(QLatin1StringView("permissions"), e.permissions);
    o.insert(QLatin1StringView("owner"), e.owner);
    o.insert(QLatin1StringView("group"), e.group);
    o.insert(QLatin1StringView("line"), e.line);
    if (includeUnsafeFlag && e.hasUnsafeName())
        o.insert(QLatin1StringView("unsafe"), true);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace ferry
