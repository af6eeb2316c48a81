#pragma once
#include <QStringList>
namespace ferry::cli {
int run(const QStringList &arguments);
}
