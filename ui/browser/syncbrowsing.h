#pragma once

#include "panecontroller.h"

#include <QObject>
#include <QString>
#include <optional>

namespace ferry {

// Synchronized browsing (FileZilla's): once on, the two folders shown are a pair of roots,
// and a folder opened on one side below its root (a child, up, the path bar, back) is
// opened on the other side at the same relative path below its root. A folder missing
// there leaves that side where it was and says so (missing()); a folder outside a root
// switches it off. The other side's own navigation, including its way back after a
// failure, is not followed back. No widgets: the window shows what it says.
class SyncBrowsing final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SyncBrowsing)
public:
    using Side = PaneController::Side;

    SyncBrowsing(PaneController *local, PaneController *remote, QObject *parent = nullptr);

    // Roots at the folders shown now. False (and stays off) when a side shows none.
    bool start();
    void stop();
    bool isEnabled() const { return m_enabled; }
    QString root(Side side) const { return m_roots[index(side)]; }

    // `path` relative to `root` ("" for the root itself), nullopt when outside it.
    static std::optional<QString> relative(const QString &root, const QString &path);

Q_SIGNALS:
    void enabledChanged(bool enabled);
    void note(const QString &message);
    // `side` could not follow: `path` does not exist there.
    void missing(ferry::PaneController::Side side, const QString &message);

private:
    static int index(Side side) { return side == Side::Local ? 0 : 1; }
    PaneController *pane(Side side) const { return side == Side::Local ? m_local : m_remote; }
    void onPathChanged(Side side, const QString &path);
    void onFailed(Side side, const QString &path);
    void onLoaded(Side side, const QString &path);

    // A folder this class opened on a side, until it lists or fails.
    struct Following {
        QString target;
        QString from;        // shown before (the pane goes back to it when the target fails)
        bool failed = false; // it went back: the failure is being reported
    };

    PaneController *m_local;
    PaneController *m_remote;
    bool m_enabled = false;
    QString m_roots[2];
    std::optional<Following> m_following[2];
};

} // namespace ferry
