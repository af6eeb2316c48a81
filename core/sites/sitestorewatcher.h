#pragma once

#include <QObject>
#include <QTimer>

class QFileSystemWatcher;

namespace ferry {

class SiteStore;

// Keeps a SiteStore in step with its file while other writers (ferry-cli, a second window)
// change it: QFileSystemWatcher on the file and on its folder (an atomic save replaces the
// file, which ends a watch on the file alone), a short pause to let a burst of writes
// settle, then SiteStore::reload(), which merges and keeps this store's unsaved changes.
class SiteStoreWatcher final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteStoreWatcher)
public:
    static constexpr int kSettleMs = 100;

    explicit SiteStoreWatcher(SiteStore *store, QObject *parent = nullptr);
    SiteStore *store() const { return m_store; }

    // Saves the store and tells the others (sitesChanged) at once. False with *error.
    bool save(QString *error = nullptr);
    // Reloads now (a change seen, or a caller that knows); emits sitesChanged if it changed.
    void reload();

Q_SIGNALS:
    void sitesChanged(); // the store's sites changed (a reload or a save)
    void problem(const QString &message);

private:
    void watch();
    SiteStore *m_store;
    QFileSystemWatcher *m_watcher;
    QTimer m_settle;
};

} // namespace ferry
