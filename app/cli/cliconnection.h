#pragma once

#include "clioptions.h"
#include "ftp/commandoperation.h"
#include "ftp/ftpoperation.h"
#include "ftp/ftpsession.h"
#include "remote/certificatestore.h"
#include "remote/remoteerror.h"
#include "remote/transcript.h"
#include "sites/ftpurl.h"

#include "interrupts.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <functional>
#include <memory>

namespace ferry::cli {

// The exit status for an engine error (clicommands.h lists them).
int exitCodeFor(const RemoteError &error);

// Runs the event loop until `op` finishes. `inspect` reads its results inside finished(),
// since the session deletes an operation right after. SIGINT/SIGTERM cancel it (ABOR for
// a transfer): it then finishes as cancelled (exit status 7).
template<typename Op>
RemoteError await(Op *op, const std::function<void(Op *)> &inspect = {})
{
    QEventLoop loop;
    RemoteError error;
    QObject::connect(op, &FtpOperation::finished, &loop, [&] {
        error = op->error();
        if (!error.isError() && inspect)
            inspect(op);
        loop.quit();
    });
    const Interrupts::Scope interrupt([op] { op->cancel(); });
    loop.exec();
    return error;
}

// Where a connection's password comes from.
class Credentials {
    Q_DECLARE_TR_FUNCTIONS(Credentials)
public:
    // The password for `url` into url->password: --password-stdin, the URL, $FERRY_PASSWORD,
    // else asked at a TTY without echo. A named user never logs in with an empty password
    // (anonymous and "ftp" may): without one, ExitAuth after saying which flags give one,
    // before anything is sent.
    static int resolve(FtpUrl *url, const Options &options);
};

// How to connect for `url`: the URL's scheme, host, port and user, the command line's
// session settings, and the password from stdin, the URL or $FERRY_PASSWORD.
SessionConfig sessionConfigFor(const FtpUrl &url, const Options &options);

// -v: "* status", "> command", "< reply", "! error" on stderr.
void printTranscriptLine(const TranscriptLine &line);
// Without -v, a status line that starts with WARNING still goes to stderr.
bool isWarning(const TranscriptLine &line);

// One logged-in session for a command (ls, mkdir, quote...), with the CLI's certificate
// prompt and transcript; says QUIT when it goes.
class Client {
public:
    Client(const FtpUrl &url, const Options &options);
    ~Client();
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    FtpSession *session() const { return m_session.get(); }
    // ExitOk, or the error on stderr and its exit status.
    int report(const RemoteError &error) const;

private:
    Options m_options;
    CertificateStore m_store;
    std::unique_ptr<FtpSession> m_session;
};

} // namespace ferry::cli
