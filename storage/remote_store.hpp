// SPDX-License-Identifier: AGPL-3.0-or-later
// What we know of other servers: cached actors and keys, and inbound de-duplication.
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

/** Remote actors and keys (a cache: entries may be replaced at any time) and the ids of inbound
   activities already processed.

    The contract of storage/store.hpp applies to every method: one transaction each, errors
    as values, times passed in by the caller, safe from any thread and process.
*/
class remote_store
{
public:
    remote_store()                               = default;
    remote_store(const remote_store&)            = delete;
    remote_store& operator=(const remote_store&) = delete;
    virtual ~remote_store()                      = default;

    virtual result<std::optional<remote_key>> find_remote_key(std::string_view key_id) = 0;
    /// Inserts or replaces (by key_id) the cached key.
    virtual result<void> put_remote_key(const remote_key& key)                         = 0;
    virtual result<std::optional<remote_actor>> find_remote_actor(std::string_view id) = 0;
    /// Inserts or replaces (by id) the cached actor.
    virtual result<void> put_remote_actor(const remote_actor& actor) = 0;

    /** Records that an inbound activity id was processed.
        @return true when it was new, false when it had been recorded before.
    */
    virtual result<bool> record_inbound(std::string_view activity_id, time_point now) = 0;

    /// True when record_inbound() was called for this id before (and not pruned since).
    virtual result<bool> seen_inbound(std::string_view activity_id) = 0;

    /** Forgets inbound ids recorded before `before`, so the de-duplication table stays
        bounded. Once pruned, a replay of that id counts as new: keep `before` well behind
        the oldest Date the signature check still accepts, so a replayed request fails
        verification before de-duplication is asked.
        @return the number of ids forgotten.
    */
    virtual result<std::size_t> prune_inbound(time_point before) = 0;
};

} // namespace fedblog::storage
