#include "cliconnection.h"

#include "clicommands.h"
#include "clioutput.h"
#include "cliprompts.h"
#include "ftp/ftpremotesession.h"
#include "remote/question.h"
#include "remote/sessionfactory.h"

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

SessionConfig sessionConfigFor(const FtpUrl &url, const Options &options)
{
    SessionConfig config = options.config;
    url.applyTo(config, options.tlsPolicy.value_or(TlsPolicy::IfAvailable));
    if (options.stdinPassword)
        config.password = *options.stdinPassword;
    else if (!url.hasPassword)
        config.password = qEnvironmentVariable("FERRY_PASSWORD");
    // SFTP: --trust-fingerprint SHA256:… names the host key to accept.
    if (config.protocol == Protocol::Sftp && !options.trustSshFingerprint.isEmpty())
        config.ssh.trustedFingerprint = options.trustSshFingerprint;
    return config;
}

void printTranscriptLine(const TranscriptLine &line)
{
    static const char *const prefix[] = {"* ", "> ", "< ", "! "};
    err() << prefix[int(line.kind)] << line.text << Qt::endl;
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
    m_session.reset(createRemoteSession(config, nullptr));
    QObject::connect(m_session.get(), &RemoteSession::questionAsked,
                     [this](Question *question) { Prompts::answer(question, m_options); });
    // Without -v, still say when a password is about to go out unencrypted.
    QObject::connect(m_session.get(), &RemoteSession::transcript, [this](const TranscriptLine &line) {
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
        (void)await(m_session->close());
}

FtpSession *Client::ftp() const
{
    const auto *ftp = qobject_cast<const FtpRemoteSession *>(m_session.get());
    return ftp ? ftp->ftp() : nullptr;
}

int Client::report(const RemoteError &error) const
{
    if (!error.isError())
        return ExitOk;
    return fail(exitCodeFor(error), error.toString());
}

} // namespace ferry::cli
