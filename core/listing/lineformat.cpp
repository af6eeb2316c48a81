#include "lineformat.h"

namespace ferry {

// Out of line so the vtable is emitted once, here.
LineFormat::~LineFormat() = default;

} // namespace ferry
