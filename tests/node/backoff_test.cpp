// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the delivery retry policy: status classification and the jittered schedule.

// Test that header file is self-contained.
#include "node/delivery/backoff.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <ostream>
#include <random>

using fedblog::node::classify_status;
using fedblog::node::delivery_verdict;
using fedblog::node::max_attempts;
using fedblog::node::next_delay;
using namespace std::chrono_literals;

namespace fedblog::node {

inline std::ostream& boost_test_print_type(std::ostream& os, delivery_verdict v)
{
    switch (v)
    {
    case delivery_verdict::delivered:
        return os << "delivered";
    case delivery_verdict::retry:
        return os << "retry";
    case delivery_verdict::give_up:
        return os << "give_up";
    case delivery_verdict::gone:
        return os << "gone";
    }
    return os << "verdict(" << static_cast<int>(v) << ')';
}

} // namespace fedblog::node

namespace {

// The base delay after `attempts` failures, before jitter (the header's schedule).
std::chrono::seconds base_delay(int attempts)
{
    switch (attempts)
    {
    case 1:
        return 1min;
    case 2:
        return 5min;
    case 3:
        return 30min;
    case 4:
        return 2h;
    case 5:
        return 6h;
    case 6:
        return 12h;
    default:
        return 24h;
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_backoff)

BOOST_AUTO_TEST_CASE(classifies_statuses_like_mastodon)
{
    struct row
    {
        unsigned status;
        delivery_verdict verdict;
    };

    const row rows[] = {
        {200, delivery_verdict::delivered}, // OK
        {201, delivery_verdict::delivered}, // Created
        {202, delivery_verdict::delivered}, // Accepted: what Mastodon's inbox answers
        {204, delivery_verdict::delivered}, // No Content
        {299, delivery_verdict::delivered}, // any 2xx counts
        {0, delivery_verdict::retry},       // no response: network error or timeout
        {401, delivery_verdict::retry},     // peer may not have our rotated key yet
        {408, delivery_verdict::retry},     // Request Timeout
        {429, delivery_verdict::retry},     // Too Many Requests
        {500, delivery_verdict::retry},     // Internal Server Error
        {502, delivery_verdict::retry},     // Bad Gateway
        {503, delivery_verdict::retry},     // Service Unavailable
        {504, delivery_verdict::retry},     // Gateway Timeout
        {599, delivery_verdict::retry},     // any other 5xx
        {410, delivery_verdict::gone},      // the inbox's actor is gone: drop the follower
        {400, delivery_verdict::give_up},   // Bad Request: resending will not help
        {403, delivery_verdict::give_up},   // Forbidden (e.g. we are blocked)
        {404, delivery_verdict::give_up},   // Not Found
        {405, delivery_verdict::give_up},   // Method Not Allowed
        {413, delivery_verdict::give_up},   // Payload Too Large
        {422, delivery_verdict::give_up},   // Unprocessable
        {451, delivery_verdict::give_up},   // Unavailable For Legal Reasons
        {501, delivery_verdict::give_up},   // Not Implemented: Mastodon calls it unsalvageable
        {100, delivery_verdict::give_up},   // an interim answer is not an answer
        {301, delivery_verdict::give_up},   // no redirects with a signed POST
        {302, delivery_verdict::give_up},   // likewise
        {308, delivery_verdict::give_up},   // likewise
    };
    for (const auto& r : rows)
        BOOST_TEST(classify_status(r.status) == r.verdict, "status " << r.status);
}

BOOST_AUTO_TEST_CASE(delays_follow_the_schedule_within_jitter)
{
    for (std::uint64_t seed : {1u, 2u, 42u, 12345u})
    {
        std::mt19937_64 rng(seed);
        for (int attempts = 1; attempts < max_attempts; ++attempts)
        {
            const auto d = next_delay(attempts, std::nullopt, rng);
            BOOST_TEST_REQUIRE(d.has_value(), "attempts " << attempts);
            const auto base = base_delay(attempts).count();
            BOOST_TEST(d->count() >= base * 8 / 10, "attempts " << attempts);
            BOOST_TEST(d->count() <= base * 12 / 10, "attempts " << attempts);
        }
    }
}

BOOST_AUTO_TEST_CASE(delays_grow_with_attempts)
{
    // Even with jitter in opposite directions each step is more than 1.5 times the last,
    // until the 24 h plateau.
    std::mt19937_64 rng(7);
    auto previous = next_delay(1, std::nullopt, rng);
    for (int attempts = 2; attempts <= 7; ++attempts)
    {
        const auto d = next_delay(attempts, std::nullopt, rng);
        BOOST_TEST_REQUIRE(d.has_value());
        BOOST_TEST(d->count() > previous->count(), "attempts " << attempts);
        previous = d;
    }
}

BOOST_AUTO_TEST_CASE(jitter_varies_and_is_reproducible)
{
    std::mt19937_64 a(99);
    std::mt19937_64 b(99);
    bool varied = false;
    std::optional<std::chrono::seconds> first;
    for (int i = 0; i < 20; ++i)
    {
        const auto da = next_delay(3, std::nullopt, a);
        const auto db = next_delay(3, std::nullopt, b);
        // Same seed, same delays.
        BOOST_TEST(da->count() == db->count());
        if (first && first->count() != da->count())
            varied = true;
        first = da;
    }
    // Different draws give different delays: retries of many jobs spread out.
    BOOST_TEST(varied);
}

BOOST_AUTO_TEST_CASE(zero_or_negative_attempts_use_the_first_step)
{
    std::mt19937_64 rng(3);
    for (int attempts : {0, -1})
    {
        const auto d = next_delay(attempts, std::nullopt, rng);
        BOOST_TEST_REQUIRE(d.has_value());
        BOOST_TEST(d->count() >= 48);
        BOOST_TEST(d->count() <= 72);
    }
}

BOOST_AUTO_TEST_CASE(honours_longer_retry_after)
{
    std::mt19937_64 rng(5);
    // Attempt 1 waits at most 72 s; a Retry-After of 10 min wins.
    auto d = next_delay(1, 10min, rng);
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->count() == 600);
    // A shorter Retry-After does not shorten our schedule.
    d = next_delay(4, 1min, rng);
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->count() >= 2 * 3600 * 8 / 10);
    // Zero and negative hints are ignored.
    d = next_delay(1, 0s, rng);
    BOOST_TEST(d->count() >= 48);
    d = next_delay(1, -100s, rng);
    BOOST_TEST(d->count() >= 48);
}

BOOST_AUTO_TEST_CASE(caps_retry_after_at_a_day)
{
    std::mt19937_64 rng(11);
    // A peer asking for a month gets 24 h, or less than our own jittered 24 h step.
    auto d = next_delay(1, std::chrono::seconds(30LL * 86400), rng);
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->count() == 86400);
    d = next_delay(8, std::chrono::seconds(30LL * 86400), rng);
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->count() >= 86400);
    BOOST_TEST(d->count() <= 86400 * 12 / 10);
}

BOOST_AUTO_TEST_CASE(gives_up_after_max_attempts)
{
    std::mt19937_64 rng(13);
    BOOST_TEST(next_delay(max_attempts - 1, std::nullopt, rng).has_value());
    BOOST_TEST(!next_delay(max_attempts, std::nullopt, rng).has_value());
    BOOST_TEST(!next_delay(max_attempts + 1, std::nullopt, rng).has_value());
    // A Retry-After does not keep a dead job alive.
    BOOST_TEST(!next_delay(max_attempts, 1min, rng).has_value());
}

BOOST_AUTO_TEST_CASE(whole_schedule_lasts_about_a_week)
{
    for (std::uint64_t seed : {1u, 2u, 3u})
    {
        std::mt19937_64 rng(seed);
        std::chrono::seconds total{};
        int waits = 0;
        for (int attempts = 1;; ++attempts)
        {
            const auto d = next_delay(attempts, std::nullopt, rng);
            if (!d)
                break;
            total += *d;
            ++waits;
        }
        // max_attempts tries means max_attempts - 1 waits between them.
        BOOST_TEST(waits == max_attempts - 1);
        // Nominally 5.9 days; with ±20 % jitter between 4.6 and 7.1 days.
        BOOST_TEST(total.count() >= 4 * 86400);
        BOOST_TEST(total.count() <= 8 * 86400);
    }
}

BOOST_AUTO_TEST_SUITE_END()
