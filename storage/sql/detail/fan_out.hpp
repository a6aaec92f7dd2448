// SPDX-License-Identifier: AGPL-3.0-or-later
// Queueing an outbound activity to inboxes and followers, shared by every method that announces.
#pragma once

#include "storage/records.hpp"
#include "storage/sql/connection.hpp"
#include "storage/store.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace fedblog::storage::sql::detail {

/// What to queue: prepared outside the transaction, so URL parsing never holds the lock.
struct fan_out
{
    /// Null: nothing to queue. Points at the caller's activity, which must outlive the plan.
    const outbound_activity* activity = nullptr;
    /// Explicit inboxes with their inbox_host(), duplicates included (the database drops them).
    std::vector<std::pair<std::string, std::string>> targets;
    bool to_followers = false;
};

/** Computes the host of each of `inboxes`.
    @return the plan; error::invalid_argument when an inbox is not deliverable.
*/
[[nodiscard]] result<fan_out> plan_fan_out(const outbound_activity& activity,
                                           const std::vector<std::string>& inboxes,
                                           bool to_followers);

/** Inside the caller's write transaction: stores the activity and creates its jobs, all
    due at activity.created. An activity id already stored queues nothing.
    @return the number of jobs created.
*/
[[nodiscard]] result<std::size_t> queue(connection& db, const fan_out& plan);

} // namespace fedblog::storage::sql::detail
