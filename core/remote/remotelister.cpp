#include "remotelister.h"

#include "remotesession.h"

namespace ferry {

RemoteLister::RemoteLister(RemoteSession *session, const QString &site, ListingCache *cache, QObject *parent)
    : DirectoryLister(site, cache, parent)
    , m_session(session)
{
}

RemoteLister::~RemoteLister()
{
    cancelListing();
}

void RemoteLister::startListing(const QString &path)
{
    list(path, false);
}

void RemoteLister::list(const QString &path, bool retried)
{
    if (!m_session) {
        listingFailed(RemoteError(RemoteError::Kind::Network, tr("Not connected.")));
        return;
    }
    const bool wasLoggedIn = m_session->isLoggedIn();
    ListOptions options;
    options.batchesOnly = true; // this lister keeps them (m_items), one copy is enough
    RemoteCall *call = m_session->list(path, options);
    m_call = call;
    connect(call, &RemoteCall::entriesArrived, this, [this, call](const QList<DirEntry> &batch) {
        if (m_call == call)
            listingBatch(batch);
    });
    connect(call, &RemoteCall::finished, this, [this, call, path, retried, wasLoggedIn] {
        if (m_call != call)
            return; // cancelled or superseded
        m_call = nullptr;
        if (call->succeeded()) {
            listingDone({}); // every entry came in batches
            return;
        }
        const RemoteError error = call->error();
        // The connection had gone (it was logged in when asked, and the failure is the
        // network's): a new connection, once, before the user hears of it.
        const bool dropped =
            error.kind() == RemoteError::Kind::Network || error.kind() == RemoteError::Kind::Timeout;
        if (!retried && wasLoggedIn && dropped && m_session && !m_session->isLoggedIn()) {
            list(path, true);
            return;
        }
        listingFailed(error);
    });
}

void RemoteLister::cancelListing()
{
    if (RemoteCall *call = m_call) {
        m_call = nullptr;
        call->cancel();
    }
}

} // namespace ferry
