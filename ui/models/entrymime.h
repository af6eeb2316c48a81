#pragma once

#include "listing/direntry.h"

#include <QList>
#include <QString>

class QMimeData;

namespace ferry {

// What a drag or Ctrl+C carries between the panes: where the entries come from (an origin:
// "local", or "remote " + the site key), their folder, and per entry its name, whether it is
// a folder, its size and time. Local entries also go as text/uri-list (file URLs), so a
// file manager takes them too. Names a listing must never use (`..`, `/`, ...) are left out.
//
// The QMimeData keeps the payload as it is: decode() of it in this process is a copy of an
// implicitly shared list, so a drag of 10,000 rows costs no parsing per mouse move. The
// bytes (kType, for another process: a drop in another Ferry, the clipboard) and the file
// URLs are made only when asked for.
namespace EntryMime {

inline constexpr char kType[] = "application/x-ferry-entries";

struct Entry {
    QString name;
    bool isDir = false;
    qint64 size = -1;
    qint64 mtimeMs = -1; // UTC, -1: unknown
};

struct Payload {
    QString origin;
    QString folder;
    QList<Entry> entries;
    bool isNull() const { return origin.isEmpty(); }
};

QString localOrigin();
QString remoteOrigin(const QString &siteKey);
// A new QMimeData (the caller owns it).
QMimeData *encode(const QString &origin, const QString &folder, const QList<DirEntry> &entries);
QMimeData *encode(Payload payload);
Payload decode(const QMimeData *data);
// The local files of a text/uri-list (from a file manager), absolute; other URLs skipped.
QStringList localFiles(const QMimeData *data);

} // namespace EntryMime
} // namespace ferry
