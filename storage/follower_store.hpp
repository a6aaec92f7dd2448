// SPDX-License-Identifier: AGPL-3.0-or-later
// Who follows the author.
#pragma once

#include "storage/records.hpp"
#include "storage/result.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::storage {

/** Followers of the local author.

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class follower_store
{
public:
    follower_store()                                 = default;
    follower_store(const follower_store&)            = delete;
    follower_store& operator=(const follower_store&) = delete;
    virtual ~follower_store()                        = default;

    /** Adds `f` (or refreshes its inbox, shared inbox and follow id if already following;
        `created` keeps its first value) and queues `accept` to `accept_inbox`, due at
        `accept.created`, atomically. An `accept` whose id is already stored is not queued
        again.
        @return true when the actor was not following before; error::invalid_argument when
        `f.inbox`, a non-empty `f.shared_inbox` or `accept_inbox` is not deliverable.
    */
    virtual result<bool> add_follower(const follower& f, const outbound_activity& accept,
                                      std::string_view accept_inbox) = 0;

    /** Removes the follower with this actor id, and cancels (marks dead with reason
        "unfollowed") the pending jobs addressed to its personal inbox, leased ones included.
        Jobs to its shared inbox stay: other followers on that server still need them.
        @return true when there was such a follower.
    */
    virtual result<bool> remove_follower(std::string_view actor_id) = 0;

    virtual result<std::optional<follower>> find_follower(std::string_view actor_id) = 0;

    virtual result<std::int64_t> count_followers() = 0;

    /// Followers, oldest first.
    virtual result<std::vector<follower>> list_followers(std::size_t offset, std::size_t limit) = 0;
};

} // namespace fedblog::storage
