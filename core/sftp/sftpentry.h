#pragma once

#include "listing/direntry.h"
#include "sftpprotocol.h"

#include <QDateTime>

namespace ferry {

class NameDecoder;

// Maps what an SFTP server says about a file to the DirEntry the panes, the queue and
// `ls --json` already use for FTP listings: the name (UTF-8, else the site charset), size,
// type, "drwxr-xr-x" permissions, UTC time to the second (SFTP v3 sends seconds since the
// epoch), and owner and group. v3 attrs carry only numeric ids; OpenSSH's `longname` (an
// `ls -l` line, §7) has the names, so they come from there when it looks like one.
DirEntry sftpEntry(const sftp::NameEntry &entry, NameDecoder &decoder);
DirEntry sftpEntry(const QByteArray &name, const sftp::Attributes &attributes, NameDecoder &decoder);

// The entry's time as a UTC QDateTime (invalid when unknown).
QDateTime sftpModificationTime(const sftp::Attributes &attributes);

} // namespace ferry
