#pragma once

#include "fileops.h"
#include "remote/remoteerror.h"

#include <functional>

namespace ferry {

class RemoteCall;
class RemoteSession;

// FileOps on a server, through the site's browsing RemoteSession (never the queue's): one
// call per step, queued on the session. A call that fails because the connection had
// dropped meanwhile (an idle timeout, a restarted server) is made once more on a new
// connection before the user hears of it. Folders are deleted depth first (their contents,
// then the folder) and chmod-ed top down, by listing them on the way.
class RemoteFileOps final : public FileOps {
    Q_OBJECT
public:
    explicit RemoteFileOps(RemoteSession *session, QObject *parent = nullptr);

    void makeFolder(const QString &folder, const QString &name) override;
    void makeFile(const QString &folder, const QString &name) override;
    void rename(const QString &folder, const QString &from, const QString &to) override;
    void move(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder) override;
    void remove(const QString &folder, const QList<DirEntry> &entries, bool permanently) override;
    void changePermissions(const QString &folder, const QList<DirEntry> &entries,
                           const PermissionChange &change) override;
    bool canChangePermissions() const override;

    static constexpr int kMaxDepth = 256;

private:
    using Done = std::function<void(const RemoteError &error)>;
    // Makes the call (again, once, after a drop); `then` runs with the finished call.
    void call(const std::function<RemoteCall *()> &make, const std::function<void(RemoteCall *)> &then,
              bool retried = false);
    void moveEach(const QString &fromFolder, QList<DirEntry> entries, const QString &toFolder, int moved);
    void removeTree(const QString &path, int depth, const Done &done);
    void removeEach(const QString &folder, QList<DirEntry> entries, int depth, const Done &done);
    void chmodTree(const QString &path, const PermissionChange &change, int depth, const Done &done);
    void chmodEach(const QString &folder, QList<DirEntry> entries, const PermissionChange &change, int depth,
                   const Done &done);

    QPointer<RemoteSession> m_session;
};

} // namespace ferry
