#pragma once

#include "sites/siteprofile.h"

#include <QHash>
#include <QStringList>
#include <functional>

class QObject;

namespace ferry {

class CredentialStore;
class SiteStoreWatcher;

// What the site manager changed, and writing it out. The keychain first: typed passwords
// written, those of sites deleted or no longer keeping one (anonymous, "ask") removed. Then
// the store, whatever the keychain said (a site without its password is asked for it at
// connect time): only the difference between `initial` and `sites`, by id (and between the
// kept folders, by path), so that what other writers saved meanwhile stays; then a save
// that merges with the file.
struct SiteChanges {
    QList<SiteProfile> initial;      // as the dialog opened
    QList<SiteProfile> sites;        // as it is now
    QHash<QUuid, QString> passwords; // typed or imported; "" removes the stored one
    bool useKeychain = true;
    QStringList initialFolders; // the kept folders as the dialog opened (SiteStore::folders())
    QStringList folders;        // as they are now: the difference is applied by path

    // `done(saved, problems)` runs once, later (after the keychain's answers) or at once
    // (nothing for the keychain). `context` bounds the keychain callbacks' lifetime.
    void apply(SiteStoreWatcher *store, CredentialStore *credentials, const QObject *context,
               const std::function<void(bool saved, const QStringList &problems)> &done) const;
    // The store part alone (synchronous). False with *error.
    bool saveTo(SiteStoreWatcher *store, QString *error) const;
};

} // namespace ferry
