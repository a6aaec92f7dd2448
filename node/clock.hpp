// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's wall clock for everything it schedules and stores, with a test-only offset.
#pragma once

#include "storage/records.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>

namespace fedblog::node {

/** The time the node schedules by: when jobs are due, leases, backoff, host breakers and
    every time written to the store. It is the system clock plus an offset that is always
    zero in production; with the `test_clock` setting, tests move it forward through a
    loopback-only endpoint (node/handlers/deliveries.cpp), so a day of backoff passes in a
    request instead of a sleep.

    Wire-level times are not taken from here: Date headers we send and the signature time
    window we check use the real clock, because peers compare them with theirs.

    @par Thread Safety
    Safe from any thread.
*/
class app_clock
{
public:
    /// The current time, millisecond precision (as the store records it).
    [[nodiscard]] storage::time_point now() const noexcept
    {
        return std::chrono::time_point_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now()) +
               std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
    }

    /// Moves the clock forward by `by` (tests only; never backwards: a negative `by` is 0).
    void advance(std::chrono::milliseconds by) noexcept
    {
        if (by.count() > 0)
            offset_ms_.fetch_add(by.count(), std::memory_order_relaxed);
    }

    [[nodiscard]] std::chrono::milliseconds offset() const noexcept
    {
        return std::chrono::milliseconds(offset_ms_.load(std::memory_order_relaxed));
    }

private:
    std::atomic<std::int64_t> offset_ms_{0};
};

} // namespace fedblog::node
