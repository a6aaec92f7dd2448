// SPDX-License-Identifier: AGPL-3.0-or-later
// The write generation counter.
#include "storage/write_generation.hpp"

#include <atomic>

namespace fedblog::storage {

namespace {

std::atomic<std::uint64_t> generation{0};

} // namespace

std::uint64_t write_generation() noexcept
{
    return generation.load(std::memory_order_acquire);
}

void bump_write_generation() noexcept
{
    // Release after the commit: a reader that sees the new value also sees the new data.
    generation.fetch_add(1, std::memory_order_acq_rel);
}

} // namespace fedblog::storage
