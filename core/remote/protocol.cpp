#include "protocol.h"

#include <array>

namespace ferry {

namespace {

struct ProtocolInfo {
    Protocol protocol;
    const char *scheme;
    quint16 port;
};

// The one table of protocol names and ports.
constexpr std::array<ProtocolInfo, 4> kProtocols{{
    {Protocol::Ftp, "ftp", 21},
    {Protocol::FtpsExplicit, "ftpes", 21},
    {Protocol::FtpsImplicit, "ftps", 990},
    {Protocol::Sftp, "sftp", 22},
}};

const ProtocolInfo &infoOf(Protocol protocol)
{
    return kProtocols[std::size_t(protocol)];
}

} // namespace

QString protocolScheme(Protocol protocol)
{
    return QLatin1String(infoOf(protocol).scheme);
}

std::optional<Protocol> parseProtocolScheme(const QString &name)
{
    for (const ProtocolInfo &info : kProtocols) {
        if (name.compare(QLatin1String(info.scheme), Qt::CaseInsensitive) == 0)
            return info.protocol;
    }
    return std::nullopt;
}

quint16 defaultPort(Protocol protocol)
{
    return infoOf(protocol).port;
}

} // namespace ferry
