#include "fileops.h"

namespace ferry {

FileOps::FileOps(QObject *parent)
    : QObject(parent)
{
}

FileOps::~FileOps() = default;

void FileOps::end()
{
    if (--m_running == 0)
        Q_EMIT idle();
}

} // namespace ferry
