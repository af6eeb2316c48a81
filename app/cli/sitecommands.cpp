#include "sitecommands.h"

#include "clicommands.h"
#include "clioptions.h"
#include "clioutput.h"
#include "cliprompts.h"
#include "sites/connectionhistory.h"
#include "sites/credentialstore.h"
#include "sites/filezillaimport.h"
#include "sites/privatefile.h"
#include "sites/siteprofile.h"
#include "sites/sitestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QTextStream>
#include <QTimer>

namespace ferry::cli {

namespace {

// The translation context of the site manager's messages.
class SiteCommands {
    Q_DECLARE_TR_FUNCTIONS(SiteCommands)
};

constexpr int kKeychainTimeoutMs = 30000; // a hung secret service must not hang the CLI

struct KeychainAnswer {
    CredentialStore::Result result = CredentialStore::Result::Failed;
    QString text;
};

// The CLI may block: runs an event loop until the keychain job answers (bounded).
KeychainAnswer
awaitKeychain(const std::function<void(CredentialStore *, const QObject *, CredentialStore::Callback)> &start)
{
    CredentialStore store;
    QEventLoop loop;
    KeychainAnswer answer;
    answer.text = SiteCommands::tr("the keychain did not answer");
    bool done = false;
    start(&store, &loop, [&](CredentialStore::Result result, const QString &text) {
        answer = {result, text};
        done = true;
        loop.quit();
    });
    if (!done) {
        QTimer::singleShot(kKeychainTimeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return answer;
}

// Loads the store; a damaged or newer file is reported on stderr (the store says what
// it did about it) and the command goes on with what could be read.
bool loadStore(SiteStore *store)
{
    QString error;
    if (!store->load(&error))
        note(error);
    return store->status() == SiteStore::Status::Ok || store->status() == SiteStore::Status::Corrupt;
}

int saveStore(SiteStore *store)
{
    QString error;
    if (!store->save(&error))
        return fail(ExitLocal, error);
    return ExitOk;
}

QString connectionString(const SiteProfile &s)
{
    QString result = protocolScheme(s.protocol) + QLatin1String("://");
    if (s.logonType != SiteProfile::LogonType::Anonymous && !s.user.isEmpty())
        result += s.user + QLatin1Char('@');
    result += s.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + s.host + QLatin1Char(']') : s.host;
    return result + QLatin1Char(':') + QString::number(s.port);
}

int cmdList(const SiteStore &store)
{
    QList<SiteProfile> sites = store.sites();
    std::sort(sites.begin(), sites.end(), [](const SiteProfile &a, const SiteProfile &b) {
        return a.path().localeAwareCompare(b.path()) < 0;
    });
    for (const SiteProfile &s : std::as_const(sites))
        out() << s.path() << '\t' << connectionString(s) << '\n';
    out().flush();
    return ExitOk;
}

// Where `sites show` says the password is: the keychain is asked whether it has one.
QString passwordPlace(const SiteProfile &site)
{
    if (site.logonType == SiteProfile::LogonType::Anonymous)
        return SiteCommands::tr("none (anonymous)");
    if (site.storesPassword()) {
        const QUuid id = site.id;
        const KeychainAnswer answer =
            awaitKeychain([&](CredentialStore *keychain, const QObject *context, auto callback) {
                keychain->readPassword(id, context, callback);
            });
        if (answer.result == CredentialStore::Result::Ok)
            return SiteCommands::tr("in the system keychain (never shown)");
    }
    return SiteCommands::tr("not stored; asked at connect time");
}

int cmdShow(const SiteStore &store, const QString &name)
{
    QString error;
    const auto site = store.find(name, &error);
    if (!site)
        return fail(ExitUsage, error);
    const SiteProfile &s = *site;
    auto line = [](const char *key, const QString &value) { out() << key << ": " << value << '\n'; };
    line("name", s.name);
    line("folder", s.folder);
    line("id", s.id.toString(QUuid::WithoutBraces));
    line("host", s.host);
    line("port", QString::number(s.port));
    line("protocol", protocolScheme(s.protocol));
    if (s.protocol == SiteProfile::Protocol::Ftp)
        line("tls", tlsPolicyName(s.tlsPolicy));
    line("logon", SiteProfile::logonTypeName(s.logonType));
    line("user", s.user);
    if (s.logonType == SiteProfile::LogonType::Account)
        line("account", s.account);
    if (s.protocol == SiteProfile::Protocol::Sftp) {
        line("key-file", s.keyFile);
        line("agent", s.useAgent ? QStringLiteral("yes") : QStringLiteral("no"));
    }
    // Never the password itself: only where it lives.
    if (s.logonType == SiteProfile::LogonType::KeyFile)
        line("passphrase", passwordPlace(s));
    else
        line("password", passwordPlace(s));
    line("transfer-mode", SiteProfile::transferModeName(s.transferMode));
    line("charset", s.charset);
    line("connections", QString::number(s.connectionLimit));
    line("server-type", s.serverType);
    line("timezone-offset", QString::number(s.timeZoneOffsetMinutes));
    line("local-folder", s.localFolder);
    line("remote-folder", s.remoteFolder);
    line("comments", s.comments);
    for (const SiteBookmark &b : s.bookmarks)
        line("bookmark",
             b.name + QLatin1String(": ") + b.localFolder + QLatin1String(" <-> ") + b.remoteFolder);
    out().flush();
    return ExitOk;
}

// Stores the passwords; says once when there is no keychain. False when none was stored.
bool storePasswords(const QHash<QUuid, QString> &passwords)
{
    for (auto it = passwords.cbegin(); it != passwords.cend(); ++it) {
        const QUuid id = it.key();
        const QString password = it.value();
        const KeychainAnswer answer =
            awaitKeychain([&](CredentialStore *store, const QObject *context, auto callback) {
                store->writePassword(id, password, context, callback);
            });
        if (answer.result == CredentialStore::Result::Unavailable) {
            note(answer.text);
            return false;
        }
        if (answer.result != CredentialStore::Result::Ok) {
            note(SiteCommands::tr("Cannot store the password in the keychain: %1").arg(answer.text));
            return false;
        }
    }
    return true;
}

int cmdAdd(SiteStore &store, const QCommandLineParser &parser)
{
    SiteProfile s;
    s.name = parser.value(QStringLiteral("name")).trimmed();
    s.host = parser.value(QStringLiteral("host")).trimmed();
    s.folder = SiteProfile::normalizeFolder(parser.value(QStringLiteral("folder")));
    if (parser.isSet(QStringLiteral("protocol"))) {
        const auto protocol = parseProtocolScheme(parser.value(QStringLiteral("protocol")));
        if (!protocol)
            return fail(ExitUsage, SiteCommands::tr("--protocol takes ftp, ftpes, ftps or sftp."));
        s.protocol = *protocol;
    }
    s.port = defaultPort(s.protocol);
    if (parser.isSet(QStringLiteral("port"))) {
        bool ok = false;
        const int port = parser.value(QStringLiteral("port")).toInt(&ok);
        if (!ok || port < 1 || port > 65535)
            return fail(ExitUsage, SiteCommands::tr("--port takes a number from 1 to 65535."));
        s.port = quint16(port);
    }
    if (parser.isSet(QStringLiteral("tls"))) {
        const auto policy = parseTlsPolicy(parser.value(QStringLiteral("tls")));
        if (!policy)
            return fail(ExitUsage, CliOptions::badTlsPolicy());
        if (s.protocol != SiteProfile::Protocol::Ftp)
            return fail(
                ExitUsage,
                SiteCommands::tr("--tls applies to --protocol ftp (ftpes and ftps always require TLS)."));
        s.tlsPolicy = *policy;
    } else if (s.protocol == SiteProfile::Protocol::Ftp) {
        // What an ftp:// URL means: TLS when the server offers it, else plain with a warning.
        s.tlsPolicy = TlsPolicy::IfAvailable;
    }
    s.user = parser.value(QStringLiteral("user"));
    s.logonType = s.user.isEmpty() ? SiteProfile::LogonType::Anonymous : SiteProfile::LogonType::Normal;
    if (parser.isSet(QStringLiteral("ask-password")))
        s.logonType = SiteProfile::LogonType::AskPassword;
    if (parser.isSet(QStringLiteral("account"))) {
        s.account = parser.value(QStringLiteral("account"));
        s.logonType = SiteProfile::LogonType::Account;
    }
    if (parser.isSet(QStringLiteral("key-file"))) {
        // SFTP: the key logs in (after the agent); no password is kept.
        s.keyFile = QFileInfo(parser.value(QStringLiteral("key-file"))).absoluteFilePath();
        s.logonType = SiteProfile::LogonType::KeyFile;
    }
    s.useAgent = !parser.isSet(QStringLiteral("no-agent"));
    s.remoteFolder = parser.value(QStringLiteral("remote-folder"));
    s.comments = parser.value(QStringLiteral("comments"));
    if (parser.isSet(QStringLiteral("transfer-mode"))) {
        const auto mode = SiteProfile::parseTransferMode(parser.value(QStringLiteral("transfer-mode")));
        if (!mode)
            return fail(ExitUsage, SiteCommands::tr("--transfer-mode takes default, passive or active."));
        s.transferMode = *mode;
    }
    if (parser.isSet(QStringLiteral("charset")))
        s.charset = parser.value(QStringLiteral("charset"));

    QString password;
    const bool havePassword = parser.isSet(QStringLiteral("password-stdin"));
    if (havePassword) {
        if (!s.storesPassword())
            return fail(ExitUsage, SiteCommands::tr(
                                       "--password-stdin needs --user (anonymous sites have no password)."));
        const std::optional<QString> line = readStdinLine();
        if (!line)
            return fail(ExitUsage, CliOptions::noStdinPassword());
        password = *line;
    }
    if (store.isReadOnly())
        return fail(ExitLocal, SiteCommands::tr("Not saving sites: %1").arg(store.lastError()));
    QString error;
    if (!store.add(s, &error))
        return fail(ExitUsage, error);
    // The keychain first: a site saved without its password would fail at login later.
    if (havePassword && !password.isEmpty() && !storePasswords({{s.id, password}}))
        note(SiteCommands::tr("The site is saved without a password; it will be asked for when connecting."));
    if (int rc = saveStore(&store))
        return rc;
    out() << SiteCommands::tr("Added %1").arg(s.path()) << Qt::endl;
    return ExitOk;
}

int cmdRemove(SiteStore &store, const QString &name)
{
    QString error;
    const auto site = store.find(name, &error);
    if (!site)
        return fail(ExitUsage, error);
    store.remove(site->id);
    if (int rc = saveStore(&store))
        return rc;
    if (site->storesPassword()) {
        const QUuid id = site->id;
        const KeychainAnswer answer =
            awaitKeychain([&](CredentialStore *keychain, const QObject *context, auto callback) {
                keychain->removePassword(id, context, callback);
            });
        if (answer.result == CredentialStore::Result::Failed)
            note(
                SiteCommands::tr("The password could not be removed from the keychain: %1").arg(answer.text));
    }
    ConnectionHistory history(ConnectionHistory::defaultPath());
    history.load();
    history.forgetSite(site->id);
    history.save();
    out() << SiteCommands::tr("Removed %1").arg(site->path()) << Qt::endl;
    return ExitOk;
}

QByteArray readInput(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = SiteCommands::tr("Cannot read %1: %2").arg(path, file.errorString());
        return {};
    }
    return file.read(64 * 1024 * 1024);
}

// Adds imported sites, renaming on a "Folder/Name" clash; a site whose id is already
// there (re-importing an export) replaces it.
int addImported(SiteStore &store, QList<SiteProfile> sites, QHash<QUuid, QString> passwords)
{
    if (store.isReadOnly())
        return fail(ExitLocal, SiteCommands::tr("Not saving sites: %1").arg(store.lastError()));
    int added = 0;
    for (SiteProfile &s : sites) {
        QString error;
        if (store.findById(s.id)) {
            // The same site again: keep its name unless another site took it.
            if (!store.update(s, &error)) {
                s.name = store.uniqueName(s.folder, s.name);
                store.update(s, &error);
            }
        } else {
            s.name = store.uniqueName(s.folder, s.name);
            if (!store.add(s, &error)) {
                note(error);
                passwords.remove(s.id);
                continue;
            }
        }
        ++added;
    }
    if (int rc = saveStore(&store))
        return rc;
    if (!passwords.isEmpty() && !storePasswords(passwords))
        note(SiteCommands::tr("Passwords were not imported; they will be asked for when connecting."));
    out() << SiteCommands::tr("Imported %n site(s).", nullptr, added) << Qt::endl;
    return ExitOk;
}

// Asks at the terminal (echo off) when there is one; nullopt otherwise, so that scripts
// never hang on a prompt.
std::optional<QString> promptPassword(const SiteProfile &site)
{
    return Prompts::password(
        SiteCommands::tr("Password for %1@%2 (%3): ").arg(site.user, site.host, site.path()));
}

} // namespace

int runSites(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    addOptions(&parser, SitesAddOptions | GeneralOptions);
    if (!parser.parse(arguments))
        return fail(ExitUsage, parser.errorText() + QLatin1String(" (see --help)"));
    if (parser.isSet(QStringLiteral("help"))) {
        out() << commandHelp(QStringLiteral("sites")) << Qt::flush;
        return ExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        out() << "ferry-cli " << QStringLiteral(FERRY_VERSION_STRING) << Qt::endl;
        return ExitOk;
    }
    const QStringList args = parser.positionalArguments().mid(1); // after "sites"
    const QString command = args.value(0);
    auto expect = [&](qsizetype count, const char *usage) {
        if (args.size() != count) {
            fail(ExitUsage, SiteCommands::tr("usage: ferry-cli sites %1").arg(QLatin1String(usage)));
            return false;
        }
        return true;
    };

    SiteStore store(SiteStore::defaultPath());
    if (!loadStore(&store) && command != QLatin1String("list") && command != QLatin1String("show") &&
        command != QLatin1String("export"))
        return ExitLocal; // a newer or unreadable file: read-only commands only

    if (command == QLatin1String("list")) {
        if (!expect(1, "list"))
            return ExitUsage;
        return cmdList(store);
    }
    if (command == QLatin1String("show")) {
        if (!expect(2, "show NAME"))
            return ExitUsage;
        return cmdShow(store, args.at(1));
    }
    if (command == QLatin1String("add")) {
        if (!expect(1, "add --name NAME --host HOST [--port N] [--protocol ftp|ftpes|ftps] [--user USER] "
                       "[--password-stdin] [--folder PATH]"))
            return ExitUsage;
        return cmdAdd(store, parser);
    }
    if (command == QLatin1String("remove")) {
        if (!expect(2, "remove NAME"))
            return ExitUsage;
        return cmdRemove(store, args.at(1));
    }
    if (command == QLatin1String("export")) {
        if (!expect(2, "export FILE"))
            return ExitUsage;
        QString problem;
        if (!savePrivateFile(args.at(1), SiteStore::toDocument(store.sites(), store.folders()), &problem))
            return fail(ExitLocal, SiteCommands::tr("Cannot write %1: %2").arg(args.at(1), problem));
        out() << SiteCommands::tr("Exported %n site(s) (without passwords).", nullptr,
                                  int(store.sites().size()))
              << Qt::endl;
        return ExitOk;
    }
    if (command == QLatin1String("import") || command == QLatin1String("import-filezilla")) {
        if (!expect(2, command == QLatin1String("import") ? "import FILE" : "import-filezilla FILE"))
            return ExitUsage;
        QString error;
        const QByteArray data = readInput(args.at(1), &error);
        if (!error.isEmpty())
            return fail(ExitLocal, error);
        if (command == QLatin1String("import")) {
            const auto sites = SiteStore::parseDocument(data, &error);
            if (!sites)
                return fail(ExitFailure, SiteCommands::tr("%1: %2").arg(args.at(1), error));
            return addImported(store, *sites, {});
        }
        const auto imported = FileZillaImport::parse(data, &error);
        if (!imported)
            return fail(ExitFailure, SiteCommands::tr("%1: %2").arg(args.at(1), error));
        for (const QString &warning : imported->warnings)
            note(warning);
        return addImported(store, imported->sites, imported->passwords);
    }
    return fail(
        ExitUsage,
        SiteCommands::tr("usage: ferry-cli sites list|show NAME|add ...|remove NAME|import-filezilla FILE|"
                         "export FILE|import FILE"));
}

std::optional<SiteTarget> resolveSite(const QString &nameOrPath, bool passwordFromStdin, QString *error,
                                      int *exitCode)
{
    SiteStore store(SiteStore::defaultPath());
    loadStore(&store);
    const auto site = store.find(nameOrPath, error);
    if (!site) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    const auto config = site->toSessionConfig(QString(), error);
    if (!config) {
        *exitCode = ExitUsage;
        return std::nullopt;
    }
    error->clear();
    SiteTarget target;
    target.id = site->id;
    target.config = *config;
    target.timeZoneOffsetMinutes = site->timeZoneOffsetMinutes;
    // Relative paths start at the site's remote folder, else at the root (FTP servers put
    // the user in their own folder already) or SFTP's home folder.
    const bool sftp = site->protocol == SiteProfile::Protocol::Sftp;
    target.remoteFolder = site->remoteFolder.startsWith(QLatin1Char('/')) ? site->remoteFolder
                          : sftp                                          ? QStringLiteral("~")
                                                                          : QStringLiteral("/");
    target.url.host = site->host;
    target.url.port = site->port;
    target.url.user = config->user;
    switch (site->protocol) {
    case SiteProfile::Protocol::FtpsExplicit:
        target.url.protocol = Protocol::FtpsExplicit;
        break;
    case SiteProfile::Protocol::FtpsImplicit:
        target.url.protocol = Protocol::FtpsImplicit;
        break;
    case SiteProfile::Protocol::Sftp:
        target.url.protocol = Protocol::Sftp;
        break;
    default:
        target.url.protocol = Protocol::Ftp;
        target.tlsPolicy = site->tlsPolicy;
        break;
    }

    if (site->logonType == SiteProfile::LogonType::KeyFile) {
        // The key's passphrase, when the keychain keeps one; else asked for when needed.
        const QUuid id = site->id;
        const KeychainAnswer answer =
            awaitKeychain([&](CredentialStore *keychain, const QObject *context, auto callback) {
                keychain->readPassword(id, context, callback);
            });
        if (answer.result == CredentialStore::Result::Ok)
            target.config.ssh.keyPassphrase = answer.text.toUtf8();
    } else if (site->storesPassword() && !passwordFromStdin) {
        if (qEnvironmentVariableIsSet("FERRY_PASSWORD")) {
            target.url.password = qEnvironmentVariable("FERRY_PASSWORD");
        } else {
            const QUuid id = site->id;
            const KeychainAnswer answer =
                awaitKeychain([&](CredentialStore *keychain, const QObject *context, auto callback) {
                    keychain->readPassword(id, context, callback);
                });
            if (answer.result == CredentialStore::Result::Ok) {
                target.url.password = answer.text;
            } else if (const auto typed = sftp ? std::optional<QString>() : promptPassword(*site)) {
                target.url.password = *typed;
            } else if (answer.result == CredentialStore::Result::NotFound) {
                *error =
                    SiteCommands::tr("No password stored for %1: use --password-stdin or FERRY_PASSWORD. "
                                     "Nothing was sent.")
                        .arg(site->path());
            } else {
                *error = SiteCommands::tr("No password from the keychain (%1): use --password-stdin or "
                                          "FERRY_PASSWORD. Nothing was sent.")
                             .arg(answer.text);
            }
        }
        target.url.hasPassword = true;
    } else if (site->logonType == SiteProfile::LogonType::AskPassword && !passwordFromStdin) {
        if (qEnvironmentVariableIsSet("FERRY_PASSWORD"))
            target.url.password = qEnvironmentVariable("FERRY_PASSWORD");
        else
            target.url.password = promptPassword(*site).value_or(QString());
        target.url.hasPassword = true;
    }
    // SFTP: no stored password is no reason to stop; the agent and key files come first, and
    // the session asks for a password only when they fail.
    if (sftp && target.url.hasPassword && target.url.password.isEmpty()) {
        target.url.hasPassword = false;
        error->clear();
    }
    // A named user never logs in with an empty password.
    if (target.url.hasPassword && target.url.password.isEmpty()) {
        if (error->isEmpty())
            *error = SiteCommands::tr(
                         "No password for %1: use --password-stdin or FERRY_PASSWORD. Nothing was sent.")
                         .arg(site->path());
        *exitCode = ExitAuth;
        return std::nullopt;
    }

    // Recent sites: by id and path, never a password.
    ConnectionHistory history(ConnectionHistory::defaultPath());
    history.load();
    history.addRecentSite(site->id, site->path());
    history.save();
    return target;
}

bool siteUrl(const SiteTarget &site, const QString &path, FtpUrl *url, QString *error)
{
    if (path.contains(QLatin1String("://"))) {
        *error = SiteCommands::tr("With --site, give a remote path, not a URL: %1").arg(path);
        return false;
    }
    *url = site.url;
    if (path.startsWith(QLatin1Char('/'))) {
        url->path = path;
    } else {
        QString base = site.remoteFolder;
        if (!base.endsWith(QLatin1Char('/')))
            base += QLatin1Char('/');
        url->path = path == QLatin1String(".") || path.isEmpty() ? base : base + path;
    }
    if (url->path.contains(QLatin1Char('\r')) || url->path.contains(QLatin1Char('\n')) ||
        url->path.contains(QChar(0))) {
        *error = SiteCommands::tr("A path cannot contain line breaks or NUL.");
        return false;
    }
    return true;
}

} // namespace ferry::cli
