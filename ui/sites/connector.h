#pragma once

#include "appcontext.h"
#include "browser/sitetab.h"
#include "transfer/sitekey.h"

#include <QObject>
#include <functional>
#include <optional>

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

    // What a login needs, shared with the queue's logins (QueueLogins). `given` runs once,
    // unless the user cancels (`refused` runs) or `guard` is gone first.
    using Given = std::function<void(const QString &password)>;
    using Refused = std::function<void()>;
    // A saved site's password: none for an anonymous site, the keychain's, else asked once
    // (with "Remember in the keychain" where there is one). An SFTP site whose password is
    // not in the keychain gets none: its login tries the agent and the key files first and
    // asks itself (a SecretRequest) only when they fail.
    void passwordFor(const SiteProfile &site, QObject *guard, const Given &given, const Refused &refused);
    // An address's password, asked (only sites keep passwords).
    void askAddressPassword(const SessionConfig &config, QObject *guard, const Given &given,
                            const Refused &refused);
    // Whether an address's login asks for a password before connecting: a user without one,
    // except over SFTP (the agent and the key files first).
    static bool asksPassword(const SessionConfig &config);
    // The settings of a site's or an address's sessions, with Edit > Settings applied.
    std::optional<SessionConfig> configFor(const SiteProfile &site, const QString &password,
                                           QString *error) const;
    SessionConfig configFor(const FtpUrl &url, const QString &password) const;

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
    void askPassword(const QString &user, const QString &host, const QString &rememberHint, QObject *guard,
                     const std::function<void(const QString &password, bool remember)> &then,
                     const Refused &refused);
    Refused failedFor(const QString &host); // "Not connected to host: no password was given."

    AppContext m_context;
    SiteTab *m_tab;
    PromptBroker *m_prompts;
};

} // namespace ferry
