#pragma once

#include "entrymime.h"

#include <QObject>

class QMimeData;

namespace ferry {

// A server's files dragged out of the window onto a file manager: the drag offers Ark's
// "extract here" protocol (the mime types application/x-kde-ark-dndextract-service and
// -path: this object's D-Bus name and path, org.kde.ark.DndExtract), which Dolphin and
// Plasma's desktop speak. On a drop there, the file manager calls
// extractSelectedFilesTo(folder) and returns at once; the entries of the latest drag are
// then downloaded into that folder through the queue (shown in the Transfers tab), so the
// window never waits for the download. A drag carries no file URLs of a server's files: a
// file manager that does not know the protocol refuses the drop, and nothing is lost.
class DragOut final : public QObject {
    Q_OBJECT
    Q_CLASSINFO("D-Bus Interface", "org.kde.ark.DndExtract")
    Q_DISABLE_COPY_MOVE(DragOut)
public:
    static constexpr char kServiceType[] = "application/x-kde-ark-dndextract-service";
    static constexpr char kPathType[] = "application/x-kde-ark-dndextract-path";

    explicit DragOut(QObject *parent = nullptr);
    ~DragOut() override;

    // Registered on the session bus (false without one: drags then carry nothing extra).
    bool isAvailable() const { return !m_path.isEmpty(); }
    // Remembers the drag's entries and adds the protocol's types to `data`.
    void offer(QMimeData *data);

public Q_SLOTS:
    // Called over D-Bus by the file manager the entries were dropped on; once per drag.
    void extractSelectedFilesTo(const QString &folder);

Q_SIGNALS:
    void requested(const ferry::EntryMime::Payload &payload, const QString &folder);

private:
    QString m_path;
    EntryMime::Payload m_payload;
};

} // namespace ferry
