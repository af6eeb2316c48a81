#pragma once

#include <QMetaType>
#include <QObject>
#include <QString>

namespace ferry {

struct FtpReply;

// Errors are values (see CONVENTIONS.md, "Results are values"): what went wrong, the
// server's own words when it said something, and a sentence the user can act on.
class RemoteError {
    Q_GADGET
public:
    enum class Kind {
        None,
        Network,         // connection refused/reset/closed, host not found
        Timeout,         // no progress within the configured timeout
        Tls,             // handshake or certificate failure (FTPS)
        Auth,            // login refused
        Permission,      // server or local permission denied
        NotFound,        // no such file or folder
        Protocol,        // malformed or unexpected reply
        Server,          // the server refused the command for another reason
        LocalIo,         // reading or writing a local file failed
        InvalidArgument, // refused before anything was sent (e.g. CR/LF in a path)
        Cancelled,       // the user cancelled
    };
    Q_ENUM(Kind)

    RemoteError() = default;
    RemoteError(Kind kind, QString message, int replyCode = 0, QString replyText = {});

    // Classifies a negative server reply by its code and the command it answers, never by
    // the reply's wording. `what` says what was being done, e.g. "Could not delete /a.txt";
    // `command` is the command line the reply answers ("DELE /a.txt", "MLSD", "SITE CHMOD
    // 644 /a"; empty when none or unknown). 450/550/553 to a command that names a remote
    // file or folder are about that file (NotFound or Permission); 500/502, and 501 to a
    // command sent without an argument, mean the command is not supported; 501/504 to an
    // argument mean the server rejected the argument (RFC 3659 §7: 501 to MLSD with a
    // path means it names no folder).
    static RemoteError fromReply(const FtpReply &reply, const QString &what, const QString &command = {});

    bool isError() const { return m_kind != Kind::None; }
    explicit operator bool() const { return isError(); }
    Kind kind() const { return m_kind; }
    int replyCode() const { return m_replyCode; }
    QString replyText() const { return m_replyText; }
    QString message() const { return m_message; }
    // Transient errors (4xx replies, drops, timeouts) are worth retrying; 5xx are final.
    bool isTransient() const;
    // One line for the user: the message, then the server's words in parentheses.
    QString toString() const;
    static QString kindName(Kind kind);

private:
    Kind m_kind = Kind::None;
    int m_replyCode = 0;
    QString m_replyText;
    QString m_message;
};

} // namespace ferry

Q_DECLARE_METATYPE(ferry::RemoteError)
