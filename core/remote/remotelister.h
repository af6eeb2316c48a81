#pragma once

#include "directorylister.h"

#include <QPointer>

namespace ferry {

class RemoteCall;
class RemoteSession;

// A DirectoryLister over a RemoteSession (the site's browsing connection, not owned): each
// folder is one list() call whose batches reach the view as they are parsed. A listing
// that fails because the connection had dropped (an idle timeout, a server restart) is
// tried once more on a new connection before the error is shown.
class RemoteLister final : public DirectoryLister {
    Q_OBJECT
public:
    RemoteLister(RemoteSession *session, const QString &site, ListingCache *cache, QObject *parent = nullptr);
    ~RemoteLister() override;

    RemoteSession *session() const { return m_session; }

protected:
    void startListing(const QString &path) override;
    void cancelListing() override;

private:
    void list(const QString &path, bool retried);

    QPointer<RemoteSession> m_session;
    QPointer<RemoteCall> m_call;
};

} // namespace ferry
