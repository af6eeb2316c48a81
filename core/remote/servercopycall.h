#pragma once

#include "remotecall.h"

namespace ferry {

// What RemoteSession::copyToServer() returns: a RemoteCall that also says whether the
// servers refused to copy to each other (FTP servers often refuse FXP), in which case a copy
// through the client (a download into an upload) may still work. A failure that is not a
// refusal (the source file missing, a connection dropped mid-copy) is the copy's own error.
class ServerCopyCall : public RemoteCall {
    Q_OBJECT
public:
    bool refused() const { return m_refused; }

    // A call that fails at the next turn of the event loop (never inside the caller's code).
    static ServerCopyCall *failed(const RemoteError &error, bool refused, QObject *parent);

protected:
    explicit ServerCopyCall(QObject *parent);
    void cancelRequested() override;

    bool m_refused = false;
};

} // namespace ferry
