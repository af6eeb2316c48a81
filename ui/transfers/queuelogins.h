#pragma once

#include "appcontext.h"
#include "remote/sessionconfig.h"
#include "sites/siteprofile.h"
#include "transfer/sitekey.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <optional>

namespace ferry {

class Connector;
class SiteTab;

// The logins of the queue's sites the window has not connected to (issue #16 §3: after a
// restart, "passwords come from the keychain, from a URL or site given on the command line
// for that site, else are asked once per site"). When the queue starts (Resume at start,
// Process Queue), each site with unfinished jobs and no login yet gets one: the window's own
// connection's password when it goes to the same server as the same user (what `ferry URL`
// or `--site NAME` connected to), a saved site's from the keychain, else one question for
// the site, whose answer serves all its jobs and all its parallel connections. A question
// still waiting its turn is dropped when the window connects to that server meanwhile.
// Until its login is known, a site's jobs wait in the queue.
class QueueLogins final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QueueLogins)
public:
    QueueLogins(const AppContext &context, SiteTab *tab, Connector *connector, QObject *parent = nullptr);

    void loginPendingSites();

Q_SIGNALS:
    void problem(const QString &text);

private:
    struct Pending {
        std::optional<SiteProfile> site; // a saved site's jobs
        SessionConfig config;            // without its password
        int connectionLimit = 4;
        QPointer<QObject> guard; // the password question's; deleted: not asked any more
    };
    bool describe(const SiteKey &key, Pending *pending);
    void login(const SiteKey &key);
    bool takeFromTab(const SiteKey &key, const Pending &pending); // same server, same user
    void provide(const SiteKey &key, const Pending &pending, const QString &secret);
    void onTabConnected();

    AppContext m_context;
    SiteTab *m_tab;
    Connector *m_connector;
    QHash<SiteKey, Pending> m_pending; // sites whose login is being looked for
};

} // namespace ferry
