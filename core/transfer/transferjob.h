#pragma once

#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ferry {

// One entry of the transfer queue. Plain values, stored as one row of QueueStore; the
// queue never holds more of them in memory than it runs or was asked for.
struct TransferJob {
    Q_GADGET
public:
    enum class Kind {
        Download = 0,       // a remote file to localPath
        Upload = 1,         // localPath to a remote file
        DownloadFolder = 2, // lists remotePath when reached, queues its children
        UploadFolder = 3,   // reads localPath when reached, creates remotePath, queues its children
        MakeDirectory = 4,  // MKD remotePath
        DeleteFile = 5,     // DELE remotePath
        DeleteFolder = 6,   // lists, deletes the children, then RMD (waits for them)
        Copy = 7,           // remotePath on `site` to targetPath on `targetSite` (FXP, else streamed)
        CopyFolder = 8,     // makes targetPath, lists remotePath when reached, queues its children
    };
    Q_ENUM(Kind)
    enum class State {
        Queued = 0,
        Running = 1,
        Paused = 2,
        Waiting = 3, // a folder job waiting for its children (DeleteFolder, a move's folder)
        Done = 4,
        Failed = 5,
        Skipped = 6,
        Cancelled = 7,
    };
    Q_ENUM(State)
    // What to do when the target exists (FileZilla's "file exists" dialog, as a policy).
    enum class Overwrite {
        Ask = 0,           // an OverwriteRequest answered by the GUI, the CLI or a test
        Overwrite = 1,     // replace it
        IfNewer = 2,       // replace when the source is newer
        IfSizeDiffers = 3, // replace when the sizes differ
        Resume = 4,        // continue a shorter target, skip an equal one
        Rename = 5,        // keep both: "file (1).txt"
        Skip = 6,          // leave it
    };
    Q_ENUM(Overwrite)
    // Binary by default; Auto picks ASCII by extension (TransferQueue::asciiExtensions).
    enum class Mode { Binary = 0, Ascii = 1, Auto = 2 };
    Q_ENUM(Mode)

    static constexpr qint64 Unknown = -1;
    static constexpr qint64 Absent = -2; // targetSize: known not to exist

    qint64 id = 0;
    qint64 parentId = 0; // the folder job that queued it; 0 for jobs the user queued
    Kind kind = Kind::Download;
    State state = State::Queued;
    QString site;                // the site key given to TransferQueue::setSite()
    QString remotePath;          // absolute
    QString localPath;           // absolute
    qint64 size = Unknown;       // the source's size, when a listing or stat said it
    qint64 mtimeMs = Unknown;    // the source's modification time, ms since the epoch (UTC)
    qint64 targetSize = Unknown; // the existing target's size (Absent: known not to exist)
    qint64 targetMtimeMs = Unknown;
    int priority = 0; // higher first; equal priorities in queue order
    Overwrite overwrite = Overwrite::Overwrite;
    Mode mode = Mode::Binary;
    bool preserveTime = true;
    bool resume = false;    // continue a partial transfer (set on retries and after a restart)
    int attempts = 0;       // failed attempts so far
    qint64 notBeforeMs = 0; // retry backoff: not before this time (ms since the epoch)
    qint64 bytesDone = 0;
    int pendingChildren = 0; // DeleteFolder: children not finished yet
    int phase = 0;           // DeleteFolder, a move's folder: 1 once its children are queued
    // A move (Transfer > Move to Other Side, `put/get --remove-source`): once the transfer
    // is complete and verified, the source goes (the local file of an upload, the server's
    // file of a download); a folder's, once its children are finished and it is empty.
    // Uploads and downloads (files and folders) only; children inherit it.
    bool removeSource = false;
    QString error;     // the last error, for the user (for a row skipped unsent: why)
    int errorKind = 0; // RemoteError::Kind of the last error (non-zero on a row skipped unsent)
    // Folder jobs of a download: what the folder is on the server (MLSD's unique fact, its
    // real path behind links), compared with the folders above to find loops; tokens one a
    // line (folderidentity.h). Empty: its remote path.
    QString identity;
    // Copies between two servers (Copy, CopyFolder): the target's site key and path; the
    // source is `site` and `remotePath`. Empty for every other kind.
    QString targetSite;
    QString targetPath;

    bool isFile() const { return kind == Kind::Download || kind == Kind::Upload || kind == Kind::Copy; }
    bool isFolder() const
    {
        return kind == Kind::DownloadFolder || kind == Kind::UploadFolder || kind == Kind::DeleteFolder ||
               kind == Kind::CopyFolder;
    }
    bool isCopy() const { return kind == Kind::Copy || kind == Kind::CopyFolder; }
    bool isFinished() const
    {
        return state == State::Done || state == State::Failed || state == State::Skipped ||
               state == State::Cancelled;
    }
    // The path a person knows the job by, in messages and progress: the local file for an
    // upload, the remote path for everything else.
    const QString &displayPath() const { return kind == Kind::Upload ? localPath : remotePath; }
    // A job a folder job queues for one of its entries: the parent's site, priority and
    // policies, the entry's paths below the parent's (the remote one joined with '/', the
    // local one with the platform's rules).
    static TransferJob childOf(const TransferJob &parent, Kind kind, const QString &name);
    static QString overwriteName(Overwrite policy);
    static bool parseOverwrite(const QString &text, Overwrite *policy);
    static QString stateName(State state);
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::TransferJob)
