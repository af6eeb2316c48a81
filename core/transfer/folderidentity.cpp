#include "folderidentity.h"

namespace ferry::folderidentity {

namespace {
constexpr QLatin1String UniquePrefix("unique:", 7);
}

QStringList tokens(const TransferJob &job)
{
    if (job.identity.isEmpty())
        return {job.remotePath};
    return job.identity.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

QString realPath(const TransferJob &job)
{
    for (const QString &token : tokens(job)) {
        if (token.startsWith(QLatin1Char('/')))
            return token;
    }
    return job.remotePath;
}

QString ofChild(const TransferJob &parent, const QString &name, const QByteArray &unique)
{
    QString path = realPath(parent);
    path += path.endsWith(QLatin1Char('/')) ? name : QLatin1Char('/') + name;
    return unique.isEmpty() ? path : UniquePrefix + QString::fromUtf8(unique) + QLatin1Char('\n') + path;
}

QString withUnique(const TransferJob &job, const QString &unique)
{
    return UniquePrefix + unique + QLatin1Char('\n') + realPath(job);
}

qsizetype findIn(const QList<TransferJob> &chain, const QString &identity)
{
    const QStringList wanted = identity.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = 0; i < chain.size(); ++i) {
        for (const QString &token : tokens(chain.at(i))) {
            if (wanted.contains(token))
                return i;
        }
    }
    return -1;
}

} // namespace ferry::folderidentity
