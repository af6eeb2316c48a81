#include "sitekey.h"

#include "sites/ftpurl.h"

namespace ferry {

namespace {
const QLatin1String kSitePrefix("site:");
}

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
