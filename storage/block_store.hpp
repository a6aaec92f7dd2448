// SPDX-License-Identifier: AGPL-3.0-or-later
// Blocked domains and actors, and forgetting an actor's traces.
#pragma once

#include "storage/comment_records.hpp"
#include "storage/result.hpp"

#include <string_view>
#include <vector>

namespace fedblog::storage {

/** Blocks and the removal of everything an actor left here.

    The contract of storage/store.hpp applies to every method.
*/
class block_store
{
public:
    block_store()                              = default;
    block_store(const block_store&)            = delete;
    block_store& operator=(const block_store&) = delete;
    virtual ~block_store()                     = default;

    /** Blocks `entry.value` (a lowercase host for kind "domain", an actor id for "actor") and,
        in the same transaction, forgets what it left: for an actor, as forget_actor(); for a
        domain, the same for every actor on that host. @return true when the block is new.
    */
    virtual result<bool> add_block(const block_entry& entry)  = 0;
    virtual result<bool> remove_block(std::string_view value) = 0;
    virtual result<std::vector<block_entry>> list_blocks()    = 0;

    /// True when `actor_id` or its host `host` is blocked.
    virtual result<bool> is_blocked(std::string_view actor_id, std::string_view host) = 0;

    /** Removes what `actor_id` left: its comments (tombstones where they have replies, as
        delete_comment()), its reactions and its follow (with its pending jobs, as
        remove_follower()).
    */
    virtual result<void> forget_actor(std::string_view actor_id, time_point when) = 0;
};

} // namespace fedblog::storage
