#include "overwritepolicy.h"

#include "localfile.h"

#include <QDir>
#include <QFileInfo>

namespace ferry {

using Overwrite = TransferJob::Overwrite;

Overwrite OverwritePolicy::decide(Overwrite policy, qint64 sourceSize, qint64 sourceMtimeMs,
                                  qint64 targetSize, qint64 targetMtimeMs)
{
    switch (policy) {
    case Overwrite::IfNewer:
        if (sourceMtimeMs < 0 || targetMtimeMs < 0)
            return Overwrite::Overwrite; // nothing to compare: the safe side is a fresh copy
        return sourceMtimeMs > targetMtimeMs + 999 ? Overwrite::Overwrite : Overwrite::Skip;
    case Overwrite::IfSizeDiffers:
        return sourceSize >= 0 && sourceSize == targetSize ? Overwrite::Skip : Overwrite::Overwrite;
    case Overwrite::Resume:
        if (sourceSize >= 0 && targetSize == sourceSize)
            return Overwrite::Skip;
        if (sourceSize >= 0 && targetSize > sourceSize)
            return Overwrite::Overwrite; // larger than the source: not a prefix of it
        return Overwrite::Resume;
    default:
        return policy;
    }
}

QString OverwritePolicy::alternativeName(const QString &name, int n)
{
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    const QString suffix = QStringLiteral(" (%1)").arg(n);
    if (dot <= 0)
        return name + suffix;
    return name.left(dot) + suffix + name.mid(dot);
}

QString OverwritePolicy::freeLocalPath(const QString &path)
{
    const QFileInfo info(path);
    for (int n = 1; n <= 1000; ++n) {
        const QString candidate = info.dir().filePath(alternativeName(info.fileName(), n));
        if (!QFileInfo::exists(candidate) && !QFileInfo::exists(PartFile::partPathFor(candidate)))
            return candidate;
    }
    return {};
}

} // namespace ferry
