#pragma once

#include <QHashFunctions>
#include <QString>
#include <QUuid>

namespace ferry {

struct FtpUrl;

// Which server a queued job belongs to: a site from the site manager (by its id, so that a
// renamed site keeps its jobs and its keychain password), or a server reached by URL
// (quick connect, ferry-cli), named by its URL without password and path. The queue stores
// it as text: "site:{uuid}" or the URL ("ftp://me@example.com:21").
class SiteKey {
public:
    SiteKey() = default;
    static SiteKey forSite(const QUuid &id);
    static SiteKey forUrl(const FtpUrl &url);
    // The stored text back (anything that is not "site:{uuid}" is a URL key).
    static SiteKey fromString(const QString &text);

    bool isNull() const { return m_text.isEmpty(); }
    bool isSite() const { return !m_site.isNull(); }
    QUuid siteId() const { return m_site; }
    // The URL of a URL key, without password; empty for a site key.
    QString url() const { return isSite() ? QString() : m_text; }
    const QString &toString() const { return m_text; }

    bool operator==(const SiteKey &other) const { return m_text == other.m_text; }
    bool operator!=(const SiteKey &other) const { return m_text != other.m_text; }

private:
    QString m_text;
    QUuid m_site;
};

inline size_t qHash(const SiteKey &key, size_t seed = 0) noexcept
{
    return qHash(key.toString(), seed);
}

} // namespace ferry
