// SPDX-License-Identifier: AGPL-3.0-or-later
// The retry policy against real loopback inboxes, with the node's clock moved by the test
// instead of sleeps: backoff, Retry-After, 410 Gone, unavailable hosts and their revival.
#include "tests/integration/delivery_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::test;
using namespace std::chrono_literals;

namespace {

constexpr auto patience = std::chrono::seconds(15);

struct one_follower : delivery_fixture
{
    one_follower() : alice(remote.add_actor("alice", false))
    {
        follow(remote, alice);
        BOOST_TEST_REQUIRE(wait_for(remote, "Accept", 1, patience).size() == 1u);
    }

    std::size_t creates() const { return received(remote, "Create").size(); }

    std::int64_t followers() const
    {
        auto reply = node.get("/users/author/followers", "application/activity+json");
        auto doc   = reply.json();
        return *doc.find("totalItems")->if_int();
    }

    fake_remote remote;
    const fake_remote::actor& alice;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(delivery_policy, one_follower)

BOOST_AUTO_TEST_CASE(a_failed_delivery_waits_for_its_backoff)
{
    remote.queue_inbox_statuses({503}, 202);
    node.publish(node.create_token(), "Second time lucky");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);

    // The first retry comes after 1 min ± 20 %: not at 40 s, surely by 80 s.
    advance(40s);
    BOOST_TEST(creates() == 1u);
    advance(40s);
    BOOST_TEST(wait_for(remote, "Create", 2, patience).size() == 2u);
}

BOOST_AUTO_TEST_CASE(retry_after_holds_the_job_and_the_host)
{
    remote.set_retry_after("3600");
    remote.queue_inbox_statuses({429}, 202);
    const std::string url = node.publish(node.create_token(), "Not so fast");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);
    remote.set_retry_after("");

    // The schedule alone would retry after about a minute; the peer asked for an hour.
    advance(30min);
    BOOST_TEST(creates() == 1u);
    auto retrying = ledger_entry(deliveries(url), "Create");
    BOOST_TEST(number(retrying, "retrying") == 1);

    advance(31min);
    BOOST_TEST(wait_for(remote, "Create", 2, patience).size() == 2u);
}

BOOST_AUTO_TEST_CASE(gone_removes_a_personal_inbox_follower)
{
    BOOST_TEST(followers() == 1);
    remote.queue_inbox_statuses({410}, 202);
    const std::string url = node.publish(node.create_token(), "Anyone there?");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);

    BOOST_TEST(eventually([&] { return followers() == 0; }));
    auto entry = ledger_entry(deliveries(url), "Create");
    BOOST_TEST(number(entry, "dead") == 1);
    BOOST_TEST(number(entry, "lastDeadStatus") == 410);

    // Nothing more goes to an inbox that is gone, however long we wait.
    node.publish(node.create_token(), "Still nobody");
    advance(24h);
    BOOST_TEST(creates() == 1u);
}

BOOST_AUTO_TEST_CASE(a_host_failing_for_days_is_unavailable_until_it_speaks_to_us)
{
    remote.queue_inbox_statuses({}, 503);
    const std::string url = node.publish(node.create_token(), "Into the void");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);

    // One attempt a day: after three days of failures the host is unavailable.
    for (std::size_t day = 1; day <= 3; ++day)
    {
        advance(24h);
        BOOST_TEST_REQUIRE(wait_for(remote, "Create", day + 1, patience).size() == day + 1);
    }
    // The outcome batch is written a moment after the attempt.
    BOOST_TEST(eventually([&] { return number(deliveries(), "unavailableHostCount") == 1; }));
    auto overview = deliveries();
    BOOST_TEST(number(overview, "pending") == 1); // waiting, not dropped
    const auto* hosts = overview.find("failingHosts");
    BOOST_TEST_REQUIRE((hosts != nullptr && hosts->if_array() && hosts->if_array()->size() == 1u));
    BOOST_TEST(number(hosts->if_array()->front(), "lastStatus") == 503);

    // Hours pass without a try: the host is only probed once a day now.
    advance(6h);
    BOOST_TEST(creates() == 4u);

    // The host sends us a signed request: it works again, and the waiting job goes at once,
    // without any more time passing.
    remote.queue_inbox_statuses({}, 202);
    const auto& carol = remote.add_actor("carol", false);
    follow(remote, carol);
    BOOST_TEST(wait_for(remote, "Create", 5, patience).size() == 5u);
    BOOST_TEST(eventually([&] {
        return number(ledger_entry(deliveries(url), "Create"), "delivered") == 1 &&
               number(deliveries(), "failingHostCount") == 0;
    }));
}

BOOST_AUTO_TEST_CASE(a_long_answer_is_cut_off_and_the_delivery_still_counts)
{
    // The node reads 16 KB of an answer at most: the status is what matters.
    remote.pad_inbox_answers(4 * 1024 * 1024);
    const std::string url = node.publish(node.create_token(), "Long answers");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);
    BOOST_TEST(eventually(
        [&] { return number(ledger_entry(deliveries(url), "Create"), "delivered") == 1; }));
}

BOOST_AUTO_TEST_CASE(refused_deliveries_end_dead_with_their_reason)
{
    remote.queue_inbox_statuses({403}, 202);
    const std::string url = node.publish(node.create_token(), "Not welcome");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);
    advance(24h);
    BOOST_TEST(creates() == 1u);
    auto entry = ledger_entry(deliveries(url), "Create");
    BOOST_TEST(number(entry, "dead") == 1);
    BOOST_TEST(number(entry, "lastDeadStatus") == 403);
    BOOST_TEST((entry.get_string("lastDeadError") ==
                std::optional<std::string_view>("refused: status 403")));
    auto overview    = deliveries();
    const auto* dead = overview.find("deadJobs");
    BOOST_TEST_REQUIRE((dead != nullptr && dead->if_array() && dead->if_array()->size() == 1u));
    BOOST_TEST(*dead->if_array()->front().get_string("inbox") == alice.inbox);
}

BOOST_AUTO_TEST_SUITE_END()
