#pragma once

#include "transfer/sitekey.h"

#include "clioptions.h"
#include "sites/ftpurl.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace ferry {
class TransferQueue;
}

namespace ferry::cli {

// One get/put/rm -r argument as a queue job.
struct TransferItem {
    bool upload = false;
    bool remove = false; // rm -r / rmdir -r: delete `remote` (a folder: everything in it)
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
    // get/put: a queue (in memory, or --queue-db) for `url`'s site with `items` in it.
    static int transfer(const FtpUrl &url, const QList<TransferItem> &items, const Options &options,
                        bool summary);
    // --limit-rate: given, it applies and is stored with the queue; else the stored one.
    static void setSpeedLimit(TransferQueue &queue, const Options &options);
    // Adds `items` to `queue` for `site`, runs it until nothing is left to do (or SIGINT /
    // SIGTERM stops it: exit status 7), and reports what this run did.
    static int drive(TransferQueue &queue, const QList<TransferItem> &items, const SiteKey &site,
                     const Options &options, bool summary);
};

} // namespace ferry::cli
