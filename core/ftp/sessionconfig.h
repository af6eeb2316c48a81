#pragma once

#include "charset.h"
#include "listing/listingparser.h"

#include <QList>
#include <QSslCertificate>
#include <QString>

namespace ferry {

class CertificateStore;

enum class DataMode { Passive, Active };

// FTPS (RFC 4217). Explicit: AUTH TLS on the plain control connection; implicit: TLS from
// the first byte (port 990 by convention).
enum class TlsMode { Explicit, Implicit };
// Require: nothing secret is sent unless TLS is up and the certificate trusted (never a
// downgrade). IfAvailable: TLS when the server offers it, else plain with a warning.
// Never: plain FTP, marked insecure.
enum class TlsPolicy { Require, IfAvailable, Never };
enum class TransferType { Binary, Ascii };

// How one control connection talks to one server. Plain values; the site manager and
// the CLI fill it in. The password is held only in memory.
struct SessionConfig {
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

    QString effectiveUser() const { return user.isEmpty() ? QStringLiteral("anonymous") : user; }
    QString effectivePassword() const
    {
        return user.isEmpty() && password.isEmpty() ? QStringLiteral("anonymous@") : password;
    }
};

} // namespace ferry
