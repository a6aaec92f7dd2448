// SPDX-License-Identifier: AGPL-3.0-or-later
// What one delivery answer means for the job and the host; Retry-After as peers send it.

// Test that header file is self-contained.
#include "node/delivery/attempt.hpp"

#include "node/delivery/backoff.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::node;
using fedblog::storage::outcome_kind;
using namespace std::chrono_literals;

namespace {

const fedblog::storage::time_point now{std::chrono::milliseconds(1'700'000'000'000)};

fedblog::storage::delivery_job job(int attempts = 0)
{
    fedblog::storage::delivery_job j;
    j.id       = 7;
    j.inbox    = "https://remote.example/inbox";
    j.host     = "remote.example";
    j.attempts = attempts;
    return j;
}

attempt_answer answer(unsigned status, std::optional<std::chrono::seconds> retry_after = {})
{
    attempt_answer a;
    a.status      = status;
    a.error       = status == 0 ? "timed out" : "status " + std::to_string(status);
    a.retry_after = retry_after;
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_attempt)

BOOST_AUTO_TEST_CASE(success_is_delivered_and_speaks_for_the_host)
{
    std::mt19937_64 rng(1);
    auto o = judge_attempt(job(), answer(202), now, 1.0, rng);
    BOOST_TEST((o.kind == outcome_kind::delivered));
    BOOST_TEST(o.error.empty());
    BOOST_TEST(o.attempt.answered);
    BOOST_TEST(o.job_id == 7);
    BOOST_TEST(o.host == "remote.example");
}

BOOST_AUTO_TEST_CASE(gone_and_refused_are_final_but_the_host_works)
{
    std::mt19937_64 rng(1);
    auto gone = judge_attempt(job(), answer(410), now, 1.0, rng);
    BOOST_TEST((gone.kind == outcome_kind::gone));
    BOOST_TEST(gone.attempt.answered);
    auto refused = judge_attempt(job(), answer(403), now, 1.0, rng);
    BOOST_TEST((refused.kind == outcome_kind::dead));
    BOOST_TEST(refused.error == "refused: status 403");
    BOOST_TEST(refused.attempt.answered);
}

BOOST_AUTO_TEST_CASE(server_errors_retry_on_the_scaled_schedule_and_count_against_the_host)
{
    std::mt19937_64 rng(1);
    auto o = judge_attempt(job(), answer(503), now, 1.0, rng);
    BOOST_TEST((o.kind == outcome_kind::retry));
    BOOST_TEST(!o.attempt.answered);
    BOOST_TEST((o.next_attempt >= now + 48s && o.next_attempt <= now + 72s));
    auto fast = judge_attempt(job(), answer(0), now, 0.01, rng);
    BOOST_TEST((fast.next_attempt <= now + 1s));
}

BOOST_AUTO_TEST_CASE(retry_after_is_not_scaled_and_is_capped_at_a_day)
{
    std::mt19937_64 rng(1);
    auto o = judge_attempt(job(), answer(429, 3600s), now, 0.01, rng);
    BOOST_TEST((o.next_attempt == now + 3600s));
    BOOST_TEST((o.attempt.retry_after == now + 3600s));
    auto huge = judge_attempt(job(), answer(503, std::chrono::seconds(1LL << 40)), now, 1.0, rng);
    BOOST_TEST((huge.attempt.retry_after == now + 24h));
    BOOST_TEST((huge.next_attempt <= now + 24h));
}

BOOST_AUTO_TEST_CASE(the_last_attempt_ends_dead_with_the_count_and_the_error)
{
    std::mt19937_64 rng(1);
    auto o = judge_attempt(job(max_attempts - 1), answer(0), now, 1.0, rng);
    BOOST_TEST((o.kind == outcome_kind::dead));
    BOOST_TEST(o.error == "gave up after " + std::to_string(max_attempts) + " attempts: timed out");
}

BOOST_AUTO_TEST_CASE(retry_after_values_from_strangers)
{
    const auto at = std::chrono::sys_seconds(std::chrono::seconds(1'700'000'000));
    BOOST_TEST((parse_retry_after("120", at) == std::optional(120s)));
    BOOST_TEST((parse_retry_after("  7\t", at) == std::optional(7s)));
    BOOST_TEST(!parse_retry_after("", at));
    BOOST_TEST(!parse_retry_after("-5", at));
    BOOST_TEST(!parse_retry_after("12abc", at));
    BOOST_TEST(!parse_retry_after("99999999999999999999999", at));
    BOOST_TEST(!parse_retry_after("soon", at));
    BOOST_TEST(!parse_retry_after(std::string(10000, '9'), at));
    // An HTTP-date: relative to now, and 0 when already past.
    BOOST_TEST((parse_retry_after("Tue, 14 Nov 2023 22:12:20 GMT", at) == std::optional(0s)));
    BOOST_TEST((parse_retry_after("Tue, 14 Nov 2023 22:14:20 GMT", at) == std::optional(60s)));
}

BOOST_AUTO_TEST_SUITE_END()
