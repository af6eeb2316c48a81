#pragma once

#include "appcontext.h"
#include "entrymime.h"
#include "panecontroller.h"
#include "prompts/secretkeeping.h"
#include "remote/remotesession.h"
#include "remote/secretrequest.h"
#include "remote/sessionconfig.h"
#include "remote/transcript.h"
#include "remoteeditor.h"
#include "transfer/sitekey.h"
#include "transfer/transferqueue.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <QUuid>
#include <memory>
#include <optional>

namespace ferry {

class DragOut;
class FolderComparison;
class LocalFileOps;
class LocalLister;
class Question;
class RemoteFileOps;
class RemoteLister;
class SyncBrowsing;
class Synchroniser;
struct TransferJob;

// Which answer to an SSH login's secret questions is the connection's own secret: a
// password login's password (the default), or the passphrase of a key-file site's key.
// Once the login it was given for succeeds, it is used by the queue's sessions and by
// reconnections instead of asking again, and, for a site manager entry (siteId) whose
// user ticked "Remember in the keychain", written to the keychain.
struct OwnSecret {
    SecretRequest::Kind kind = SecretRequest::Kind::Password;
    QString keyFile; // Passphrase: the site's key file
    QUuid siteId;    // null: not a site manager entry (never kept in the keychain)
};

// One connected site (FileZilla's CState): the browsing connection, the two sides' listers
// and file operations, and what the window does across the two sides (transfer the
// selection to the other side's folder, open a file). Draws nothing: the window shows what
// it says, and a test drives it without widgets.
//
// One browsing connection per site, separate from the transfer queue's: listings and file
// operations never wait behind a transfer. After a drop or an idle timeout the next call
// connects again by itself. Transfers go through the TransferQueue; when one ends, the
// target side's folder is updated from what was moved, without a new listing.
class SiteTab final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteTab)
public:
    using Side = PaneController::Side;
    enum class Activation { Transfer, Open }; // Enter on a file: FileZilla's default, or view it
    enum class Start { Now, Later };          // start the queue, or only add to it
    // A copy, or a move: each source removed once its transfer is complete and verified
    // (TransferJob::removeSource); only when the user asked for one by name (Transfer > Move
    // to Other Side, the Shift drop menu's Move Here).
    enum class Mode { Copy, Move };

    explicit SiteTab(const AppContext &context, QObject *parent = nullptr);
    ~SiteTab() override;

    PaneController *local() const { return m_local; }
    PaneController *remote() const { return m_remote; }
    PaneController *pane(Side side) const { return side == Side::Local ? m_local : m_remote; }
    PaneController *otherPane(Side side) const { return side == Side::Local ? m_remote : m_local; }
    // View > Synchronized Browsing (off when disconnected).
    SyncBrowsing *syncBrowsing() const { return m_sync; }

    // --- The connection ---
    // Connects the remote side (closing any previous connection) and opens `remotePath`.
    // `key` names the server in the queue (a site manager entry); by default its URL.
    // `connectionLimit`: the queue's connections to it at most. False (and *error) when the
    // protocol has no back end here.
    bool connectTo(const SessionConfig &config, const QString &remotePath, QString *error = nullptr,
                   const SiteKey &key = {}, int connectionLimit = 4, const OwnSecret &secret = {});
    void disconnectFromServer();
    void reconnect();
    bool isConnected() const { return m_session != nullptr; }
    RemoteSession *session() const { return m_session.get(); }
    const SessionConfig &config() const { return m_config; }
    // The queue's name for this site ("site:{uuid}" or "ftp://ann@example.com:21/"): no password.
    const SiteKey &siteKey() const { return m_siteKey; }
    // For the secret dialog of a question of this tab's session: empty unless the question
    // asks for the connection's own secret (OwnSecret).
    SecretKeeping secretKeeping(const Question *question);
    // ftp://ann@example.com:2121/docs/a.txt (remote) or file:///home/ann/a.txt (local).
    QString urlOf(Side side, const QString &path) const;

    // --- Across the two sides ---
    void setActivation(Activation activation) { m_activation = activation; }
    Activation activation() const { return m_activation; }
    // Enter or double-click: a folder opens; files are transferred or opened.
    void activate(Side side, const QList<DirEntry> &entries);
    // Queues the entries for the other side's folder (folders with their contents).
    void transfer(Side from, const QList<DirEntry> &entries, Start start, Mode mode = Mode::Copy);
    // A drop or a paste on `target`'s folder `targetFolder`: entries of the other pane
    // (EntryMime) or, on the remote side, local files from a file manager (text/uri-list)
    // are queued for it and the queue starts: a copy, unless `action` is MoveAction, which only
    // the drop menu's Move Here gives for the other pane's entries (a move). Entries of
    // the same pane (a drag within a pane) are moved into `targetFolder` with MoveAction
    // (RNFR/RNTO on the server, a rename here), or copied with CopyAction (local side only).
    // Entries of another site's remote pane (another window) dropped on the remote side are
    // copied server to server (TransferQueue::enqueueCopies). False when the data is nothing
    // to do here.
    bool drop(Side target, const QMimeData *data, const QString &targetFolder,
              Qt::DropAction action = Qt::CopyAction);
    // A drag out of a pane is over. Local entries dropped outside the window may be moved by
    // the file manager (after the drop): they are looked at again now and whenever their
    // folder changes within kWatchAfterDragMs (gone ones leave the pane).
    static constexpr int kWatchAfterDragMs = 10000;
    void dragEnded(Side side);
    // Ctrl+C in a pane: its entries as a drag would carry them (the caller owns it).
    QMimeData *copy(Side side, const QList<DirEntry> &entries) const;
    // Local files open with the desktop's application; remote ones are downloaded to the
    // window's private temporary folder first (through the queue, by the RemoteEditor) and
    // opened when they arrive: read-only to view them, watched and offered for upload when
    // saved to edit them. `command`: the application chosen ("Edit With…"), else the desktop's.
    void openEntries(Side side, const QList<DirEntry> &entries,
                     RemoteEditor::Mode mode = RemoteEditor::Mode::View, const QString &command = {});
    RemoteEditor *editor() const { return m_editor; }
    // View > Directory Comparison of the two panes' folders.
    FolderComparison *comparison() const { return m_comparison; }
    // A server's files dragged onto a file manager (Ark's protocol, over D-Bus).
    DragOut *dragOut() const { return m_dragOut; }
    // The site's time-zone offset (SiteProfile::timeZoneOffsetMinutes: added to the times the
    // server lists, unless UTC), for the comparison and a sync; 0 after connectTo().
    void setTimeOffsetMinutes(int minutes);
    int timeOffsetMinutes() const { return m_timeOffsetMinutes; }
    // Transfer > Synchronise…: a sync of the two panes' folders (the caller discards it), or
    // null (and a problem said) when not connected.
    Synchroniser *synchronise();

Q_SIGNALS:
    void connectionChanged(bool connected);
    void stateChanged(ferry::RemoteSession::State state);
    void securityChanged();
    void questionAsked(ferry::Question *question);
    void transcript(const ferry::TranscriptLine &line);
    // Plain FTP: said once per site, on the remote side's banner.
    void insecure(const QString &message);
    void note(const QString &message);
    void problem(const QString &message);

private:
    void onJobChanged(const TransferJob &job);
    int enqueue(Side from, const QString &sourceFolder, const QList<EntryMime::Entry> &entries,
                const QString &targetFolder, Mode mode = Mode::Copy);
    int enqueueInSlices(const SiteKey &site, const QList<TransferQueue::Transfer> &transfers,
                        const TransferQueue::JobOptions &options, qsizetype from = 0);
    void queued(Side from, int count, Start start, Mode mode = Mode::Copy);
    bool moveOrCopy(Side side, const EntryMime::Payload &payload, const QString &targetFolder,
                    Qt::DropAction action);
    void dropOutside(const EntryMime::Payload &payload, const QString &folder);
    bool copyFrom(const SiteKey &source, const EntryMime::Payload &payload, const QString &targetFolder);
    void onSessionState(RemoteSession::State state);
    void relistSoon(const QString &folder);
    void adoptGivenSecret();
    TransferQueue *queue() const { return m_context.queue; }

    AppContext m_context;
    PaneController *m_local;
    PaneController *m_remote;
    LocalLister *m_localLister;
    LocalLister *m_localTreeLister;
    LocalFileOps *m_localOps;
    std::unique_ptr<RemoteSession> m_session;
    RemoteLister *m_remoteLister = nullptr;
    RemoteLister *m_remoteTreeLister = nullptr;
    RemoteFileOps *m_remoteOps = nullptr;
    SessionConfig m_config;
    SiteKey m_siteKey;
    OwnSecret m_ownSecret;
    int m_connectionLimit = 4; // the queue's connections to this site at most
    struct GivenSecret {
        QString text;
        bool keep = false;
    };
    std::optional<GivenSecret> m_givenSecret; // answered, waiting for the login to succeed
    Activation m_activation = Activation::Transfer;
    RemoteEditor *m_editor;
    FolderComparison *m_comparison;
    SyncBrowsing *m_sync;
    DragOut *m_dragOut;
    EntryMime::Payload m_localDrag; // what the last drag out of the local pane carried
    bool m_dropSeen = false;        // ... and whether this window took its drop
    int m_timeOffsetMinutes = 0;
    QSet<QString> m_warnedPlain; // sites already told they are plain FTP
    // Uploads into the shown folder: it is listed again, quietly, a second after the last
    // one (at most 10 s after the first), so their rows get the server's own facts.
    QTimer *m_relist;
    QElapsedTimer m_relistSince;
    QString m_relistFolder;
};

} // namespace ferry
