#pragma once

#include "listoptions.h"
#include "remotecall.h"
#include "remoteerror.h"
#include "transcript.h"
#include "transferoptions.h"

#include <QDateTime>
#include <QFlags>
#include <QObject>
#include <QSslCertificate>

class QIODevice;

namespace ferry {

class Question;
class ServerCopyCall;

// One connection to one server, whatever the protocol (FTP and FTPS today, SFTP next): the
// seam between the engine's back ends and everything that uses a server, i.e. the panes'
// listers, the transfer queue's sessions, sync and ferry-cli. Nothing that includes only
// this header knows which protocol runs behind it.
//
// Commands in, signals out: every call is queued at once and returns a RemoteCall that
// finishes exactly once (see RemoteCall); calls run one after another, in order. A call on
// a disconnected session connects and logs in first. Questions (an untrusted certificate,
// later a host key or a password) come as questionAsked(); with nobody connected to that
// signal, the session declines them.
class RemoteSession : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteSession)
public:
    enum class State { Disconnected, Connecting, LoggingIn, Ready, Busy, Closing };
    Q_ENUM(State)
    // What the server can do beyond the basics (list, stat, mkdir, remove, rename,
    // download, upload); known once logged in.
    enum class Feature {
        Checksums = 0x1,       // checksum(): the server hashes a file
        SetTime = 0x2,         // setTime()
        Chmod = 0x4,           // chmod()
        Resume = 0x8,          // downloads from an offset, uploads appended
        ServerToServer = 0x10, // a transfer between two servers without the client (FTP's FXP)
        FileTimes = 0x20       // stat() tells a file's time to the second (FTP: MDTM)
    };
    Q_DECLARE_FLAGS(Features, Feature)
    Q_FLAG(Features)
    enum class EntryType { File, Folder };
    enum class StatDetail { Size, Time, SizeAndTime };

    ~RemoteSession() override;

    virtual State state() const = 0;
    bool isLoggedIn() const { return state() == State::Ready || state() == State::Busy; }
    virtual Features features() const = 0;
    virtual RemoteError lastError() const = 0;
    // The connection is encrypted and its peer trusted (FTPS's control connection, SSH).
    virtual bool isEncrypted() const = 0;
    // "TLS 1.3, TLS_AES_256_GCM_SHA384"; empty when the connection is not encrypted.
    virtual QString securityDescription() const = 0;
    // The server's certificate chain (leaf first) on an encrypted connection, for a window
    // to show; empty when the protocol has none or nothing is connected.
    virtual QList<QSslCertificate> peerCertificateChain() const;

    virtual RemoteCall *connectToHost() = 0;
    // entries(); also in batches by entriesArrived() while the listing arrives.
    virtual RemoteCall *list(const QString &path, const ListOptions &options = {}) = 0;
    // A file's entry(): its size (-1 when not asked or the server cannot tell) and, with
    // Time or SizeAndTime, its time (when the server has one). A missing file fails (NotFound,
    // or the server's refusal).
    virtual RemoteCall *stat(const QString &path, StatDetail detail = StatDetail::SizeAndTime) = 0;
    // Whether `path` is a folder one can enter (or a link to one), and which: entry() with
    // isDir and, where the server tells, its identity (entry().unique); text(): its real path
    // on the server, links resolved. Fails when it is not a folder (or cannot be entered).
    virtual RemoteCall *resolveFolder(const QString &path) = 0;
    virtual RemoteCall *mkdir(const QString &path) = 0;                  // one level
    virtual RemoteCall *remove(const QString &path, EntryType type) = 0; // a folder must be empty
    virtual RemoteCall *rename(const QString &from, const QString &to) = 0;
    virtual RemoteCall *setTime(const QString &path, const QDateTime &utc) = 0;
    virtual RemoteCall *chmod(const QString &path, int mode) = 0; // mode: 0644, 0755, ...
    // Streams into `target` / from `source` in bounded chunks (never a whole file in memory);
    // progress() about ten times a second. The devices must outlive the call.
    virtual RemoteCall *download(const QString &remotePath, QIODevice *target,
                                 const TransferOptions &options) = 0;
    virtual RemoteCall *upload(QIODevice *source, const QString &remotePath,
                               const TransferOptions &options) = 0;
    // text(): "sha256:<hex>" (or sha1, md5, crc32: the strongest the server offers); only
    // with Feature::Checksums.
    virtual RemoteCall *checksum(const QString &path) = 0;
    // Copies `sourcePath` on this server straight to `targetPath` on `target`'s server, the
    // data never passing through this process (FTP's FXP), from byte `offset` of the source
    // on (appended to the target's partial file when offset > 0); `size` is the source's
    // size when known (-1 otherwise), which bounds the wait. Needs Feature::ServerToServer
    // on both sessions, logged in, of one protocol; refused() when the servers will not copy
    // to each other (then copy through the client). The default refuses.
    virtual ServerCopyCall *copyToServer(const QString &sourcePath, RemoteSession *target,
                                         const QString &targetPath, qint64 offset, qint64 size);
    // Says goodbye when logged in (FTP's QUIT) after the queued calls, then disconnects.
    virtual RemoteCall *close() = 0;
    // Cancels every queued and running call; the session stays usable.
    virtual void abortAll() = 0;
    // Drops the connection at once; running calls fail as cancelled.
    virtual void abortConnection() = 0;

Q_SIGNALS:
    void stateChanged(ferry::RemoteSession::State state);
    void errorOccurred(const ferry::RemoteError &error);
    void transcript(const ferry::TranscriptLine &line);
    void questionAsked(ferry::Question *question);

protected:
    explicit RemoteSession(QObject *parent = nullptr);
};

Q_DECLARE_OPERATORS_FOR_FLAGS(RemoteSession::Features)

} // namespace ferry
