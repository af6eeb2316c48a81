#pragma once

#include <QLocale>
#include <QString>
#include <optional>

namespace ferry {

// Sizes and speeds as people write them, for ferry-cli and the window alike.

// "500k", "2M", "1.5m", "750K/s", "10MB", "12345": bytes per second (k/m/g are 1024-based);
// nullopt for anything else, a negative number or more than 10 TB/s.
std::optional<qint64> parseRate(const QString &text);
// "0 B", "812 B", "4.2 KiB", "1.0 GiB" (1024-based, one decimal), in `locale`'s digits and
// decimal point (ferry-cli: the C locale, scripts parse it).
QString formatSize(qint64 bytes, const QLocale &locale = QLocale::c());
// "4.2 MiB/s".
QString formatRate(double bytesPerSecond, const QLocale &locale = QLocale::c());

} // namespace ferry
