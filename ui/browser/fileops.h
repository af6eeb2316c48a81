#pragma once

#include "listing/direntry.h"
#include "permissions.h"
#include "remote/directorylister.h"

#include <QObject>
#include <QPointer>

namespace ferry {

// File operations on one side of the window, local or remote (the pane's controller calls
// them; each side has its own implementation). Each runs without blocking the window and,
// when it succeeds, tells the side's lister what changed (applyAdded/Removed/Renamed), so
// the folder shows it at once and its cached copy agrees, without a new listing. Each
// failure is reported once, with the reason, by failed(); done() notes a success for the
// log. Folders are removed and chmod-ed with what they contain.
class FileOps : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FileOps)
public:
    ~FileOps() override;

    void setLister(DirectoryLister *lister) { m_lister = lister; }
    DirectoryLister *lister() const { return m_lister; }

    virtual void makeFolder(const QString &folder, const QString &name) = 0;
    virtual void makeFile(const QString &folder, const QString &name) = 0; // empty
    virtual void rename(const QString &folder, const QString &from, const QString &to) = 0;
    // A drag within a pane: moves the entries of `fromFolder` into `toFolder` under their
    // names (the server's RNFR/RNTO, a local rename); one that exists there already is not
    // replaced but reported.
    virtual void move(const QString &fromFolder, const QList<DirEntry> &entries, const QString &toFolder) = 0;
    // `permanently`: the local side skips the trash (the remote side has none).
    virtual void remove(const QString &folder, const QList<DirEntry> &entries, bool permanently) = 0;
    virtual void changePermissions(const QString &folder, const QList<DirEntry> &entries,
                                   const PermissionChange &change) = 0;
    // Whether changePermissions() can work here (a server without chmod cannot).
    virtual bool canChangePermissions() const = 0;

Q_SIGNALS:
    void failed(const QString &message);
    void done(const QString &message);
    // Every operation started has ended (for the busy indicator and tests).
    void idle();

protected:
    explicit FileOps(QObject *parent = nullptr);
    // Counting operations in flight: begin() when one starts, end() when it is over.
    void begin() { ++m_running; }
    void end();

    QPointer<DirectoryLister> m_lister;

private:
    int m_running = 0;
};

} // namespace ferry
