#include "sitestorewatcher.h"

#include "sitestore.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>

namespace ferry {

SiteStoreWatcher::SiteStoreWatcher(SiteStore *store, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_watcher(new QFileSystemWatcher(this))
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(&m_settle, &QTimer::timeout, this, &SiteStoreWatcher::reload);
    const auto changed = [this] {
        m_settle.start();
        watch(); // a replaced file is a new one to watch
    };
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
    watch();
}

void SiteStoreWatcher::watch()
{
    const QFileInfo info(m_store->filePath());
    // The folder may not exist yet (no site saved ever): then nothing is watched until the
    // first save, which happens here (save() calls watch()).
    if (info.dir().exists() && !m_watcher->directories().contains(info.absolutePath()))
        m_watcher->addPath(info.absolutePath());
    if (info.exists() && !m_watcher->files().contains(info.absoluteFilePath()))
        m_watcher->addPath(info.absoluteFilePath());
}

bool SiteStoreWatcher::save(QString *error)
{
    const bool saved = m_store->save(error);
    watch();
    if (saved)
        Q_EMIT sitesChanged();
    return saved;
}

void SiteStoreWatcher::reload()
{
    QString error;
    const bool changed = m_store->reload(&error);
    if (!error.isEmpty())
        Q_EMIT problem(error);
    if (changed)
        Q_EMIT sitesChanged();
}

} // namespace ferry
