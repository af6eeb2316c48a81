#pragma once

#include "listing/direntry.h"

#include <QString>

namespace ferry {

// How sizes, times and counts read in the window (one place, so the panes, the footer,
// the status bar and the dialogs agree).
namespace Format {

// "0 bytes", "512 bytes", "4.2 KiB", "1.5 GiB" (IEC units, the user's locale).
QString size(qint64 bytes);
// "2024-03-15 14:02", or "2024-03-15" when the listing only gave the day; UTC times
// (MLSD, local files) are shown in local time, server-local times as listed. Empty: unknown.
QString time(const DirEntry &entry);
QString time(QDate date, QTime time, DirEntry::TimePrecision precision, bool isUtc);
// "12 files and 3 folders, 4.2 MiB" (the parts that are not zero).
QString totals(qint64 files, qint64 folders, qint64 bytes);

} // namespace Format
} // namespace ferry
