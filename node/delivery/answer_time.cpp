// SPDX-License-Identifier: AGPL-3.0-or-later
#include "node/delivery/answer_time.hpp"

#include <algorithm>

namespace fedblog::node {

namespace {
/// Each answer moves the mean by a sixteenth of its difference: a few dozen answers replace
/// the starting value.
constexpr std::int64_t weight = 16;
/// A longer wait counts as this much: it says only "slow", and one host answering after a
/// minute must not make every other delivery wait long for its slot to come back.
constexpr std::chrono::microseconds max_sample{answer_time::max_slow_after};
} // namespace

void answer_time::add(std::chrono::microseconds waited) noexcept
{
    const auto sample = std::clamp(waited, std::chrono::microseconds(0), max_sample);
    typical_ += (sample - typical_) / weight;
}

std::chrono::milliseconds answer_time::slow_after() const noexcept
{
    const auto limit =
        std::chrono::duration_cast<std::chrono::milliseconds>(typical_ * slow_factor);
    return std::clamp(limit, min_slow_after, max_slow_after);
}

} // namespace fedblog::node
