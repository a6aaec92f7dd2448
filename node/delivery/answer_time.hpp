// SPDX-License-Identifier: AGPL-3.0-or-later
// How long inboxes take to answer, and so when a delivery waiting for its answer stops
// counting as work that takes one of the engine's slots.
#pragma once

#include <chrono>

namespace fedblog::node {

/** A running mean of how long answered deliveries waited for their answer (from the signed
    request handed to the HTTP client to the response), and the wait after which a delivery
    is "slow": it then holds a socket, not work, and its slot goes to another delivery.

    A fixed limit has to suit the slowest inboxes that still work (Mastodon answers in up to
    a few hundred ms), and so is far too long where inboxes answer in milliseconds: at 0.5 s,
    a tenth of the hosts being silent took every slot for half a second at a time while the
    CPU sat idle and the healthy hosts waited (bench/fanout.sh, FAULTY=1). Learned from the
    answers, the limit is a multiple of what inboxes take, and never longer than that 0.5 s.

    @par Thread Safety
    None: the delivery engine guards it with its mutex.
*/
class answer_time
{
public:
    /// Slow after this many times the typical answer time...
    static constexpr int slow_factor = 8;
    /// ...but never before this (a loaded machine reads answers a few ms late)...
    static constexpr std::chrono::milliseconds min_slow_after{25};
    /// ...nor after this (what the engine waited before this was learned).
    static constexpr std::chrono::milliseconds max_slow_after{500};

    /// One more answer, `waited` after its request went out.
    void add(std::chrono::microseconds waited) noexcept;

    /// The running mean; before any answer, the one for which slow_after() is its maximum.
    [[nodiscard]] std::chrono::microseconds typical() const noexcept { return typical_; }

    /// How long a delivery may wait for its answer and still take a slot.
    [[nodiscard]] std::chrono::milliseconds slow_after() const noexcept;

private:
    std::chrono::microseconds typical_{std::chrono::microseconds(max_slow_after) / slow_factor};
};

} // namespace fedblog::node
