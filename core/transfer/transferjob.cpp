#include "transferjob.h"

#include "remote/remotepath.h"

#include <QDir>

#include <array>
#include <utility>

namespace ferry {

namespace {
using Names = std::array<std::pair<TransferJob::Overwrite, const char *>, 7>;
constexpr Names OverwriteNames = {{
    {TransferJob::Overwrite::Ask, "ask"},
    {TransferJob::Overwrite::Overwrite, "overwrite"},
    {TransferJob::Overwrite::IfNewer, "newer"},
    {TransferJob::Overwrite::IfSizeDiffers, "size"},
    {TransferJob::Overwrite::Resume, "resume"},
    {TransferJob::Overwrite::Rename, "rename"},
    {TransferJob::Overwrite::Skip, "skip"},
}};
} // namespace

TransferJob TransferJob::childOf(const TransferJob &parent, Kind kind, const QString &name)
{
    TransferJob job;
    job.parentId = parent.id;
    job.site = parent.site;
    job.priority = parent.priority;
    job.overwrite = parent.overwrite;
    job.mode = parent.mode;
    job.preserveTime = parent.preserveTime;
    job.removeSource = parent.removeSource;
    job.kind = kind;
    job.remotePath = joinRemotePath(parent.remotePath, name);
    if (!parent.localPath.isEmpty())
        job.localPath = QDir(parent.localPath).filePath(name);
    if (parent.isCopy()) {
        job.targetSite = parent.targetSite;
        job.targetPath = joinRemotePath(parent.targetPath, name);
    }
    return job;
}

QString TransferJob::overwriteName(Overwrite policy)
{
    for (const auto &[value, name] : OverwriteNames) {
        if (value == policy)
            return QString::fromLatin1(name);
    }
    return {};
}

bool TransferJob::parseOverwrite(const QString &text, Overwrite *policy)
{
    for (const auto &[value, name] : OverwriteNames) {
        if (text.compare(QLatin1String(name), Qt::CaseInsensitive) == 0) {
            *policy = value;
            return true;
        }
    }
    return false;
}

QString TransferJob::stateName(State state)
{
    switch (state) {
    case State::Queued:
        return QStringLiteral("queued");
    case State::Running:
        return QStringLiteral("running");
    case State::Paused:
        return QStringLiteral("paused");
    case State::Waiting:
        return QStringLiteral("waiting");
    case State::Done:
        return QStringLiteral("done");
    case State::Failed:
        return QStringLiteral("failed");
    case State::Skipped:
        return QStringLiteral("skipped");
    case State::Cancelled:
        return QStringLiteral("cancelled");
    }
    return {};
}

} // namespace ferry
