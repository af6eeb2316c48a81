#include "progressbar.h"

#include "clioutput.h"
#include "ftp/ftpsession.h" // transferqueue.h needs it whole
#include "transfer/transferqueue.h"

namespace ferry::cli {

QString humanBytes(double bytes)
{
    const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < 4) {
        bytes /= 1024;
        ++unit;
    }
    return unit == 0 ? QStringLiteral("%1 B").arg(qint64(bytes))
                     : QStringLiteral("%1 %2").arg(bytes, 0, 'f', 1).arg(QLatin1String(units[unit]));
}

void ProgressBar::update(const QueueProgress &p)
{
    if (!m_shown)
        return;
    const int percent = p.bytesTotal > 0 ? int(100.0 * double(p.bytesDone) / double(p.bytesTotal)) : 0;
    QString line = QStringLiteral("\r%1%  %2 / %3  %4/s")
                       .arg(percent, 3)
                       .arg(humanBytes(double(p.bytesDone)), humanBytes(double(p.bytesTotal)),
                            humanBytes(p.bytesPerSecond));
    if (p.etaSeconds >= 0)
        line += QStringLiteral("  ETA %1:%2")
                    .arg(p.etaSeconds / 60)
                    .arg(p.etaSeconds % 60, 2, 10, QLatin1Char('0'));
    line += QLatin1String("  ") + tr("%1/%2 files").arg(p.filesDone + p.filesSkipped).arg(p.filesTotal);
    err() << line.leftJustified(79) << Qt::flush;
}

void ProgressBar::finish()
{
    if (m_shown)
        err() << '\n';
}

} // namespace ferry::cli
