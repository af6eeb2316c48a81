#pragma once

#include "listing/direntry.h"
#include "remote/remotecall.h"

#include <QEventLoop>
#include <QStringList>
#include <QTimer>
#include <functional>

namespace ferry::test {

// The entries' names, sorted: what a listing holds, whatever order the server sent.
// `entries`: a QList<DirEntry> or a lister's EntryStore.
template<typename Entries>
QStringList namesOf(const Entries &entries)
{
    QStringList names;
    for (const DirEntry &e : entries)
        names.append(e.name);
    names.sort();
    return names;
}

// Runs the event loop until `op` (any RemoteCall: an FTP operation, a RemoteSession call) finishes (bounded
// by `timeoutMs`), and returns its error. `inspect` reads results inside finished(), because the session
// deletes an operation right after. A test-side timeout is reported as an error of kind Timeout whose message
// starts with "TEST TIMEOUT", so that it can never pass for success.
template<typename Op>
RemoteError awaitOp(Op *op, const std::function<void(Op *)> &inspect = {}, int timeoutMs = 60000)
{
    QEventLoop loop;
    RemoteError error(RemoteError::Kind::Timeout,
                      QStringLiteral("TEST TIMEOUT: the operation never finished"));
    bool done = false;
    QObject::connect(op, &RemoteCall::finished, &loop, [&] {
        done = true;
        error = op->error();
        if (inspect)
            inspect(op);
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    if (!done)
        op->cancel();
    return error;
}

// Watches a call that runs beside others: whether it finished, and how.
struct CallWatch {
    bool done = false;
    bool ok = false;
    explicit CallWatch(RemoteCall *call)
    {
        QObject::connect(call, &RemoteCall::finished, call, [this, call] {
            done = true;
            ok = call->succeeded();
        });
    }
};

} // namespace ferry::test
