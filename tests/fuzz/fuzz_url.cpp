// libFuzzer target for FtpUrl::parse (core/sites/ftpurl.h): what a user types or pastes
// into the URL bar and the command line. Input: the URL's UTF-8 bytes.
//
// Besides crashes and sanitizer reports, a broken invariant aborts:
//   - a refused URL comes with a message;
//   - an accepted one has a host (no space, control character, '%', '/', '@'; a ':' only
//     in a valid IPv6 literal), a port 1-65535, a path starting with '/' that folder() and
//     fileName() split without losing anything (or, for SFTP, "~" or "~/..." for the
//     home folder), and no password unless hasPassword;
//   - written back with every part percent-encoded (the IPv6 host in brackets, the port
//     explicit), it parses to the same URL;
//   - toDisplayString() does not depend on the password.
//
// A path may hold CR, LF or NUL once decoded ("ftp://h/a%0D%0A"): FtpUrl keeps it
// (tst_protocol "crlf-decoded") and FtpOperation::run() refuses to send it (tst_faults).

#include "sites/ftpurl.h"

#include <QHostAddress>
#include <QUrl>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace ferry;

namespace {

[[noreturn]] void fail(const char *what)
{
    fprintf(stderr, "url fuzz invariant broken: %s\n", what);
    abort();
}

QString encoded(const QString &text, const QByteArray &keep = {})
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text, keep));
}

QString rewrite(const FtpUrl &url)
{
    QString out = protocolScheme(url.protocol) + QLatin1String("://");
    if (!url.user.isEmpty() || url.hasPassword) {
        out += encoded(url.user);
        if (url.hasPassword)
            out += QLatin1Char(':') + encoded(url.password);
        out += QLatin1Char('@');
    }
    out += url.host.contains(QLatin1Char(':')) ? QLatin1Char('[') + url.host + QLatin1Char(']') : url.host;
    out += QLatin1Char(':') + QString::number(url.port);
    // The home folder's "~" follows the authority's '/' ("sftp://h:22/~/docs").
    const QString slash = url.path.startsWith(QLatin1Char('~')) ? QStringLiteral("/") : QString();
    return out + slash + encoded(url.path, "/~");
}

bool same(const FtpUrl &a, const FtpUrl &b)
{
    return a.protocol == b.protocol && a.user == b.user && a.password == b.password &&
           a.hasPassword == b.hasPassword && a.host == b.host && a.port == b.port && a.path == b.path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const std::optional<FtpUrl> url = FtpUrl::parse(text, &error);
    if (!url) {
        if (error.isEmpty())
            fail("a refused URL without a message");
        if (FtpUrl::parse(text, nullptr))
            fail("parse() depends on the error pointer");
        return 0;
    }

    if (url->host.isEmpty())
        fail("an empty host");
    for (const QChar c : url->host) {
        if (c.isSpace() || c.category() == QChar::Other_Control || c == QLatin1Char('%') ||
            c == QLatin1Char('/') || c == QLatin1Char('@'))
            fail("a space, control character, '%', '/' or '@' in the host");
    }
    if (url->host.contains(QLatin1Char(':'))) {
        QHostAddress address;
        if (!address.setAddress(url->host) || address.protocol() != QAbstractSocket::IPv6Protocol)
            fail("a ':' in a host that is not an IPv6 address");
    }
    if (url->port == 0)
        fail("port 0");
    // sftp://h/~ and sftp://h/~/docs name the home folder: the path is "~" or "~/docs".
    const bool home = url->path == QLatin1String("~") || url->path.startsWith(QLatin1String("~/"));
    if (home && url->protocol != Protocol::Sftp)
        fail("a home-relative path on a protocol without one");
    if (!home && !url->path.startsWith(QLatin1Char('/')))
        fail("a path not starting with '/' or '~'");
    const QString whole = url->path == QLatin1String("~") ? QStringLiteral("~/") : url->path;
    if (url->folder() + url->fileName() != whole || !url->folder().endsWith(QLatin1Char('/')))
        fail("folder() + fileName() is not the path");
    if (url->namesFolder() != url->fileName().isEmpty())
        fail("namesFolder() disagrees with fileName()");
    if (!url->hasPassword && !url->password.isEmpty())
        fail("a password without hasPassword");

    FtpUrl other = *url;
    other.password = url->password + QLatin1String("x");
    other.hasPassword = true;
    if (other.toDisplayString() != url->toDisplayString())
        fail("toDisplayString() depends on the password");

    const QString written = rewrite(*url);
    const std::optional<FtpUrl> again = FtpUrl::parse(written, &error);
    if (!again)
        fail("the rewritten URL was refused");
    if (!same(*again, *url))
        fail("the rewritten URL parsed differently");
    return 0;
}
