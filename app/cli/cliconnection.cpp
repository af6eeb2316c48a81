#include "cliconnection.h"

#include "clicommands.h"
#include "clioutput.h"
#include "cliprompts.h"
#include "remote/certificaterequest.h"
#include "remote/trustdecisions.h"

namespace ferry::cli {

int exitCodeFor(const RemoteError &error)
{
    switch (error.kind()) {
    case RemoteError::Kind::None:
        return ExitOk;
    case RemoteError::Kind::Tls:
        return ExitTls;
    case RemoteError::Kind::Network:
    case RemoteError::Kind::Timeout:
    case RemoteError::Kind::Protocol:
        return ExitNetwork;
    case RemoteError::Kind::Auth:
        return ExitAuth;
    case RemoteError::Kind::NotFound:
    case RemoteError::Kind::Permission:
        return ExitRemote;
    case RemoteError::Kind::LocalIo:
        return ExitLocal;
    case RemoteError::Kind::InvalidArgument:
        return ExitUsage;
    case RemoteError::Kind::Cancelled:
        return ExitCancelled;
    case RemoteError::Kind::Server:
        break;
    }
    return ExitFailure;
}

namespace {

// "Accept once" for the whole run: a command's own session and its queue's sessions (rm -r
// tries DELE, then runs the queue) ask about one certificate once.
TrustDecisions *processTrust()
{
    static TrustDecisions *trust = new TrustDecisions(QCoreApplication::instance());
    return trust;
}

} // namespace

SessionConfig sessionConfigFor(const FtpUrl &url, const Options &options)
{
    SessionConfig config = options.config;
    config.trust = processTrust();
    url.applyTo(config, options.tlsPolicy.value_or(TlsPolicy::IfAvailable));
    if (options.stdinPassword && !options.stdinPassword->isEmpty())
        config.password = *options.stdinPassword;
    else if (!url.hasPassword)
        config.password = qEnvironmentVariable("FERRY_PASSWORD");
    return config;
}

int Credentials::resolve(FtpUrl *url, const Options &options)
{
    QString password;
    if (options.stdinPassword && !options.stdinPassword->isEmpty())
        password = *options.stdinPassword;
    else if (url->hasPassword && !url->password.isEmpty())
        password = url->password;
    else
        password = qEnvironmentVariable("FERRY_PASSWORD");
    const bool anonymous = url->user.isEmpty() ||
                           url->user.compare(QLatin1String("anonymous"), Qt::CaseInsensitive) == 0 ||
                           url->user.compare(QLatin1String("ftp"), Qt::CaseInsensitive) == 0;
    if (password.isEmpty() && !anonymous) {
        const std::optional<QString> typed =
            Prompts::password(tr("Password for %1@%2: ").arg(url->user, url->host));
        if (!typed)
            return fail(ExitAuth,
                        tr("No password for %1@%2: give it with --password-stdin, FERRY_PASSWORD or in "
                           "the URL (ftp://USER:PASSWORD@HOST/). Nothing was sent.")
                            .arg(url->user, url->host));
        if (typed->isEmpty())
            return fail(ExitAuth, tr("No password for %1@%2. Nothing was sent.").arg(url->user, url->host));
        password = *typed;
    }
    url->password = password;
    url->hasPassword = !password.isEmpty();
    return ExitOk;
}

void printTranscriptLine(const TranscriptLine &line)
{
    err() << line.marked() << Qt::endl;
}

bool isWarning(const TranscriptLine &line)
{
    return line.kind == TranscriptLine::Kind::Status && line.text.startsWith(QLatin1String("WARNING"));
}

Client::Client(const FtpUrl &url, const Options &options)
    : m_options(options)
    , m_store(CertificateStore::defaultPath())
{
    SessionConfig config = sessionConfigFor(url, options);
    config.certificateStore = &m_store;
    m_session = std::make_unique<FtpSession>(config);
    QObject::connect(m_session.get(), &FtpSession::certificateCheckRequired,
                     [this](CertificateRequest *request) { Prompts::answerCertificate(request, m_options); });
    // Without -v, still say when a password is about to go out unencrypted.
    QObject::connect(m_session.get(), &FtpSession::transcript, [this](const TranscriptLine &line) {
        if (m_options.verbose)
            printTranscriptLine(line);
        else if (isWarning(line))
            note(line.text);
    });
}

Client::~Client()
{
    // Say goodbye politely; a failed QUIT changes nothing for the caller.
    if (m_session->isLoggedIn())
        (void)await(m_session->quit());
}

int Client::report(const RemoteError &error) const
{
    if (!error.isError())
        return ExitOk;
    return fail(exitCodeFor(error), error.toString());
}

} // namespace ferry::cli
