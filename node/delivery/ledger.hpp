// SPDX-License-Identifier: AGPL-3.0-or-later
// What the author sees of deliveries: one post's ledger, and the queue at a glance.
#pragma once

#include "protocol/json.hpp"
#include "storage/store.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

/// One activity about a post (its Create, an Update, the Delete) and where it went.
struct activity_ledger
{
    std::string id;
    std::string type; ///< Create, Update, Delete... ("" when the stored body has none)
    storage::time_point created{};
    std::size_t inboxes   = 0; ///< distinct inboxes it was queued to
    std::size_t delivered = 0;
    std::size_t retrying  = 0; ///< still pending
    std::size_t dead      = 0;
    std::optional<storage::time_point> next_try; ///< earliest next attempt of a pending job
    /// The jobs that did not arrive (pending and dead), for the details.
    std::vector<storage::delivery_job> unfinished;
};

/// A post's delivery ledger: every activity about it, oldest first.
struct post_ledger
{
    std::string post;
    std::vector<activity_ledger> activities;
};

/** Reads the ledger of `post_url` (the post's id) from `store`.
    @return the ledger (empty activities when nothing was ever sent about it), or the store
    error. */
[[nodiscard]] storage::result<post_ledger> read_ledger(storage::store& store,
                                                       std::string_view post_url);

/** "Create 2026-11-25T21:00:00Z: delivered to N of M inboxes, K retrying (next try at …),
    J dead (last status …)", one line per activity, then the unfinished inboxes. */
[[nodiscard]] std::string render_ledger(const post_ledger& ledger);

/// The same as JSON (the token-protected endpoint and `deliveries --json`).
[[nodiscard]] protocol::json::value ledger_json(const post_ledger& ledger);

/// The queue, the failing hosts and the newest dead jobs.
struct queue_overview
{
    storage::queue_stats stats;
    std::vector<storage::host_health> failing_hosts;
    std::vector<storage::delivery_job> dead_jobs;
};

[[nodiscard]] storage::result<queue_overview>
read_overview(storage::store& store, storage::time_point now, std::size_t max_rows);

[[nodiscard]] std::string render_overview(const queue_overview& overview, storage::time_point now);

[[nodiscard]] protocol::json::value overview_json(const queue_overview& overview);

/// A store time as RFC 3339 (UTC, seconds).
[[nodiscard]] std::string format_time(storage::time_point t);

} // namespace fedblog::node
