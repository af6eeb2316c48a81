#pragma once

#include "listing/direntry.h"

#include <QString>

namespace ferry {

// How sizes, times and counts read in the window (one place, so the panes, the footer,
// the status bar and the dialogs agree).
namespace Format {

// "0 bytes", "512 bytes", "4.2 KiB", "1.5 GiB" (IEC units, the user's locale).
QString size(qint64 bytes);
// In the locale's short date and time format with a four-digit year ("3/15/2024 2:02 PM",
// "15/03/2024 14:02"), or the date alone when the listing only gave the day; UTC times
// (MLSD, local files) are shown in local time, server-local times as listed. Empty: unknown.
QString time(const DirEntry &entry);
// A date (and time, with seconds if asked) the same way.
QString date(QDate date);
QString dateTime(const QDateTime &when, bool seconds = false);
// The same for a packed entry's fields (EntryStore).
QString time(QDate day, QTime clock, DirEntry::TimePrecision precision, bool isUtc);
// "12 files and 3 folders, 4.2 MiB" (the parts that are not zero).
QString totals(qint64 files, qint64 folders, qint64 bytes);

} // namespace Format
} // namespace ferry
