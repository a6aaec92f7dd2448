// SPDX-License-Identifier: AGPL-3.0-or-later
// What a quiet node does with the memory a burst of work left behind.
#pragma once

#include "storage/store.hpp"

namespace fedblog::node {

/** Gives memory the node holds but no longer uses back to the system: the store's caches
    (storage::store::release_memory()), then the free pages of the C library's heap, which
    glibc otherwise keeps for reuse. A fan-out to thousands of inboxes leaves megabytes
    there (connection buffers, responses), and a node on a small VPS is idle most of the
    time.

    Takes a few milliseconds at most; call it off the I/O threads.
*/
void give_back_memory(storage::store& store) noexcept;

} // namespace fedblog::node
