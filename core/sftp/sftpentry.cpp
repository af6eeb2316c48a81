#include "sftpentry.h"

#include "listing/namedecoder.h"

namespace ferry {

namespace {

// The owner and group columns of an `ls -l` style long name: "perms links owner group
// size ...". Anything that does not start with a ten-letter mode is not used.
bool ownerAndGroup(QByteArrayView longName, QByteArrayView *owner, QByteArrayView *group)
{
    QByteArrayView fields[4];
    int found = 0;
    qsizetype i = 0;
    while (found < 4 && i < longName.size()) {
        while (i < longName.size() && longName[i] == ' ')
            ++i;
        const qsizetype start = i;
        while (i < longName.size() && longName[i] != ' ')
            ++i;
        if (i > start)
            fields[found++] = longName.sliced(start, i - start);
    }
    if (found < 4 || fields[0].size() < 10)
        return false;
    *owner = fields[2];
    *group = fields[3];
    return true;
}

} // namespace

QDateTime sftpModificationTime(const sftp::Attributes &attributes)
{
    if (!attributes.has(sftp::Attributes::HasTimes))
        return {};
    return QDateTime::fromSecsSinceEpoch(qint64(attributes.mtime), Qt::UTC);
}

DirEntry sftpEntry(const QByteArray &name, const sftp::Attributes &a, NameDecoder &decoder)
{
    DirEntry e;
    e.rawName = name;
    e.name = decoder.decode(name);
    if (a.has(sftp::Attributes::HasSize))
        e.size = qint64(qMin<quint64>(a.size, quint64(std::numeric_limits<qint64>::max())));
    e.isDir = a.isDirectory();
    e.isLink = a.isLink();
    e.permissions = a.permissionString();
    if (a.has(sftp::Attributes::HasUidGid)) {
        e.owner = QString::number(a.uid);
        e.group = QString::number(a.gid);
    }
    const QDateTime time = sftpModificationTime(a);
    if (time.isValid()) {
        e.date = time.date();
        e.time = time.time();
        e.timePrecision = DirEntry::TimePrecision::Second;
        e.timeIsUtc = true;
    }
    return e;
}

DirEntry sftpEntry(const sftp::NameEntry &entry, NameDecoder &decoder)
{
    DirEntry e = sftpEntry(entry.name, entry.attributes, decoder);
    QByteArrayView owner;
    QByteArrayView group;
    if (ownerAndGroup(entry.longName, &owner, &group)) {
        e.owner = decoder.decode(owner);
        e.group = decoder.decode(group);
    }
    return e;
}

} // namespace ferry
