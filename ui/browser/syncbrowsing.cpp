#include "syncbrowsing.h"

#include "directorymodel.h"

namespace ferry {

namespace {

QString joined(const QString &root, const QString &relative)
{
    if (relative.isEmpty())
        return root;
    if (root.endsWith(QLatin1Char('/')))
        return root + relative;
    return root + QLatin1Char('/') + relative;
}

} // namespace

SyncBrowsing::SyncBrowsing(PaneController *local, PaneController *remote, QObject *parent)
    : QObject(parent)
    , m_local(local)
    , m_remote(remote)
{
    for (Side side : {Side::Local, Side::Remote}) {
        PaneController *p = pane(side);
        connect(p, &PaneController::pathChanged, this,
                [this, side](const QString &path) { onPathChanged(side, path); });
        connect(p, &PaneController::loaded, this,
                [this, side](const QString &path) { onLoaded(side, path); });
        // After the pane's own handling (connected in its constructor): it has gone back already.
        connect(p->model(), &DirectoryModel::folderFailed, this,
                [this, side](const QString &path) { onFailed(side, path); });
    }
}

bool SyncBrowsing::start()
{
    if (!m_local->isAttached() || !m_remote->isAttached() || m_local->path().isEmpty() ||
        m_remote->path().isEmpty())
        return false;
    m_roots[0] = m_local->path();
    m_roots[1] = m_remote->path();
    m_following[0].reset();
    m_following[1].reset();
    if (!std::exchange(m_enabled, true))
        Q_EMIT enabledChanged(true);
    return true;
}

void SyncBrowsing::stop()
{
    m_following[0].reset();
    m_following[1].reset();
    if (std::exchange(m_enabled, false))
        Q_EMIT enabledChanged(false);
}

std::optional<QString> SyncBrowsing::relative(const QString &root, const QString &path)
{
    if (path == root)
        return QString();
    const QString prefix = root.endsWith(QLatin1Char('/')) ? root : root + QLatin1Char('/');
    if (!path.startsWith(prefix))
        return std::nullopt;
    return path.mid(prefix.size());
}

void SyncBrowsing::onPathChanged(Side side, const QString &path)
{
    if (!m_enabled)
        return;
    std::optional<Following> &own = m_following[index(side)];
    if (own) {
        // What this class opened, or the pane's way back from it when it failed (onFailed
        // comes next, its path possibly the lister's new one already): neither is followed back.
        if (path == own->target)
            return;
        if (path == own->from) {
            own->failed = true;
            return;
        }
        own.reset(); // the user went elsewhere meanwhile
    }
    const auto rel = relative(m_roots[index(side)], path);
    if (!rel) {
        stop();
        Q_EMIT note(tr("Synchronized browsing is off: %1 is outside %2").arg(path, m_roots[index(side)]));
        return;
    }
    const Side otherSide = side == Side::Local ? Side::Remote : Side::Local;
    PaneController *other = pane(otherSide);
    const QString target = joined(m_roots[index(otherSide)], *rel);
    if (!other->isAttached() || other->path() == target)
        return;
    m_following[index(otherSide)] = Following{target, other->path()};
    other->open(target);
}

void SyncBrowsing::onFailed(Side side, const QString &path)
{
    std::optional<Following> &own = m_following[index(side)];
    if (!own || (!own->failed && own->target != path))
        return;
    const QString target = own->target;
    own.reset();
    Q_EMIT missing(side, tr("Synchronized browsing: %1 does not exist here").arg(target));
}

void SyncBrowsing::onLoaded(Side side, const QString &path)
{
    std::optional<Following> &own = m_following[index(side)];
    if (own && own->target == path)
        own.reset();
}

} // namespace ferry
