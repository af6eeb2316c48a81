#include "listedtime.h"

#include <QDateTime>
#include <QTimeZone>

namespace ferry {

ListedTime listedTime(const DirEntry &entry)
{
    if (entry.timePrecision < DirEntry::TimePrecision::Minute || !entry.date.isValid())
        return {};
    const QDateTime dt(entry.date, entry.time.isValid() ? entry.time : QTime(0, 0), QTimeZone::utc());
    const qint64 span = entry.timePrecision == DirEntry::TimePrecision::Minute ? 60000 : 1000;
    return {dt.toMSecsSinceEpoch(), span};
}

std::optional<bool> newerForSure(ListedTime source, ListedTime target)
{
    if (!source.isKnown() || !target.isKnown())
        return std::nullopt;
    // Newer: source > target + 999 (OverwritePolicy::decide). The latest source against the
    // earliest target, and the earliest source against the latest target.
    const bool atMost = source.ms + source.spanMs - 1 > target.ms + 999;
    const bool atLeast = source.ms > target.ms + target.spanMs - 1 + 999;
    if (atMost != atLeast)
        return std::nullopt;
    return atLeast;
}

} // namespace ferry
