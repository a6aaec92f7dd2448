// SPDX-License-Identifier: AGPL-3.0-or-later
// A fan-out interrupted by kill -9 or SIGTERM loses nothing: after a restart every inbox gets
// the post (at least once; only jobs not acknowledged before the crash are sent again).
#include "tests/integration/delivery_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <set>
#include <string>

using namespace fedblog::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t follower_count = 40;

struct fan_out : delivery_fixture
{
    // Two deliveries at a time to the one remote host: the fan-out takes long enough to be
    // interrupted in the middle.
    fan_out() : delivery_fixture(clocked_config({"delivery_per_host = 2"}))
    {
        for (std::size_t i = 0; i < follower_count; ++i)
            follow(remote, remote.add_actor("f" + std::to_string(i), false));
        BOOST_TEST_REQUIRE(wait_for(remote, "Accept", follower_count, 30s).size() ==
                           follower_count);
    }

    /// How many Creates each inbox received.
    std::map<std::string, std::size_t> creates_by_inbox() const
    {
        std::map<std::string, std::size_t> out;
        for (const auto& r : received(remote, "Create"))
            ++out[r.target];
        return out;
    }

    /// Every inbox got the post exactly once, and the ledger of `url` counts them all.
    void expect_each_inbox_once(const std::string& url)
    {
        const auto by_inbox = creates_by_inbox();
        BOOST_TEST(by_inbox.size() == follower_count);
        for (const auto& [inbox, n] : by_inbox)
            BOOST_TEST(n == 1u, inbox << " got " << n << " copies");
        BOOST_TEST(eventually([&] {
            return number(ledger_entry(deliveries(url), "Create"), "delivered") ==
                   static_cast<std::int64_t>(follower_count);
        }));
    }

    fake_remote remote;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(delivery_crash, fan_out)

BOOST_AUTO_TEST_CASE(kill_9_mid_fan_out_loses_no_delivery)
{
    const std::string url = node.publish(node.create_token(), "Crash test");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, 15s).size() >= 1u);
    node.kill9();
    const std::size_t before = received(remote, "Create").size();
    BOOST_TEST(before < follower_count); // the crash did interrupt the fan-out

    node.start();
    // On a loaded machine a POST may still time out and wait for its backoff, which only
    // the test clock can end: keep moving it (each step is past the first retry delay).
    auto creates = wait_for(remote, "Create", follower_count, 20s);
    for (int step = 0; step < 6 && creates_by_inbox().size() < follower_count; ++step)
    {
        advance(10min);
        creates = wait_for(remote, "Create", follower_count, 10s);
    }
    const auto by_inbox = creates_by_inbox();
    BOOST_TEST(by_inbox.size() == follower_count); // every inbox, none lost
    // At least once: an inbox gets a second copy only if its POST was in flight when the
    // process died (at most the per-host limit of them), never the acknowledged ones.
    std::size_t duplicates = 0;
    for (const auto& [inbox, n] : by_inbox)
        duplicates += n - 1;
    BOOST_TEST(duplicates <= 2u);
    BOOST_TEST(eventually([&] {
        auto entry = ledger_entry(deliveries(url), "Create");
        return number(entry, "delivered") == static_cast<std::int64_t>(follower_count) &&
               number(entry, "retrying") == 0;
    }));
}

BOOST_AUTO_TEST_CASE(after_kill_9_the_deliveries_in_flight_go_again_at_once)
{
    // The remote stops answering, so the node's deliveries to it (two: its per-host limit)
    // are in flight, leased and unanswered when it dies.
    remote.stall_inbox_posts();
    node.publish(node.create_token(), "Crash with deliveries in flight");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 2, 15s).size() >= 2u);
    node.kill9();
    remote.resume_inbox_posts();
    const std::size_t before = received(remote, "Create").size();

    // No other process delivers from this database, so the new one clears the dead one's
    // leases: every inbox gets the post, those two again, while the test clock stands
    // still (the leases would end only at delivery_timeout plus a minute).
    node.start();
    std::set<std::string> after_restart;
    BOOST_TEST(eventually(
        [&] {
            const auto creates = received(remote, "Create");
            after_restart.clear();
            for (std::size_t i = before; i < creates.size(); ++i)
                after_restart.insert(creates[i].target);
            return after_restart.size() == follower_count;
        },
        30s));
    BOOST_TEST(after_restart.size() == follower_count);
}

BOOST_AUTO_TEST_CASE(sigterm_mid_fan_out_leaves_the_rest_queued)
{
    const std::string url = node.publish(node.create_token(), "Shutdown test");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, 15s).size() >= 1u);
    BOOST_TEST(node.stop() == 0);
    const std::size_t before = received(remote, "Create").size();
    BOOST_TEST(before < follower_count);

    // A drained node released its leases: the restarted one sends the rest at once, no
    // lease has to run out, and nothing acknowledged goes twice.
    node.start();
    wait_for(remote, "Create", follower_count, 30s);
    expect_each_inbox_once(url);
}

BOOST_AUTO_TEST_CASE(moving_the_test_clock_mid_fan_out_sends_nothing_twice)
{
    // Each move jumps past the leases (90 s). The clock endpoint waits until the engine is
    // idle first, so a lease taken at the old time is never read at the new one: a job
    // leased by a claim still in progress, or by one that started as the clock moved, would
    // otherwise be handed out again while it is on its way. (Found by the kill -9 test
    // above on a loaded machine: after its clock move, two more inboxes got a second copy.)
    const std::string url = node.publish(node.create_token(), "Clock test");
    std::size_t moves     = 0;
    while (received(remote, "Create").size() < follower_count && moves < 200)
    {
        auto reply = node.post("/_test/clock?advance_ms=120000", "", {});
        BOOST_TEST_REQUIRE(reply.status == 200u);
        ++moves;
    }
    wait_for(remote, "Create", follower_count, 30s);
    BOOST_TEST_MESSAGE("clock moves during the fan-out: " << moves);
    expect_each_inbox_once(url);
}

BOOST_AUTO_TEST_SUITE_END()
