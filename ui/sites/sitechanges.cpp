#include "sitechanges.h"

#include "sites/credentialstore.h"
#include "sites/sitestore.h"
#include "sites/sitestorewatcher.h"

#include <QCoreApplication>
#include <algorithm>
#include <memory>

namespace ferry {

namespace {

struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::SiteChanges)
};

const SiteProfile *byId(const QList<SiteProfile> &sites, const QUuid &id)
{
    const auto it =
        std::find_if(sites.cbegin(), sites.cend(), [&](const SiteProfile &s) { return s.id == id; });
    return it == sites.cend() ? nullptr : &*it;
}

} // namespace

bool SiteChanges::saveTo(SiteStoreWatcher *watcher, QString *error) const
{
    SiteStore *store = watcher->store();
    for (const SiteProfile &old : initial) {
        if (!byId(sites, old.id))
            store->remove(old.id);
    }
    for (SiteProfile site : sites) {
        const SiteProfile *before = byId(initial, site.id);
        if (before && *before == site)
            continue;
        const auto holder = store->findByPath(site.path());
        if (holder && holder->id != site.id)
            site.name = store->uniqueName(site.folder, site.name); // another writer took the name
        const bool ok = store->findById(site.id) ? store->update(site, error) : store->add(site, error);
        if (!ok)
            return false;
    }
    for (const QString &folder : initialFolders) {
        if (!folders.contains(folder))
            store->removeFolder(folder);
    }
    for (const QString &folder : folders) {
        if (!initialFolders.contains(folder))
            store->addFolder(folder);
    }
    return watcher->save(error);
}

void SiteChanges::apply(SiteStoreWatcher *store, CredentialStore *credentials, const QObject *context,
                        const std::function<void(bool, const QStringList &)> &done) const
{
    struct Pending {
        int left = 1; // apply()'s own share, released at its end
        QStringList problems;
    };
    auto pending = std::make_shared<Pending>();
    const auto finishOne = [changes = *this, pending, store, done] {
        if (--pending->left > 0)
            return;
        QString error;
        const bool saved = changes.saveTo(store, &error);
        if (!saved)
            pending->problems.prepend(error);
        done(saved, pending->problems);
    };
    const auto callback = [pending, finishOne](CredentialStore::Result result, const QString &text) {
        if (result != CredentialStore::Result::Ok && result != CredentialStore::Result::NotFound)
            pending->problems << Text::tr("The keychain did not take a password: %1").arg(text);
        finishOne();
    };
    if (credentials && useKeychain) {
        for (const SiteProfile &old : initial) {
            const SiteProfile *now = byId(sites, old.id);
            if (old.storesPassword() && (!now || !now->storesPassword())) {
                ++pending->left;
                credentials->removePassword(old.id, context, callback);
            }
        }
        for (auto it = passwords.cbegin(); it != passwords.cend(); ++it) {
            const SiteProfile *site = byId(sites, it.key());
            if (!site || !site->storesPassword())
                continue;
            ++pending->left;
            if (it.value().isEmpty())
                credentials->removePassword(it.key(), context, callback); // cleared by the user
            else
                credentials->writePassword(it.key(), it.value(), context, callback);
        }
    }
    finishOne();
}

} // namespace ferry
