#pragma once

#include "formatcontext.h"
#include "lineformat.h"
#include "namedecoder.h"

namespace ferry {

// OpenVMS listings (MultiNet, TCPware, HGFTP, the TCP/IP Services server):
//
//     LOGIN.COM;2          2/3       19-NOV-2001 21:41:05  [WEB,HTTPD]   (RWED,RWED,RE,)
//     SUBDIR.DIR;1         1/3       19-NOV-2001 21:41     [WEB,HTTPD]   (RWE,RWE,RE,E)
//     A_VERY_LONG_FILE_NAME_INDEED.TXT;1
//                         170774/170775  24-APR-2003 08:16:15  [FTP_CLIENT,SCOT]  (RWED,RWED,RE,)
//
// The first token is NAME.TYPE;VERSION. A name too long for its column sits alone on its
// line and the rest follows on the next: that line gets NeedMore. Sizes are in 512-byte
// blocks ("used/allocated": the used ones count), unless they carry a unit ("2KB").
// Owner "[GROUP,MEMBER]" (a UIC or identifiers; the member is the owner) and protection
// "(SYSTEM,OWNER,GROUP,WORLD)" may come in either order around the date. Directories are
// NAME.DIR;1 and are listed as NAME, which is what CWD takes. Times are server-local.
class VmsFormat final : public LineFormat {
public:
    explicit VmsFormat(const FormatContext &context);

    ServerType type() const override { return ServerType::Vms; }
    Result parse(QByteArrayView line, int lineNo, DirEntry *out) override;

private:
    const FormatContext &m_context;
    RepeatCache m_permissions;
    RepeatCache m_owner;
    RepeatCache m_group;
};

} // namespace ferry
