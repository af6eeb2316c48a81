#pragma once

#include <QString>
#include <optional>

namespace ferry {

// The protocols Ferry speaks, with one set of names for URLs, sites.json and the CLI:
// ftp (TLS as the site's policy says), ftpes (explicit FTPS, TLS required), ftps (implicit
// FTPS), sftp (SSH).
enum class Protocol { Ftp, FtpsExplicit, FtpsImplicit, Sftp };

// "ftp", "ftpes", "ftps", "sftp": the URL scheme and the name in files and on the CLI.
QString protocolScheme(Protocol protocol);
// Any case; nullopt for an unknown name.
std::optional<Protocol> parseProtocolScheme(const QString &name);
// 21, 21, 990, 22.
quint16 defaultPort(Protocol protocol);

} // namespace ferry
