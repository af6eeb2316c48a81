#pragma once

namespace ferry {

// Tunes the C allocator for bulk transfers; call once at the start of main().
//
// A transfer moves 256 KiB chunks through Qt's socket buffers, a QByteArray and the file.
// With glibc's defaults the freed chunk at the top of the heap goes back to the kernel
// (trim) and is mapped again for the next one, so every chunk costs fresh zeroed pages.
// Measured on a 1 GiB FTPS download (bench/RESULTS.md): 1.6 s of system CPU before, 0.6 s
// after, and the wall time from 2.6 s to 1.5 s. Keeps up to 16 MiB of freed heap for
// reuse; allocations of 4 MiB and more still get their own mapping.
void tuneAllocatorForTransfers();

} // namespace ferry
