#pragma once

#include <QString>

namespace ferry {

// Remote paths are absolute, '/'-separated, whatever the server's own file system.

// "/a/b" + "c" -> "/a/b/c"; "/" + "c" -> "/c".
inline QString joinRemotePath(const QString &folder, const QString &name)
{
    if (folder.endsWith(QLatin1Char('/')))
        return folder + name;
    return folder + QLatin1Char('/') + name;
}

// "/a/b/c" -> "/a/b"; "/a" -> "/"; "/" -> "/".
inline QString parentRemotePath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

} // namespace ferry
