#pragma once

#include <QByteArray>
#include <QString>

namespace ferry {

// Ferry's own files in the config and data folders (sites, trusted certificates, the
// connection history, the queue database) hold host names, user names and what a user
// transfers: readable by the user only. Files are 0600, their folders 0700.

// Writes `data` to `path` atomically (QSaveFile: a crash leaves the old file or the new one,
// never a mix), mode 0600, in a private folder (made when missing). False with *error.
bool savePrivateFile(const QString &path, const QByteArray &data, QString *error);
// Creates the folder of `filePath` when missing, 0700; an existing folder is made 0700 only
// when it is Ferry's own (named "ferry"), never a folder the user chose. False with *error.
bool makePrivateFolderFor(const QString &filePath, QString *error);
// Makes an existing file 0600, or creates it empty with that mode (a database that SQLite
// then opens: its -wal and -shm files take the database's mode).
bool makePrivateFile(const QString &path, QString *error);

} // namespace ferry
