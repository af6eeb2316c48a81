#include "ftpurl.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace ferry {

namespace {
struct Text {
    Q_DECLARE_TR_FUNCTIONS(ferry::FtpUrl)
};
} // namespace

static QString percentDecode(const QString &text, bool *ok)
{
    // Reject malformed escapes instead of guessing: "%zz" and a trailing "%" are errors.
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('%'))
            continue;
        if (i + 2 >= text.size() || !isxdigit(text.at(i + 1).toLatin1()) ||
            !isxdigit(text.at(i + 2).toLatin1())) {
            *ok = false;
            return {};
        }
    }
    *ok = true;
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text.toUtf8()));
}

std::optional<FtpUrl> FtpUrl::parse(const QString &text, QString *error)
{
    auto fail = [error](const QString &message) -> std::optional<FtpUrl> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    FtpUrl url;
    const qsizetype sep = text.indexOf(QLatin1String("://"));
    if (sep < 0)
        return fail(Text::tr("\"%1\" is not a URL (expected ftp://host/path).").arg(text));
    const QString scheme = text.left(sep).toLower();
    const std::optional<Protocol> protocol = parseProtocolScheme(scheme);
    if (!protocol)
        return fail(Text::tr("Unsupported URL scheme \"%1\" (use ftp://, ftpes://, ftps:// or sftp://).")
                        .arg(scheme));
    url.protocol = *protocol;
    url.port = defaultPort(url.protocol);

    const QString rest = text.mid(sep + 3);
    const qsizetype slash = rest.indexOf(QLatin1Char('/'));
    QString authority = slash < 0 ? rest : rest.left(slash);
    const QString rawPath = slash < 0 ? QString() : rest.mid(slash);
    if (rawPath.contains(QLatin1Char('?')) || rawPath.contains(QLatin1Char('#')))
        return fail(Text::tr("Write '?' and '#' in a URL path as %3F and %23."));

    // The user info ends at the LAST '@' so that an unencoded '@' in a user name survives.
    const qsizetype at = authority.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        const QString userInfo = authority.left(at);
        authority = authority.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        bool ok = true;
        url.user = percentDecode(colon < 0 ? userInfo : userInfo.left(colon), &ok);
        if (!ok)
            return fail(Text::tr("Malformed percent-encoding in the user name."));
        if (colon >= 0) {
            url.password = percentDecode(userInfo.mid(colon + 1), &ok);
            url.hasPassword = true;
            if (!ok)
                return fail(Text::tr("Malformed percent-encoding in the password."));
        }
    }

    QString portText;
    if (authority.startsWith(QLatin1Char('['))) {
        const qsizetype close = authority.indexOf(QLatin1Char(']'));
        if (close < 0)
            return fail(Text::tr("Unclosed '[' in the host of \"%1\".").arg(text));
        url.host = authority.mid(1, close - 1);
        QHostAddress addr;
        if (!addr.setAddress(url.host) || addr.protocol() != QAbstractSocket::IPv6Protocol)
            return fail(Text::tr("\"%1\" is not an IPv6 address.").arg(url.host));
        const QString after = authority.mid(close + 1);
        if (!after.isEmpty()) {
            if (!after.startsWith(QLatin1Char(':')))
                return fail(Text::tr("Unexpected text after the IPv6 address in \"%1\".").arg(text));
            portText = after.mid(1);
        }
    } else {
        if (authority.count(QLatin1Char(':')) > 1)
            return fail(Text::tr("Put an IPv6 address in brackets: ftp://[::1]/"));
        const qsizetype colon = authority.indexOf(QLatin1Char(':'));
        url.host = colon < 0 ? authority : authority.left(colon);
        if (colon >= 0)
            portText = authority.mid(colon + 1);
    }
    if (url.host.isEmpty())
        return fail(Text::tr("The URL \"%1\" names no host.").arg(text));
    // A control character is never part of a host name, and Qt's resolver stops reading
    // an IP literal at NUL: "127.0.0.1\0.example" would connect to 127.0.0.1.
    for (const QChar c : std::as_const(url.host)) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c == QLatin1Char('%') ||
            c == QLatin1Char('/'))
            return fail(Text::tr("Invalid character in the host name \"%1\".").arg(url.host));
    }
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint port = portText.toUInt(&ok);
        if (!ok || port == 0 || port > 65535)
            return fail(Text::tr("Invalid port \"%1\".").arg(portText));
        url.port = quint16(port);
    }
    bool ok = true;
    url.path = rawPath.isEmpty() ? QStringLiteral("/") : percentDecode(rawPath, &ok);
    if (!ok)
        return fail(Text::tr("Malformed percent-encoding in the path."));
    // sftp://host/~/docs: the home folder, resolved by the server (an FTP server is already
    // in it at login, and takes paths from its root).
    if (url.protocol == Protocol::Sftp &&
        (url.path == QLatin1String("/~") || url.path.startsWith(QLatin1String("/~/"))))
        url.path = url.path.mid(1);
    return url;
}

QString FtpUrl::fileName() const
{
    return path == QLatin1String("~") ? QString() : path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString FtpUrl::folder() const
{
    return path == QLatin1String("~") ? QStringLiteral("~/")
                                      : path.left(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString FtpUrl::toDisplayString() const
{
    QString result = protocolScheme(protocol) + QLatin1String("://");
    if (!user.isEmpty())
        result += QString::fromUtf8(QUrl::toPercentEncoding(user)) + QLatin1Char('@');
    result += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    if (port != defaultPort(protocol))
        result += QLatin1Char(':') + QString::number(port);
    return result + (path.startsWith(QLatin1Char('~')) ? QLatin1Char('/') + path : path);
}

void FtpUrl::applyTo(SessionConfig &config, TlsPolicy ftpPolicy) const
{
    config.setProtocol(protocol, ftpPolicy);
    config.host = host;
    config.port = port;
    config.user = user;
    if (hasPassword)
        config.password = password;
}

} // namespace ferry
