#include "capabilities.h"

namespace ferry {

Capabilities Capabilities::fromFeatReply(const QStringList &lines)
{
    Capabilities caps;
    // lines[0] is the "211-Features" text and the last is "End"; features are the lines
    // in between, each indented by one space (RFC 2389 §3.2). Be lenient about indentation.
    for (qsizetype i = 1; i + 1 < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype space = line.indexOf(QLatin1Char(' '));
        const QString name = (space < 0 ? line : line.left(space)).toUpper();
        const QString params = space < 0 ? QString() : line.mid(space + 1).trimmed();
        caps.m_features.insert(name, params);
    }
    return caps;
}

bool Capabilities::hasRestStream() const
{
    return has(QStringLiteral("REST")) &&
           parameters(QStringLiteral("REST")).toUpper().contains(QLatin1String("STREAM"));
}

} // namespace ferry
