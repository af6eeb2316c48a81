#pragma once

#include "fxpoperation.h"
#include "remote/servercopycall.h"

#include <QPointer>

namespace ferry {

// A direct server-to-server copy (FXP) between two FTP control connections: a
// FxpSideOperation queued on each; the source's PASV address goes to the target's PORT; once
// both are ready, STOR (or APPE) on the target and RETR on the source go out together, and
// the copy ends when both final replies have come. When one side fails, the other is
// aborted (ABOR); refused() when either server refused the pairing (PASV, PORT, SSCN or the
// data connection), so the caller can copy through itself instead.
class FxpCopy final : public ServerCopyCall {
    Q_OBJECT
public:
    struct Side {
        FtpSession *session;
        QString path;
        FxpSideOperation::TlsRole tls;
    };
    FxpCopy(const Side &source, const Side &target, qint64 offset, qint64 size, QObject *parent);

protected:
    void cancelRequested() override;

private:
    void sideReady();
    void sideFinished(FxpSideOperation *side);

    QPointer<FxpSideOperation> m_source;
    QPointer<FxpSideOperation> m_target;
    int m_ready = 0;
    int m_finished = 0;
    RemoteError m_error;
};

} // namespace ferry
