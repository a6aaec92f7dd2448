// SPDX-License-Identifier: AGPL-3.0-or-later
// Which due jobs a fair, per-host-limited claim takes: the rule behind claim_batch(), as a
// pure class shared by backends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace fedblog::storage {

/** Chooses a claim_batch() from due jobs offered oldest first.

    A backend tells it the failing hosts (host_health()) and the jobs leased now (leased()),
    then offers unleased due jobs in (next_attempt, id) order until settled(). chosen() is
    then the batch in round-robin order: every host's oldest offered job, then every host's
    second, ... (ties by offer order), at most `limit` jobs, and per host at most `per_host`
    counting its leased jobs (1 for a host with `half_open_failures` or more consecutive
    failures, or one that is not answering; 0 for a host whose breaker is open). `per_host`
    0 lifts both caps, not the open breaker.

    settled() turns true once `limit` hosts have a first job: anything offered later would
    rank after all of them, so the walk over the queue can stop there instead of reading
    every due job.

    @par Thread Safety
    A value type with no shared state.
*/
class claim_plan
{
public:
    claim_plan(std::size_t limit, std::size_t per_host, int half_open_failures);

    /// A host with `failures` consecutive failures; `breaker_open` when it is not to be tried.
    void host_health(const std::string& host, int failures, bool breaker_open);

    /// `host` is not answering right now: at most one leased job, like a half-open breaker.
    void unanswered(const std::string& host);
    /// One job of `host` leased now.
    void leased(const std::string& host);

    /// The next due, unleased job, oldest first.
    void offer(std::int64_t id, const std::string& host);

    /// True when no further offer can change chosen().
    [[nodiscard]] bool settled() const noexcept;

    /// The ids to lease, in round-robin order.
    [[nodiscard]] std::vector<std::int64_t> chosen() const;

private:
    struct host_state
    {
        std::size_t cap    = 0;
        std::size_t leased = 0;
        std::size_t taken  = 0;
    };

    struct candidate
    {
        std::size_t rank = 0; ///< this job's place among its host's chosen jobs
        std::size_t seq  = 0; ///< offer order
        std::int64_t id  = 0;
    };

    host_state& state(const std::string& host);

    std::size_t limit_;
    std::size_t per_host_;
    int half_open_failures_;
    std::unordered_map<std::string, host_state> hosts_;
    std::vector<candidate> candidates_;
    std::size_t firsts_ = 0; ///< candidates of rank 0
    std::size_t offers_ = 0;
};

} // namespace fedblog::storage
