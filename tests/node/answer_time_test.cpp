// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for how long a delivery may wait for its answer before its slot goes to another.

// Test that header file is self-contained.
#include "node/delivery/answer_time.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using fedblog::node::answer_time;
using namespace std::chrono_literals;

namespace {

answer_time after(int answers, std::chrono::microseconds each, answer_time t = {})
{
    for (int i = 0; i < answers; ++i)
        t.add(each);
    return t;
}

} // namespace

BOOST_AUTO_TEST_SUITE(answer_time_rules)

BOOST_AUTO_TEST_CASE(before_any_answer_it_waits_the_longest)
{
    BOOST_TEST(answer_time{}.slow_after().count() == answer_time::max_slow_after.count());
}

BOOST_AUTO_TEST_CASE(fast_inboxes_bring_it_down_to_the_floor)
{
    const auto t = after(200, 1ms);
    BOOST_TEST(t.typical().count() < 2000);
    BOOST_TEST(t.slow_after().count() == answer_time::min_slow_after.count());
}

BOOST_AUTO_TEST_CASE(it_is_a_multiple_of_the_typical_answer)
{
    const auto t = after(400, 20ms);
    BOOST_TEST(t.typical().count() > 19'000);
    BOOST_TEST(t.typical().count() < 20'016); // the integer mean stops within 16 µs
    // 8 x 20 ms, give or take the rounding of the running mean.
    BOOST_TEST(t.slow_after().count() >= 152);
    BOOST_TEST(t.slow_after().count() <= 160);
}

BOOST_AUTO_TEST_CASE(slow_inboxes_never_push_it_past_the_ceiling)
{
    const auto t = after(400, 3s);
    BOOST_TEST(t.slow_after().count() == answer_time::max_slow_after.count());
}

BOOST_AUTO_TEST_CASE(one_very_late_answer_counts_as_merely_slow)
{
    // After fast answers, one that took a minute moves the mean as one of 0.5 s would:
    // 1 ms + (500 ms - 1 ms) / 16, about 32 ms, so 8 x that, about 250 ms, not the ceiling.
    auto t = after(200, 1ms);
    t.add(60s);
    BOOST_TEST(t.slow_after().count() > 200);
    BOOST_TEST(t.slow_after().count() < 300);
    // ...and a few dozen fast answers bring it back to the floor.
    t = after(60, 1ms, t);
    BOOST_TEST(t.slow_after().count() == answer_time::min_slow_after.count());
}

BOOST_AUTO_TEST_CASE(a_negative_wait_counts_as_none)
{
    // steady_clock never goes back, but a caller's arithmetic might: it must not poison
    // the mean.
    const auto t = after(200, -5s);
    BOOST_TEST(t.typical().count() >= 0);
    BOOST_TEST(t.slow_after().count() == answer_time::min_slow_after.count());
}

BOOST_AUTO_TEST_SUITE_END()
