#pragma once

#include "appcontext.h"
#include "browser/sitetab.h"
#include "transfer/sitekey.h"

#include <QObject>

namespace ferry {

class PromptBroker;
struct FtpUrl;
struct SessionConfig;
struct SiteProfile;

// From what the user names (an address in the quick-connect bar or on the command line, a
// site of the site manager) to a connected SiteTab: the login comes from the address, the
// keychain, or a password prompt (with "remember in the keychain" for sites); a key file
// site's passphrase from the keychain, else from the login's own question (SiteTab's
// OwnSecret); the address goes to the recent connections without its password.
//
// The window has one SiteTab: connecting to another server replaces its connection. When
// the current server's transfers run or wait in the queue, the user is asked first
// (Replace / Cancel, through the PromptBroker); the queue keeps its own connections, so the
// transfers go on either way: only the browsing connection and the remote pane change.
class Connector final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connector)
public:
    Connector(const AppContext &context, SiteTab *tab, PromptBroker *prompts, QObject *parent = nullptr);

    // "ftp://ann@example.com:2121/docs/" with the password typed beside it (or none).
    void connectAddress(const QString &address, const QString &password);
    // A site by "Folder/Name" or a unique name.
    void connectSite(const QString &nameOrPath);

    static constexpr const char *kReplaceQuestion = "replaceQuestion"; // objectName, for tests

Q_SIGNALS:
    void failed(const QString &message);
    // A site names a local folder to start in.
    void localFolderRequested(const QString &path);

private:
    void connectUrl(const FtpUrl &url, const QString &password);
    void openSite(const SiteProfile &site); // the login, then connectProfile
    // Runs `go` at once, or after "Replace" when the tab is connected to another server
    // than `next` and transfers of its server run or wait.
    void whenReplaced(const SiteKey &next, const QString &nextName, const std::function<void()> &go);
    void start(SessionConfig config, const QString &remotePath, const SiteKey &key = {},
               int connectionLimit = 4, const OwnSecret &secret = {});
    void connectProfile(const SiteProfile &site, const QString &password);
    void askPassword(const QString &user, const QString &host, const QString &rememberHint,
                     const std::function<void(const QString &password, bool remember)> &then);

    AppContext m_context;
    SiteTab *m_tab;
    PromptBroker *m_prompts;
};

} // namespace ferry
