#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QUuid>

namespace ferry {

// Quick-connect history (URLs typed by hand) and recently used sites, newest first, each
// bounded to the last kMaxEntries. JSON in the config dir (history.json). Never a
// password: URLs are stored as FtpUrl::toDisplayString() gives them, sites by id and path.
class ConnectionHistory final {
public:
    static constexpr int kMaxEntries = 20;
    struct QuickConnect {
        QString url; // without a password
        QDateTime when;
    };
    struct RecentSite {
        QUuid id;
        QString path; // "Folder/Name" at the time of use, for display
        QDateTime when;
    };

    explicit ConnectionHistory(QString filePath);
    static QString defaultPath(); // <config>/ferry/history.json

    // A missing or unreadable file is an empty history (it holds nothing that matters).
    void load();
    bool save(QString *error = nullptr);

    // A URL containing "user:password@" is refused (false): callers pass display strings.
    bool addQuickConnect(const QString &url, const QDateTime &when = QDateTime::currentDateTimeUtc());
    void addRecentSite(const QUuid &id, const QString &path,
                       const QDateTime &when = QDateTime::currentDateTimeUtc());
    void forgetSite(const QUuid &id);

    const QList<QuickConnect> &quickConnects() const { return m_quick; }
    const QList<RecentSite> &recentSites() const { return m_recent; }

private:
    QString m_path;
    QList<QuickConnect> m_quick;
    QList<RecentSite> m_recent;
};

} // namespace ferry
