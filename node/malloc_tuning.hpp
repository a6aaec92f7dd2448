// SPDX-License-Identifier: AGPL-3.0-or-later
// How the C library's allocator is set up for a serving process.
#pragma once

#include <string>

namespace fedblog::node {

/** Turns glibc's fastbins off (mallopt(M_MXFAST, 0)); with another allocator (a
    sanitizer's, another C library's) it does nothing. `serve` calls it before any thread
    starts: mallopt() empties the fastbins of the main arena only.

    Why: the node's threads pass small objects to one another (a request parsed on an I/O
    thread, its signature checked or its row written on another, its response freed on a
    third). Each thread's tcache keeps only 7 blocks of a size; the rest of what it frees
    goes to the fastbins, and every later request for a block of 1 KiB or more (a request
    body, a buffer) then sweeps all of them (malloc_consolidate). With fastbins off, those
    frees go straight to the ordinary free lists, where neighbours merge at once. On
    `bench/inbox.sh` the node spent 70 µs of CPU per valid Like instead of 75 (means of 9
    alternated runs each; bench/README.md, "2026-11-27, 06:54-08:05 UTC"), with the same
    resident memory; the fan-out, bound by RSA, showed no difference beyond its noise.
    @return empty on success, else why not (the allocator keeps its defaults). */
[[nodiscard]] std::string tune_malloc();

} // namespace fedblog::node
