#include "progressbar.h"

#include "clioutput.h"
#include "ftp/ftpsession.h" // transferqueue.h needs it whole
#include "transfer/transferqueue.h"
#include "transfer/units.h"

namespace ferry::cli {

void ProgressBar::update(const QueueProgress &p)
{
    if (!m_shown)
        return;
    const int percent = p.bytesTotal > 0 ? int(100.0 * double(p.bytesDone) / double(p.bytesTotal)) : 0;
    QString line =
        QStringLiteral("\r%1%  %2 / %3  %4/s")
            .arg(percent, 3)
            .arg(formatSize(p.bytesDone), formatSize(p.bytesTotal), formatSize(qint64(p.bytesPerSecond)));
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
