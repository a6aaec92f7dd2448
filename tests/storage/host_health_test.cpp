// SPDX-License-Identifier: AGPL-3.0-or-later
// The per-host breaker and unavailable rule, without a database.

// Test that header file is self-contained.
#include "storage/host_health.hpp"

#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::storage;
using fedblog::storage::test::at;
using namespace std::chrono_literals;

namespace {

host_attempt failure(time_point when, int status = 0)
{
    host_attempt a;
    a.at     = when;
    a.status = status;
    a.error  = status == 0 ? "timed out" : "status " + std::to_string(status);
    return a;
}

host_attempt success(time_point when)
{
    host_attempt a;
    a.at       = when;
    a.answered = true;
    return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(host_health_policy)

BOOST_AUTO_TEST_CASE(failures_below_the_threshold_do_not_open_the_breaker)
{
    host_policy p;
    host_health h;
    for (int i = 1; i < p.breaker_threshold; ++i)
    {
        h = apply_attempt(h, failure(at(i), 503), p);
        BOOST_TEST(h.failures == i);
        BOOST_TEST(!h.retry_at.has_value());
    }
    BOOST_TEST((h.failing_since == std::optional<time_point>(at(1))));
    BOOST_TEST(h.last_status == 503);
    BOOST_TEST(is_failing(h));
}

BOOST_AUTO_TEST_CASE(breaker_period_doubles_and_is_capped)
{
    host_policy p;
    host_health h;
    for (int i = 0; i < p.breaker_threshold - 1; ++i)
        h = apply_attempt(h, failure(at(0)), p);
    const std::chrono::seconds expected[] = {30s, 60s, 120s, 240s, 480s, 960s, 1920s, 3600s, 3600s};
    for (auto e : expected)
    {
        h = apply_attempt(h, failure(at(100)), p);
        BOOST_TEST_REQUIRE(h.retry_at.has_value());
        BOOST_TEST((*h.retry_at - at(100)).count() ==
                   std::chrono::duration_cast<std::chrono::milliseconds>(e).count());
    }
    // A huge streak does not overflow the shift.
    h.failures = 10'000;
    h          = apply_attempt(h, failure(at(100)), p);
    BOOST_TEST((*h.retry_at == at(100) + 1h));
}

BOOST_AUTO_TEST_CASE(a_success_ends_the_streak)
{
    host_policy p;
    host_health h;
    for (int i = 0; i < 7; ++i)
        h = apply_attempt(h, failure(at(i)), p);
    h = apply_attempt(h, success(at(50)), p);
    BOOST_TEST(h.failures == 0);
    BOOST_TEST(!h.failing_since.has_value());
    BOOST_TEST(!h.retry_at.has_value());
    BOOST_TEST((h.last_success == std::optional<time_point>(at(50))));
    BOOST_TEST(!is_failing(h));
}

BOOST_AUTO_TEST_CASE(unavailable_after_failing_for_the_whole_period)
{
    host_policy p;
    host_health h = apply_attempt({}, failure(at(0)), p);
    h             = apply_attempt(h, failure(at(0) + 71h), p);
    BOOST_TEST(!h.unavailable_since.has_value());
    h = apply_attempt(h, failure(at(0) + 72h), p);
    BOOST_TEST_REQUIRE(h.unavailable_since.has_value());
    // Probed once per probe_interval, not at the breaker's pace.
    BOOST_TEST((*h.retry_at == at(0) + 72h + p.probe_interval));
    h = apply_attempt(h, failure(at(0) + 96h), p);
    BOOST_TEST((*h.unavailable_since == at(0) + 72h)); // since when, kept
    BOOST_TEST((*h.retry_at == at(0) + 96h + p.probe_interval));
    // Revival by an inbound request clears it all.
    h = revive(h, at(0) + 100h);
    BOOST_TEST(!is_failing(h));
    BOOST_TEST(!h.unavailable_since.has_value());
}

BOOST_AUTO_TEST_CASE(retry_after_is_a_floor)
{
    host_policy p;
    auto a        = failure(at(10), 429);
    a.retry_after = at(10) + 2h;
    host_health h = apply_attempt({}, a, p);
    BOOST_TEST((*h.retry_at == at(10) + 2h));
    // A shorter hint does not shorten an open breaker.
    for (int i = 0; i < 10; ++i)
        h = apply_attempt(h, failure(at(20)), p);
    a             = failure(at(20), 503);
    a.retry_after = at(21);
    h             = apply_attempt(h, a, p);
    BOOST_TEST((*h.retry_at == at(20) + 1h));
}

BOOST_AUTO_TEST_SUITE_END()
