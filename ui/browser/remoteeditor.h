#pragma once

#include "transfer/sitekey.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <functional>
#include <memory>

class QFileSystemWatcher;
class QSettings;
class QTemporaryDir;
class QTimer;

namespace ferry {

class RemoteCall;
class RemoteSession;
class TransferQueue;
struct DirEntry;
struct TransferJob;

// View and Edit of a server's files (FileZilla's "View/Edit"): the file is downloaded
// through the transfer queue into this window's private temporary folder (0700, one
// sub-folder per file so that its name stays), then handed to the desktop's application.
// A viewed copy is read-only and never goes back. An edited copy is watched: when it is
// saved, the change is offered for upload (or uploaded at once when "always upload" is on),
// and before any upload the server's file is asked for its size and time: if they differ
// from what was downloaded (or last uploaded), the upload waits for the user's word.
// Uploads go through the queue too, replacing this one file. No widgets: the window's
// RemoteEditBanner shows what it says and answers for the user.
//
// Editors that save by writing a new file and renaming it over the old one make the
// watcher forget the path: the file's folder is watched as well, the path added again, and
// a burst of events is gathered for 300 ms before the file is looked at.
class RemoteEditor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteEditor)
public:
    enum class Mode { View, Edit };
    enum class State {
        Downloading, // asking the server, then in the queue
        Open,        // with the application; the server has what the copy has
        Changed,     // saved, not uploaded: waits for the user
        Checking,    // asking the server whether its file changed
        Conflict,    // the server's file changed since: waits for the user
        Uploading,   // in the queue
        Failed       // the download failed (the copy is not usable)
    };
    Q_ENUM(State)

    struct File {
        int id = 0;
        Mode mode = Mode::Edit;
        State state = State::Downloading;
        SiteKey site;
        QString remotePath;
        QString localPath;
        qint64 remoteSize = -1;  // the server's file as downloaded or last uploaded
        qint64 remoteTime = -1;  // its time as stat() tells it (ms), -1: unknown
        qint64 savedSize = -1;   // the local copy as the server has it
        qint64 savedTime = -1;   // its modification time (ms)
        qint64 job = 0;          // the queue job in flight
        QString reason;          // Conflict / Failed: in words
        bool checkAgain = false; // saved again while uploading
        QString command;         // the application chosen for it; empty: the desktop's
        QString name() const;
    };

    // `baseFolder`: where the private temporary folder is made (the app's cache);
    // `opener`: hands a local file to the desktop (a test records it instead).
    RemoteEditor(TransferQueue *queue, QSettings *settings, const QString &baseFolder,
                 std::function<void(const QString &)> opener, QObject *parent = nullptr);
    ~RemoteEditor() override;

    // The browsing connection of the connected site (stat before download and upload);
    // files of another site wait until it is connected again.
    void setSession(const SiteKey &site, RemoteSession *session);

    // Downloads `remotePath` of `site` and opens it, with `command` when one is given (a
    // program and its arguments; the file's path is added at the end), else with the
    // desktop's application. A file already open in this mode is opened again as it is.
    // Returns the file's id (0 when it cannot be done).
    int open(const SiteKey &site, const QString &remotePath, Mode mode, const QString &command = {});
    // Starts `command` on a local file (false, and problem(), when it cannot be started).
    bool launch(const QString &command, const QString &path);
    // How a command is started (a test records it instead): program, arguments.
    void setLauncher(std::function<bool(const QString &, const QStringList &)> launcher);
    // The last command chosen in "Edit With…" (window.conf).
    QString lastCommand() const;
    // The user's answers.
    void upload(int id);       // checks the server first
    void uploadAnyway(int id); // after a conflict
    void ignore(int id);       // keeps the saved copy, uploads nothing (asked again next save)
    void uploadAllChanged();   // every changed file (closing the window)
    bool uploadsAutomatically() const;
    void setUploadsAutomatically(bool on);

    const File *file(int id) const;
    QList<int> ids() const;
    // Files whose changes are not on the server yet (changed, checking, conflict, uploading).
    QList<int> unsent() const;
    bool isUploading() const;
    bool owns(qint64 job) const;
    // The private temporary folder (empty before the first file).
    QString folder() const;
    // Stops watching and removes every temporary copy (the window closes).
    void closeAll();

Q_SIGNALS:
    void fileChanged(int id); // any state change
    void note(const QString &message);
    void problem(const QString &message);

private:
    File *find(int id);
    void setState(File &file, State state, const QString &reason = {});
    void onJobChanged(const TransferJob &job);
    void downloaded(File &file);
    void uploaded(File &file);
    void look(int id); // after the debounce: did the copy change?
    void watch(const File &file);
    // stat() on the site's connection; `then` gets the call (finished) or nullptr when the
    // site is not connected.
    void statRemote(const File &file, const std::function<void(RemoteCall *)> &then);
    void startUpload(File &file);
    // The server's entry now, in words, when it differs from what the copy was made from.
    static QString changedOnServer(const File &file, const DirEntry &now);
    QString makeFolder();

    QPointer<TransferQueue> m_queue;
    QSettings *m_settings;
    QString m_base;
    std::function<void(const QString &)> m_opener;
    std::function<bool(const QString &, const QStringList &)> m_launcher;
    SiteKey m_site;
    QPointer<RemoteSession> m_session;
    std::unique_ptr<QTemporaryDir> m_dir;
    QFileSystemWatcher *m_watcher;
    QTimer *m_debounce;
    QSet<int> m_dirty;
    QHash<int, File> m_files;
    QHash<qint64, int> m_jobs; // queue job -> file id (finished ones too: owns())
    int m_nextId = 1;
};

} // namespace ferry
