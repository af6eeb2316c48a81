#pragma once

#include "listing/direntry.h"
#include "remoteerror.h"

#include <QList>
#include <QObject>

namespace ferry {

// One request to a remote server (list a folder, stat a path, make a folder, move a file,
// ...), whatever the protocol: what RemoteSession's calls return. The back ends (FTP's
// operations, SFTP's requests) derive from it.
//
// Commands in, signals out: a call is queued when it is returned, so connect to finished()
// before going back to the event loop. It emits finished() exactly once, then is deleted
// (deleteLater): read its results inside the finished() handler.
class RemoteCall : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteCall)
public:
    ~RemoteCall() override;

    bool isFinished() const { return m_finished; }
    bool succeeded() const { return m_finished && !m_error.isError(); }
    RemoteError error() const { return m_error; }

    // A queued call is dropped, a running one is aborted; it finishes with
    // RemoteError::Kind::Cancelled and the session stays usable.
    void cancel();

    // --- Results (valid once finished successfully; which ones depends on the call) ---
    // list(): the folder's entries (also delivered in batches by entriesArrived()).
    const QList<DirEntry> &entries() const { return m_entries; }
    // stat(): the path's entry (its name is the last path component).
    const DirEntry &entry() const { return m_entry; }
    // download()/upload(): bytes moved in this call (a resume offset not included).
    qint64 bytesTransferred() const { return m_bytes; }
    // mkdir(): the folder's path as the server reports it; checksum(): "algorithm:hex";
    // other calls: the server's words, when it said something worth showing.
    QString text() const { return m_text; }

Q_SIGNALS:
    void finished();
    // Transfers: at most about ten times a second, and once at the end.
    void progress(qint64 bytesTransferred);
    // list(): entries as they are parsed, in batches (never one signal per entry).
    void entriesArrived(const QList<DirEntry> &batch);

protected:
    explicit RemoteCall(QObject *parent);

    // Finishes once (later calls are ignored): aboutToFinish(), finished(), didFinish().
    void finish(const RemoteError &error = {});
    // Cancel of a call that was not finished; the back end aborts and then finishes.
    virtual void cancelRequested() = 0;
    // Around finished(): the back end's bookkeeping (the FTP session schedules the next
    // operation). didFinish() must arrange for the call's deletion.
    virtual void aboutToFinish() {}
    virtual void didFinish() { deleteLater(); }

    QList<DirEntry> m_entries;
    DirEntry m_entry;
    qint64 m_bytes = 0;
    QString m_text;

private:
    RemoteError m_error;
    bool m_finished = false;
};

} // namespace ferry
