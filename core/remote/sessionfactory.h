#pragma once

#include "sessionconfig.h"

class QObject;

namespace ferry {

class RemoteSession;

// The one place that knows which back end speaks which protocol: a new, unconnected session
// for `config` (config.protocol picks FTP/FTPS or SFTP). Null, with *error, when the
// protocol has no back end in this build.
RemoteSession *createRemoteSession(const SessionConfig &config, QObject *parent, QString *error = nullptr);
// Whether createRemoteSession() can make a session for `protocol`; else *error says why.
bool isProtocolSupported(Protocol protocol, QString *error = nullptr);

} // namespace ferry
