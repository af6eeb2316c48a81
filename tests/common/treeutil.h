#pragma once

#include "testutil.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QStringList>
#include <QTest>
#include <map>

// Local trees for the queue tests: whole trees compared by name, size and SHA-256.
namespace ferry::test {

using Tree = std::map<QString, QByteArray>; // relative path -> "size:sha256" ("dir" for folders)

inline Tree readTree(const QString &root)
{
    Tree tree;
    QDirIterator it(root, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        const QString rel = QDir(root).relativeFilePath(it.filePath());
        tree[rel] = it.fileInfo().isDir()
                        ? QByteArray("dir")
                        : QByteArray::number(it.fileInfo().size()) + ':' + fileSha256(it.filePath());
    }
    return tree;
}

inline QString describeDiff(const Tree &a, const Tree &b)
{
    QStringList lines;
    for (const auto &[path, digest] : a) {
        const auto found = b.find(path);
        if (found == b.end())
            lines << QStringLiteral("missing: ") + path;
        else if (found->second != digest)
            lines << QStringLiteral("differs: ") + path;
    }
    for (const auto &[path, digest] : b) {
        if (!a.count(path))
            lines << QStringLiteral("extra: ") + path;
    }
    return lines.mid(0, 10).join(QLatin1Char('\n'));
}

inline void writeBytes(const QString &path, const QByteArray &data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    QCOMPARE(f.write(data), qint64(data.size()));
}

} // namespace ferry::test
