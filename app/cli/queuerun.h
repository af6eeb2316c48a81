#pragma once

#include "clioptions.h"
#include "sites/ftpurl.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace ferry {
class TransferQueue;
}

namespace ferry::cli {

// One get/put argument as a queue job.
struct TransferItem {
    bool upload = false;
    bool folder = false;
    QString local;
    QString remote;
};

// Runs jobs through a TransferQueue with the CLI around it: prompts, the progress bar,
// warnings, the failures and the summary line. Returns the exit status.
class QueueRun {
    Q_DECLARE_TR_FUNCTIONS(QueueRun)
public:
    // The queue's key for a URL's site: the URL without path and password.
    static QString siteKeyFor(const FtpUrl &url);
    // get/put: a queue (in memory, or --queue-db) for `url`'s site with `items` in it.
    static int transfer(const FtpUrl &url, const QList<TransferItem> &items, const Options &options,
                        bool summary);
    // Adds `items` to `queue` for `site`, runs it until nothing is left to do, and reports.
    static int drive(TransferQueue &queue, const QList<TransferItem> &items, const QString &site,
                     const Options &options, bool summary);
};

} // namespace ferry::cli
