#pragma once

#include "remote/sessionconfig.h"
#include "sites/siteprofile.h"
#include "transfer/transferjob.h"
#include "transfer/transferqueue.h"

#include <QString>
#include <QStringList>

class QSettings;

namespace ferry {

// The preferences of Edit > Settings, typed, with one place for their QSettings keys and
// defaults (window.conf, beside what WindowSettings remembers). Plain values: the dialog
// edits a copy; the window reads them when it connects, queues a job or starts, and
// SettingsController pushes the queue-wide ones to the TransferQueue. A site's own values
// (SiteProfile: transfer mode, connection limit) win over these defaults.
struct AppSettings {
    // The protocol and TLS policy a new site of the site manager starts with.
    enum class NewSiteSecurity { RequireExplicitTls, TlsIfAvailable, ImplicitTls, Plain };

    // Transfers
    int connectionsPerSite = 4; // for addresses typed in the connection bar (a site has its own)
    int connectionsTotal = 16;
    int retries = 3;         // attempts after the first
    int retryDelayMs = 1000; // the first retry's wait, doubled each time
    TransferJob::Overwrite overwrite = TransferJob::Overwrite::Ask;
    TransferJob::Mode transferType = TransferJob::Mode::Binary;
    QStringList asciiExtensions = TransferQueue::defaultAsciiExtensions();
    bool preserveTimes = true;
    qint64 downloadLimit = 0; // bytes per second, 0: none (the Speed Limits menu's values)
    qint64 uploadLimit = 0;
    // Connection
    int timeoutSeconds = 30;
    int keepAliveSeconds = 0; // 0: no keep-alive
    DataMode dataMode = DataMode::Passive;
    NewSiteSecurity newSiteSecurity = NewSiteSecurity::RequireExplicitTls;
    // Interface
    bool doubleClickOpens = false; // Enter and double-click open a file instead of transferring it
    bool showHidden = false;
    bool confirmDeletes = true;
    QString language = QStringLiteral("system"); // "system", "en" or "fr", used at the next start

    static constexpr int kMaxConnections = SiteProfile::kMaxConnections;

    bool operator==(const AppSettings &) const = default;

    // What QSettings holds (missing or unreadable values: the defaults); saves every value.
    static AppSettings load(const QSettings *settings);
    void save(QSettings *settings) const;
    // Empty when the values can be used; else what is wrong, for the user.
    QString problemWithConnections() const;
    QString problemWithExtensions() const;
    // "txt, html .PHP" -> {"txt", "html", "php"}; the dialog's text field.
    static QStringList parseExtensions(const QString &text);
    static QStringList languages(); // "system", "en", "fr"

    // A new connection: timeout and keep-alive, and the data mode unless the site says
    // (`siteMode` other than Default).
    void applyTo(SessionConfig &config,
                 SiteProfile::TransferMode siteMode = SiteProfile::TransferMode::Default) const;
    // A new site of the site manager: protocol and TLS policy.
    void applyTo(SiteProfile &site) const;
    // What a job queued from the window starts with.
    TransferQueue::JobOptions jobOptions() const;
    // The queue-wide values: connections in total, retries, ASCII extensions (the speed
    // limits go through SpeedLimits, which shows them in the status bar).
    void applyTo(TransferQueue &queue) const;

    // Keys shared with WindowSettings (View > Show Hidden Files, Transfer > Enter Opens)
    // and SpeedLimits (the Speed Limits menu): one value, whichever place sets it.
    static const QString kShowHiddenKey;
    static const QString kDoubleClickOpensKey;
    static const QString kDownloadLimitKey;
    static const QString kUploadLimitKey;
    static const QString kLanguageKey;
};

} // namespace ferry
