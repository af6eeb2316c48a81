#pragma once

#include "ratelimiter.h"

#include <QPointer>

namespace ferry {

// How a file's bytes travel: as they are (binary), or as text with the line ends converted
// (FTP's TYPE A; protocols without a text mode move every file as binary).
enum class TransferType { Binary, Ascii };

// Options of one download() or upload() on a RemoteSession.
struct TransferOptions {
    enum class UploadMode { Store, Append, Unique }; // replace, append (resume), a new unique name
    TransferType type = TransferType::Binary;
    qint64 offset = 0; // download: resume from this byte; upload with Store: write from here
    UploadMode uploadMode = UploadMode::Store;
    qint64 sizeHint = -1; // upload size, when known (FTP's ALLO)
    // Shared speed limit for this direction (the queue owns it); null: unlimited.
    QPointer<RateLimiter> limiter;
};

} // namespace ferry
