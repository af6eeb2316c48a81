#pragma once

#include "charset.h"

#include <QString>

namespace ferry {

enum class DataMode { Passive, Active };
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

    QString effectiveUser() const { return user.isEmpty() ? QStringLiteral("anonymous") : user; }
    QString effectivePassword() const
    {
        return user.isEmpty() && password.isEmpty() ? QStringLiteral("anonymous@") : password;
    }
};

} // namespace ferry
