// SPDX-License-Identifier: AGPL-3.0-or-later
// Store caches, then glibc's free heap pages, back to the system.
#include "node/give_back_memory.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fedblog::node {

void give_back_memory(storage::store& store) noexcept
{
    store.release_memory();
#if defined(__GLIBC__)
    // Returns the free pages inside every arena, not only at the top of the main heap:
    // the threads that did the work each have an arena of their own.
    (void)malloc_trim(0);
#endif
}

} // namespace fedblog::node
