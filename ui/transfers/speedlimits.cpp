#include "speedlimits.h"

#include "formatting.h"
#include "settings/appsettings.h"
#include "transfer/transferqueue.h"

#include <QActionGroup>
#include <QMenu>
#include <QSettings>
#include <QToolButton>

namespace ferry {

namespace {
const QString &kDownloadKey = AppSettings::kDownloadLimitKey;
const QString &kUploadKey = AppSettings::kUploadLimitKey;
} // namespace

SpeedLimits::SpeedLimits(TransferQueue *queue, QSettings *settings, QWidget *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_settings(settings)
    , m_menu(new QMenu(tr("Speed &Limits"), parent))
    , m_indicator(new QToolButton(parent))
{
    m_menu->setObjectName(QStringLiteral("speedLimitsMenu"));
    m_downloadChoices = makeChoices(m_menu->addMenu(tr("&Download")), true);
    m_uploadChoices = makeChoices(m_menu->addMenu(tr("&Upload")), false);
    m_indicator->setObjectName(QStringLiteral("speedLimitIndicator"));
    m_indicator->setAutoRaise(true);
    m_indicator->setPopupMode(QToolButton::InstantPopup);
    m_indicator->setMenu(m_menu);
    m_indicator->setToolTip(tr("Speed limits (click to change)"));
    if (settings)
        setLimits(settings->value(kDownloadKey, 0).toLongLong(), settings->value(kUploadKey, 0).toLongLong());
    else
        apply();
}

SpeedLimits::~SpeedLimits() = default;

QList<qint64> SpeedLimits::presets()
{
    constexpr qint64 KiB = 1024;
    return {0, 128 * KiB, 512 * KiB, 1024 * KiB, 5 * 1024 * KiB, 10 * 1024 * KiB};
}

QActionGroup *SpeedLimits::makeChoices(QMenu *menu, bool download)
{
    auto *group = new QActionGroup(menu);
    for (qint64 rate : presets()) {
        QAction *a = menu->addAction(rate == 0 ? tr("&No Limit") : tr("%1/s").arg(Format::size(rate)));
        a->setCheckable(true);
        a->setData(rate);
        group->addAction(a);
        connect(a, &QAction::triggered, this, [this, rate, download] {
            download ? setLimits(rate, m_upload) : setLimits(m_download, rate);
        });
    }
    return group;
}

void SpeedLimits::setLimits(qint64 download, qint64 upload)
{
    m_download = qMax<qint64>(0, download);
    m_upload = qMax<qint64>(0, upload);
    if (m_settings) {
        m_settings->setValue(kDownloadKey, m_download);
        m_settings->setValue(kUploadKey, m_upload);
    }
    apply();
}

void SpeedLimits::apply()
{
    if (m_queue)
        m_queue->setSpeedLimits(m_download, m_upload);
    for (auto [group, rate] :
         {std::pair{m_downloadChoices, m_download}, std::pair{m_uploadChoices, m_upload}}) {
        for (QAction *a : group->actions())
            a->setChecked(a->data().toLongLong() == rate);
    }
    const auto text = [this](qint64 rate) {
        return rate == 0 ? tr("no limit") : tr("%1/s").arg(Format::size(rate));
    };
    m_indicator->setText(tr("↓ %1  ↑ %2").arg(text(m_download), text(m_upload)));
}

} // namespace ferry
