#pragma once

#include "directorylister.h"

#include <QAtomicInteger>
#include <memory>

namespace ferry {

// A DirectoryLister over the local file system: each folder is read on a worker thread
// (QThreadPool) with readdir and one lstat per entry (stat and readlink more for a link),
// and delivered in batches, so a folder of 100,000 files never blocks the event loop. Symlinks are shown as
// links (a link to a folder is a folder you can open); times are the files' modification times in UTC;
// permissions as `ls -l` writes them.
class LocalLister final : public DirectoryLister {
    Q_OBJECT
public:
    explicit LocalLister(ListingCache *cache = nullptr, QObject *parent = nullptr);
    ~LocalLister() override;

    void setShowHidden(bool show) { m_showHidden = show; }
    bool showHidden() const { return m_showHidden; }

    // One local file as an entry (also for our own changes: applyAdded after a download).
    static DirEntry entryFor(const QString &path);

    static constexpr int BatchSize = 2000;

protected:
    void startListing(const QString &path) override;
    void cancelListing() override;

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared; // the generation the worker checks before each batch
    bool m_showHidden = false;
};

} // namespace ferry
