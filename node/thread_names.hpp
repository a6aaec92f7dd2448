// SPDX-License-Identifier: AGPL-3.0-or-later
// Names for the node's threads, as `top -H`, `ps -L`, /proc/PID/task/*/comm and perf show them.
#pragma once

#include "node/net.hpp"

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace fedblog::node {

/// Linux keeps this many bytes of a thread's name; a longer one is cut there.
inline constexpr std::size_t max_thread_name = 15;

/** Names the calling thread. A name is for the people reading `top -H` and for profiles
    sorted by thread: nothing depends on it, so a refusal is ignored.
    @return false when the system refused the name. */
bool name_this_thread(std::string_view name) noexcept;

/// The calling thread's name, or "" when it cannot be read.
std::string this_thread_name();

/** Names every thread of `pool`, which has `threads` threads: one task per thread, each
    held until all of them have started, so that no thread takes two. The wait is bounded
    (a pool busy with long calls, or given the wrong count, keeps some threads unnamed).
    @return true when every thread was named within `wait`. */
bool name_pool_threads(asio::thread_pool& pool, unsigned threads, std::string_view name,
                       std::chrono::milliseconds wait = std::chrono::seconds(2));

} // namespace fedblog::node
