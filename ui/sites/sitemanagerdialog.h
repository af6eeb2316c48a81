#pragma once

#include "sites/siteprofile.h"

#include <QDialog>
#include <QHash>
#include <QSet>
#include <functional>

class QDialogButtonBox;
class QLineEdit;
class QMessageBox;
class QPushButton;
class QSortFilterProxyModel;
class QToolButton;
class QTreeView;

namespace ferry {

class CredentialStore;
class MessageBanner;
class SiteEditor;
class SiteStoreWatcher;
class SiteTreeModel;

// The site manager (FileZilla's, calmer): the tree of folders and sites on the left with a
// search field, the selected site's settings on the right (SiteEditor). Every edit is made
// on a copy: Cancel discards them all; OK and Connect write typed passwords to the keychain
// (and remove those no longer kept), then apply the changes to the store by site id and
// save it (merging with what other writers saved meanwhile). A stored password is never
// read unless the user presses "Show".
class SiteManagerDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SiteManagerDialog)
public:
    SiteManagerDialog(SiteStoreWatcher *store, CredentialStore *credentials, QWidget *parent = nullptr);
    ~SiteManagerDialog() override;

    void selectSite(const QUuid &id);
    QUuid currentSite() const;
    QString currentFolder() const; // the folder selected, or the selected site's
    const QList<SiteProfile> &workingSites() const { return m_sites; }

    // What New Site starts from (Edit > Settings: the protocol and TLS of a new site).
    void setNewSitePrototype(const SiteProfile &site) { m_prototype = site; }
    void newSite();
    void newFolder(const QString &name);
    void renameFolder(const QString &path, const QString &newName);
    void duplicateCurrent();
    void deleteCurrent(); // asks first (pendingQuestion())
    void moveInto(const QList<QUuid> &sites, const QStringList &folders, const QString &into);
    // Adds the sites of a FileZilla sitemanager.xml (passwords to the keychain on save) or of
    // Ferry's own export (a site with the same id is replaced); shows what came and what not.
    void importFileZilla(const QString &path);
    void importFerry(const QString &path);
    bool exportTo(const QString &path, QString *error);
    // OK's work without closing: passwords, then the store. `done(ok)` runs after.
    void apply(const std::function<void(bool ok)> &done);

    QTreeView *tree() const { return m_tree; }
    SiteTreeModel *treeModel() const { return m_model; }
    QLineEdit *searchEdit() const { return m_search; }
    SiteEditor *editor() const { return m_editor; }
    MessageBanner *banner() const { return m_banner; }
    QPushButton *okButton() const { return m_ok; }
    QPushButton *connectButton() const { return m_connect; }
    QMessageBox *pendingQuestion() const { return m_question; } // the delete confirmation, the report
    bool hasKeychain() const { return m_keychain; }

Q_SIGNALS:
    void connectRequested(const QUuid &site); // after it was saved
    void saved();

private:
    QWidget *makeTreeSide();
    void rebuild(const QUuid &select = {}, const QString &selectFolder = {});
    void onCurrentChanged();
    void onEdited(const SiteProfile &site);
    void onShowPassword(bool show);
    void noKeychain(const QString &reason);
    void updateButtons();
    void markSites();
    void finish(bool connect);
    void askDelete(const QString &text, const std::function<void()> &yes);
    void report(const QString &title, const QString &text, const QString &details = {});
    void addImported(QList<SiteProfile> sites, const QHash<QUuid, QString> &passwords, QStringList *added);
    qsizetype indexOf(const QUuid &id) const;

    SiteStoreWatcher *m_store;
    CredentialStore *m_credentials;
    QList<SiteProfile> m_initial; // as the dialog opened: what OK changes is the difference
    QList<SiteProfile> m_sites;
    QStringList m_initialFolders; // the store's kept folders as the dialog opened
    QStringList m_folders;        // made in the dialog or kept by the store, even when empty
    SiteProfile m_prototype;
    QHash<QUuid, QString> m_passwords; // typed or imported, written on save only
    bool m_keychain = true;
    bool m_busy = false;
    SiteTreeModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTreeView *m_tree = nullptr;
    QLineEdit *m_search = nullptr;
    SiteEditor *m_editor;
    MessageBanner *m_banner;
    QPushButton *m_newSite = nullptr;
    QPushButton *m_newFolder = nullptr;
    QPushButton *m_rename = nullptr;
    QPushButton *m_duplicate = nullptr;
    QPushButton *m_delete = nullptr;
    QToolButton *m_import = nullptr;
    QPushButton *m_ok = nullptr;
    QPushButton *m_connect = nullptr;
    QMessageBox *m_question = nullptr;
};

} // namespace ferry
