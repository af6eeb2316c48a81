#include "dragout.h"

#include <QDBusConnection>
#include <QDir>
#include <QMimeData>
#include <QUrl>
#include <utility>

namespace ferry {

namespace {
int g_serial = 0;
}

DragOut::DragOut(QObject *parent)
    : QObject(parent)
{
    QDBusConnection bus = QDBusConnection::sessionBus();
    const QString path = QStringLiteral("/io/github/ferry/DragOut/%1").arg(++g_serial);
    if (bus.isConnected() && bus.registerObject(path, this, QDBusConnection::ExportAllSlots))
        m_path = path;
}

DragOut::~DragOut()
{
    if (isAvailable())
        QDBusConnection::sessionBus().unregisterObject(m_path);
}

void DragOut::offer(QMimeData *data)
{
    const EntryMime::Payload payload = EntryMime::decode(data);
    if (!isAvailable() || payload.isNull() || payload.entries.isEmpty())
        return;
    m_payload = payload;
    data->setData(QLatin1String(kServiceType), QDBusConnection::sessionBus().baseService().toUtf8());
    data->setData(QLatin1String(kPathType), m_path.toUtf8());
}

void DragOut::extractSelectedFilesTo(const QString &folder)
{
    // Dolphin sends a path (a URL for a folder that is not local: refused, it is no place to download to).
    const QUrl url = QUrl::fromUserInput(folder);
    const QString local = url.isLocalFile() ? url.toLocalFile() : QString();
    if (m_payload.isNull() || local.isEmpty() || !QDir(local).exists())
        return;
    // One drop, one download: a second call (another program on the bus) gets nothing.
    const EntryMime::Payload payload = std::exchange(m_payload, {});
    Q_EMIT requested(payload, QDir::cleanPath(local));
}

} // namespace ferry
