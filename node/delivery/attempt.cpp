// SPDX-License-Identifier: AGPL-3.0-or-later
// Classifying one delivery attempt.
#include "node/delivery/attempt.hpp"

#include "node/delivery/backoff.hpp"

#include <algorithm>

namespace fedblog::node {

storage::job_outcome judge_attempt(const storage::delivery_job& job, const attempt_answer& answer,
                                   storage::time_point now, double retry_scale,
                                   std::mt19937_64& rng)
{
    using namespace std::chrono_literals;
    storage::job_outcome o;
    o.job_id = job.id;
    o.inbox  = job.inbox;
    o.host   = job.host;
    o.status = static_cast<int>(answer.status);
    o.error  = answer.error;

    o.attempt.answered = host_answered(answer.status);
    o.attempt.at       = now;
    o.attempt.status   = o.status;
    o.attempt.error    = answer.error;
    // A Retry-After beyond a day is not a reason to hold a whole host longer than that.
    const auto hold = answer.retry_after ? std::min(*answer.retry_after, std::chrono::seconds(24h))
                                         : std::chrono::seconds(0);
    if (answer.retry_after)
        o.attempt.retry_after = now + hold;

    switch (classify_status(answer.status))
    {
    case delivery_verdict::delivered:
        o.kind  = storage::outcome_kind::delivered;
        o.error = "";
        return o;
    case delivery_verdict::gone:
        o.kind  = storage::outcome_kind::gone;
        o.error = "gone: status 410";
        return o;
    case delivery_verdict::give_up:
        o.kind  = storage::outcome_kind::dead;
        o.error = "refused: " + answer.error;
        return o;
    case delivery_verdict::retry:
        break;
    }
    const int failures = job.attempts + 1;
    auto delay         = next_delay(failures, std::nullopt, rng);
    if (!delay)
    {
        o.kind  = storage::outcome_kind::dead;
        o.error = "gave up after " + std::to_string(failures) + " attempts: " + answer.error;
        return o;
    }
    // The schedule scales (tests compress a week into seconds); the peer's Retry-After does not.
    const auto scaled = std::chrono::milliseconds(static_cast<long long>(
        static_cast<double>(std::chrono::duration_cast<std::chrono::milliseconds>(*delay).count()) *
        retry_scale));
    o.kind            = storage::outcome_kind::retry;
    o.next_attempt    = now + std::max<std::chrono::milliseconds>(scaled, hold);
    return o;
}

} // namespace fedblog::node
