#include "sitekey.h"

#include "sites/ftpurl.h"

namespace ferry {

namespace {
// Constant-initialised (pointer and length): a SiteKey made by another file's static
// initialiser (a test's) must not read it before it is set (ASan's initialization-order check).
constexpr QLatin1String kSitePrefix("site:", 5);
} // namespace

SiteKey SiteKey::forSite(const QUuid &id)
{
    SiteKey key;
    key.m_site = id;
    key.m_text = kSitePrefix + id.toString(QUuid::WithBraces);
    return key;
}

SiteKey SiteKey::forUrl(const FtpUrl &url)
{
    FtpUrl server = url;
    server.path = QStringLiteral("/");
    server.hasPassword = false;
    server.password.clear();
    SiteKey key;
    key.m_text = server.toDisplayString();
    return key;
}

SiteKey SiteKey::fromString(const QString &text)
{
    if (text.startsWith(kSitePrefix)) {
        const QUuid id = QUuid::fromString(QStringView(text).mid(kSitePrefix.size()));
        if (!id.isNull())
            return forSite(id);
    }
    SiteKey key;
    key.m_text = text;
    return key;
}

} // namespace ferry
