#include "allocator.h"

#include <cstdlib> // defines __GLIBC__ under glibc

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ferry {

void tuneAllocatorForTransfers()
{
#if defined(__GLIBC__)
    // Fixed thresholds also turn off glibc's dynamic mmap threshold, which otherwise moves
    // with every freed mapping.
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 16 * 1024 * 1024);
#endif
}

} // namespace ferry
