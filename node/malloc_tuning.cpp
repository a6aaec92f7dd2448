// SPDX-License-Identifier: AGPL-3.0-or-later
// glibc's fastbins off for a process whose threads free each other's blocks.
#include "node/malloc_tuning.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fedblog::node {

std::string tune_malloc()
{
// Under a sanitizer, malloc is the sanitizer's: it has no fastbins and ignores mallopt().
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
    // 0 is below the smallest chunk: no block fits a fastbin any more. mallopt() first
    // consolidates the blocks already there.
    if (mallopt(M_MXFAST, 0) != 1)
        return "mallopt(M_MXFAST, 0) refused";
#endif
    return {};
}

} // namespace fedblog::node
