#include "privatefile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace ferry {

namespace {

constexpr QFileDevice::Permissions kPrivateFile = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kPrivateFolder =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

QString tr(const char *text)
{
    return QCoreApplication::translate("ferry::PrivateFile", text);
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

bool makePrivateFolderFor(const QString &filePath, QString *error)
{
    const QFileInfo folder(QFileInfo(filePath).absolutePath());
    const bool existed = folder.isDir();
    if (!existed && !QDir().mkpath(folder.filePath()))
        return fail(error, tr("Cannot create the folder %1.").arg(folder.filePath()));
    // Only a folder made here, or Ferry's own ("…/ferry"): never a folder the user chose for
    // a file of theirs (a home folder, /tmp).
    if ((!existed || folder.fileName() == QLatin1String("ferry")) &&
        !QFile::setPermissions(folder.filePath(), kPrivateFolder))
        return fail(error, tr("Cannot make the folder %1 private.").arg(folder.filePath()));
    return true;
}

bool savePrivateFile(const QString &path, const QByteArray &data, QString *error)
{
    if (!makePrivateFolderFor(path, error))
        return false;
    QSaveFile file(path);
    // The mode is set on the temporary file before it replaces the old one: never a moment
    // where the new content is readable by others.
    if (!file.open(QIODevice::WriteOnly) || !file.setPermissions(kPrivateFile) || file.write(data) < 0 ||
        !file.commit())
        return fail(error, file.errorString());
    return true;
}

bool makePrivateFile(const QString &path, QString *error)
{
    if (!makePrivateFolderFor(path, error))
        return false;
    QFile file(path);
    if (!file.exists() && !file.open(QIODevice::WriteOnly))
        return fail(error, file.errorString());
    if (!file.setPermissions(kPrivateFile))
        return fail(error, tr("Cannot make %1 private.").arg(path));
    return true;
}

} // namespace ferry
