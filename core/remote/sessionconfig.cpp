#include "sessionconfig.h"

#include <array>

namespace ferry {

namespace {

struct TlsPolicyName {
    TlsPolicy policy;
    const char *name; // the first of a policy is its name; the others are older words for it
};

constexpr std::array<TlsPolicyName, 5> kTlsPolicyNames{{
    {TlsPolicy::Require, "require"},
    {TlsPolicy::IfAvailable, "if-available"},
    {TlsPolicy::Never, "plain"},
    {TlsPolicy::IfAvailable, "try"},
    {TlsPolicy::Never, "none"},
}};

} // namespace

QString tlsPolicyName(TlsPolicy policy)
{
    for (const TlsPolicyName &entry : kTlsPolicyNames) {
        if (entry.policy == policy)
            return QLatin1String(entry.name);
    }
    return {};
}

std::optional<TlsPolicy> parseTlsPolicy(const QString &name)
{
    for (const TlsPolicyName &entry : kTlsPolicyNames) {
        if (name.compare(QLatin1String(entry.name), Qt::CaseInsensitive) == 0)
            return entry.policy;
    }
    return std::nullopt;
}

} // namespace ferry
