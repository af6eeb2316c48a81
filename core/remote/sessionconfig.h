#pragma once

#include "ftp/charset.h"
#include "listing/listingparser.h"
#include "protocol.h"
#include "transferoptions.h"

#include <QList>
#include <QSslCertificate>
#include <QString>
#include <optional>

namespace ferry {

class CertificateStore;
class TrustDecisions;

enum class DataMode { Passive, Active };

// FTPS (RFC 4217). Explicit: AUTH TLS on the plain control connection; implicit: TLS from
// the first byte (port 990 by convention).
enum class TlsMode { Explicit, Implicit };
// Require: nothing secret is sent unless TLS is up and the certificate trusted (never a
// downgrade). IfAvailable: TLS when the server offers it, else plain with a warning.
// Never: plain FTP, marked insecure.
enum class TlsPolicy { Require, IfAvailable, Never };
// The one vocabulary: "require", "if-available", "plain" (sites.json, the CLI's --tls, the
// site manager). parseTlsPolicy also takes the older words "try" and "none" (ferry-cli before
// the site manager, sites.json version 0), any case.
QString tlsPolicyName(TlsPolicy policy);
std::optional<TlsPolicy> parseTlsPolicy(const QString &name);

// How one session talks to one server: the protocol (which back end), the server and the
// login, and the FTP engine's settings (the other back ends ignore what is not theirs).
// Plain values; the site manager, a URL or the CLI fill it in. The password is held only
// in memory.
struct SessionConfig {
    Protocol protocol = Protocol::Ftp;
    QString host;
    quint16 port = 21;
    QString user;     // empty: anonymous
    QString password; // never logged, never written to disk
    QString account;  // ACCT, for servers that ask (332)
    Charset charset;
    DataMode dataMode = DataMode::Passive;
    bool allowModeFallback = true; // EPSV->PASV->active when the server refuses
    int timeoutMs = 30000;         // no progress at all for this long is a timeout
    int keepAliveMs = 0;           // NOOP every N ms while idle (0: off)
    int idleTimeoutMs = 0;         // disconnect after N ms idle (0: never)
    enum class Allo { Auto, Always, Never } allo = Allo::Auto; // ALLO before STOR
    TlsPolicy tlsPolicy = TlsPolicy::Require;
    TlsMode tlsMode = TlsMode::Explicit;
    bool protectData = true; // PROT P; false sends PROT C (clear data)
    // After a transfer or listing ends, open the next passive data connection at once
    // (EPSV, connect) while the caller is still busy with the one that ended: the transfer
    // queue's sessions, which move file after file. An unused one is closed after a while.
    bool prefetchDataConnection = false;
    // The listing dialect when auto-detection is not wanted (a per-site override);
    // with Auto, SYST's answer is a hint and every dialect is still detected.
    ServerType serverType = ServerType::Auto;
    QList<QSslCertificate> extraCaCertificates;   // trusted in addition to the system's
    CertificateStore *certificateStore = nullptr; // pins ("trust always"); not owned
    // "Accept once" answers and open trust questions, shared by every session of the process
    // so that one certificate is asked about once; not owned. Null: the session keeps its own.
    TrustDecisions *trust = nullptr;

    // Sets the protocol and what it means for TLS: ftpes requires explicit TLS, ftps is
    // implicit TLS, ftp follows `ftpPolicy` (TLS when offered, unless the user said
    // otherwise). One place for this rule: URLs, sites and the CLI all come through here.
    void setProtocol(Protocol p, TlsPolicy ftpPolicy = TlsPolicy::IfAvailable)
    {
        protocol = p;
        tlsMode = p == Protocol::FtpsImplicit ? TlsMode::Implicit : TlsMode::Explicit;
        tlsPolicy = p == Protocol::Ftp ? ftpPolicy : TlsPolicy::Require;
    }

    QString effectiveUser() const { return user.isEmpty() ? QStringLiteral("anonymous") : user; }
    QString effectivePassword() const
    {
        return user.isEmpty() && password.isEmpty() ? QStringLiteral("anonymous@") : password;
    }
};

} // namespace ferry
