#pragma once

#include "sftpops.h"

namespace ferry {

// Pipelined file transfers on the worker thread.
//
// Download: OPEN and STAT go out together; then READs of SftpContext::readSize are kept in
// flight within what the owner granted: it grants up to pipelineBytes ahead of what it
// wrote, and under a rate limit only what the limiter allows, so the limit paces the
// requests themselves (and with them the network). Replies may come in any
// order and a READ may return fewer bytes than asked (§6.4): the rest is asked again, and
// bytes go to the owner strictly in file order. One READ past the known size confirms
// EOF (a file that grew is read to its new end).
//
// Upload: OPEN (truncating unless resuming at an offset); the owner feeds bytes within
// its pipelineBytes, which go out at once as WRITEs of writeSize at increasing offsets;
// each confirmed WRITE is acknowledged to the owner (progress, and room to feed more).
// After the last byte is confirmed, CLOSE's status decides success (a full disk can
// show there).
WorkerOp *newDownloadOp(quint64 id, const SftpRequest &request, SftpContext *context, QObject *parent);
WorkerOp *newUploadOp(quint64 id, const SftpRequest &request, SftpContext *context, QObject *parent);

} // namespace ferry
