#include "connectionhistory.h"

#include "privatefile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStandardPaths>

namespace ferry {

ConnectionHistory::ConnectionHistory(QString filePath)
    : m_path(std::move(filePath))
{
}

QString ConnectionHistory::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QLatin1String("/ferry/history.json");
}

void ConnectionHistory::load()
{
    m_quick.clear();
    m_recent.clear();
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject root = QJsonDocument::fromJson(file.read(1024 * 1024)).object();
    for (const QJsonValue &v : root.value(QLatin1String("quickConnect")).toArray()) {
        const QJsonObject o = v.toObject();
        const QString url = o.value(QLatin1String("url")).toString();
        if (!url.isEmpty() && m_quick.size() < kMaxEntries)
            m_quick.append(
                {url, QDateTime::fromString(o.value(QLatin1String("when")).toString(), Qt::ISODate)});
    }
    for (const QJsonValue &v : root.value(QLatin1String("recentSites")).toArray()) {
        const QJsonObject o = v.toObject();
        const QUuid id = QUuid::fromString(o.value(QLatin1String("id")).toString());
        if (!id.isNull() && m_recent.size() < kMaxEntries)
            m_recent.append({id, o.value(QLatin1String("path")).toString(),
                             QDateTime::fromString(o.value(QLatin1String("when")).toString(), Qt::ISODate)});
    }
}

bool ConnectionHistory::save(QString *error)
{
    QJsonArray quick;
    for (const QuickConnect &q : std::as_const(m_quick))
        quick.append(QJsonObject{{QLatin1String("url"), q.url},
                                 {QLatin1String("when"), q.when.toString(Qt::ISODate)}});
    QJsonArray recent;
    for (const RecentSite &r : std::as_const(m_recent))
        recent.append(QJsonObject{{QLatin1String("id"), r.id.toString(QUuid::WithoutBraces)},
                                  {QLatin1String("path"), r.path},
                                  {QLatin1String("when"), r.when.toString(Qt::ISODate)}});
    const QJsonObject root{{QLatin1String("version"), 1},
                           {QLatin1String("quickConnect"), quick},
                           {QLatin1String("recentSites"), recent}};
    return savePrivateFile(m_path, QJsonDocument(root).toJson(), error);
}

bool ConnectionHistory::addQuickConnect(const QString &url, const QDateTime &when)
{
    // "scheme://user:secret@host": a password in the URL must never reach the file.
    static const QRegularExpression withPassword(QStringLiteral("^[a-z]+://[^/@]*:[^/@]*@"),
                                                 QRegularExpression::CaseInsensitiveOption);
    if (url.isEmpty() || withPassword.match(url).hasMatch())
        return false;
    m_quick.removeIf([&](const QuickConnect &q) { return q.url == url; });
    m_quick.prepend({url, when});
    while (m_quick.size() > kMaxEntries)
        m_quick.removeLast();
    return true;
}

void ConnectionHistory::addRecentSite(const QUuid &id, const QString &path, const QDateTime &when)
{
    forgetSite(id);
    m_recent.prepend({id, path, when});
    while (m_recent.size() > kMaxEntries)
        m_recent.removeLast();
}

void ConnectionHistory::forgetSite(const QUuid &id)
{
    m_recent.removeIf([&](const RecentSite &r) { return r.id == id; });
}

} // namespace ferry
