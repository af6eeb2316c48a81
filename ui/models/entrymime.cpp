#include "entrymime.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMimeData>
#include <QUrl>

namespace ferry::EntryMime {

namespace {

qint64 mtimeOf(const DirEntry &e)
{
    if (!e.date.isValid() || !e.timeIsUtc)
        return -1;
    return QDateTime(e.date, e.time, Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

QString localOrigin()
{
    return QStringLiteral("local");
}

QString remoteOrigin(const QString &siteKey)
{
    return QStringLiteral("remote ") + siteKey;
}

QMimeData *encode(const QString &origin, const QString &folder, const QList<DirEntry> &entries)
{
    QJsonArray list;
    QList<QUrl> urls;
    const bool local = origin == localOrigin();
    const QDir dir(folder);
    for (const DirEntry &e : entries) {
        if (e.hasUnsafeName())
            continue;
        list.append(QJsonObject{{QStringLiteral("name"), e.name},
                                {QStringLiteral("dir"), e.isDir},
                                {QStringLiteral("size"), double(e.size)},
                                {QStringLiteral("mtime"), double(mtimeOf(e))}});
        if (local)
            urls.append(QUrl::fromLocalFile(dir.filePath(e.name)));
    }
    auto *data = new QMimeData;
    const QJsonObject payload{{QStringLiteral("origin"), origin},
                              {QStringLiteral("folder"), folder},
                              {QStringLiteral("entries"), list}};
    data->setData(QLatin1String(kType), QJsonDocument(payload).toJson(QJsonDocument::Compact));
    if (!urls.isEmpty())
        data->setUrls(urls);
    return data;
}

Payload decode(const QMimeData *data)
{
    Payload p;
    if (!data || !data->hasFormat(QLatin1String(kType)))
        return p;
    const QJsonObject o = QJsonDocument::fromJson(data->data(QLatin1String(kType))).object();
    p.origin = o.value(QStringLiteral("origin")).toString();
    p.folder = o.value(QStringLiteral("folder")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("entries")).toArray()) {
        const QJsonObject e = v.toObject();
        Entry entry;
        entry.name = e.value(QStringLiteral("name")).toString();
        entry.isDir = e.value(QStringLiteral("dir")).toBool();
        entry.size = qint64(e.value(QStringLiteral("size")).toDouble(-1));
        entry.mtimeMs = qint64(e.value(QStringLiteral("mtime")).toDouble(-1));
        DirEntry check;
        check.name = entry.name;
        if (!entry.name.isEmpty() && !check.hasUnsafeName())
            p.entries.append(entry);
    }
    if (p.folder.isEmpty())
        p.origin.clear();
    return p;
}

QStringList localFiles(const QMimeData *data)
{
    QStringList files;
    if (!data || !data->hasUrls())
        return files;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile() && !url.toLocalFile().isEmpty())
            files.append(QDir::cleanPath(url.toLocalFile()));
    }
    return files;
}

} // namespace ferry::EntryMime
