// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's periodic maintenance, with its clock moved by the test: jobs that wait too long
// end dead as "expired", finished jobs and inbound activity ids are forgotten after their
// time, pending jobs never are, and a recent activity id is still refused when replayed.
#include "tests/integration/delivery_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::test;
using namespace std::chrono_literals;

namespace {

constexpr auto patience = std::chrono::seconds(15);

struct one_follower : delivery_fixture
{
    one_follower() : alice(remote.add_actor("alice", false)), token(node.create_token())
    {
        follow(remote, alice);
        BOOST_TEST_REQUIRE(wait_for(remote, "Accept", 1, patience).size() == 1u);
    }

    std::size_t creates() const { return received(remote, "Create").size(); }

    std::int64_t followers() const
    {
        auto doc = node.get("/users/author/followers", "application/activity+json").json();
        return *doc.find("totalItems")->if_int();
    }

    /// The Create's entry in `url`'s ledger once `check` holds for it (outcomes are written
    /// a moment after the answers).
    template <class Check>
    json::value create_entry_when(const std::string& url, Check check)
    {
        BOOST_TEST(eventually([&] { return check(ledger_entry(deliveries(url), "Create")); }));
        return ledger_entry(deliveries(url), "Create");
    }

    /// A Follow of the blog by `who`, and its Undo.
    json::value undo_of(const fake_remote::actor& who)
    {
        return json::make_object({
            {"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", who.id + "/undos/1"},
            {"type", "Undo"},
            {"actor", who.id},
            {"object", follow_activity(who)},
        });
    }

    fake_remote remote;
    const fake_remote::actor& alice;
    std::string token;
};

std::string text_of(const json::value& doc, const char* key)
{
    auto v = doc.get_string(key);
    return v ? std::string(*v) : std::string();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(delivery_expiry, one_follower)

BOOST_AUTO_TEST_CASE(a_job_waiting_on_a_failing_host_expires_after_eight_days)
{
    remote.queue_inbox_statuses({}, 503);
    const std::string url = node.publish(token, "Nobody home");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 1, patience).size() == 1u);

    // A week of daily steps: the host keeps failing (and is unavailable after three days),
    // the job keeps waiting. Daily steps allow at most one attempt a day, far from the 13
    // after which the schedule itself would give up: what ends this job is its age.
    for (int day = 1; day <= 7; ++day)
        advance(24h);
    advance(23h);
    auto waiting = ledger_entry(deliveries(url), "Create");
    BOOST_TEST(number(waiting, "retrying") == 1);
    BOOST_TEST(number(waiting, "dead") == 0);
    BOOST_TEST(number(deliveries(), "pending") == 1);
    const auto attempts = creates();
    BOOST_TEST(attempts >= 2u);
    BOOST_TEST(attempts < 13u);

    // Eight days after it was queued, the next maintenance ends it.
    advance(2h);
    const auto dead = create_entry_when(url, [](const json::value& e) {
        return number(e, "dead") == 1 && number(e, "retrying") == 0;
    });
    BOOST_TEST(text_of(dead, "lastDeadError") == "expired: host failing: status 503");
    BOOST_TEST(number(dead, "lastDeadStatus") == 503);
    BOOST_TEST(number(dead, "inboxes") == 1);

    auto overview = deliveries();
    BOOST_TEST(number(overview, "pending") == 0);
    const auto* jobs = overview.find("deadJobs");
    BOOST_TEST_REQUIRE((jobs != nullptr && jobs->if_array() && jobs->if_array()->size() == 1u));
    BOOST_TEST(text_of(jobs->if_array()->front(), "inbox") == alice.inbox);
    BOOST_TEST(text_of(jobs->if_array()->front(), "lastError").starts_with("expired"));

    // The same in the text the author reads, and behind the token.
    const auto data = node.data_dir().string();
    auto ledger     = run_fedblog({"deliveries", "--data", data, "--post", url});
    BOOST_TEST(ledger.exit_code == 0);
    BOOST_TEST(ledger.out.find("0 retrying, 1 dead (last status 503: expired: host failing: "
                               "status 503)") != std::string::npos,
               ledger.out);
    auto queue = run_fedblog({"deliveries", "--data", data});
    BOOST_TEST(queue.exit_code == 0);
    BOOST_TEST(queue.out.find("reason=\"expired: host failing: status 503\"") != std::string::npos,
               queue.out);
    header_pairs bearer{{"Authorization", "Bearer " + token}};
    auto api = node.get("/api/deliveries?post=" + url, "application/json", bearer);
    BOOST_TEST_REQUIRE(api.status == 200u);
    auto api_entry = ledger_entry(api.json(), "Create");
    BOOST_TEST(number(api_entry, "dead") == 1);
    BOOST_TEST(text_of(api_entry, "lastDeadError").starts_with("expired"));

    // Dead is final: nothing more goes out, even when the host works again.
    remote.queue_inbox_statuses({}, 202);
    advance(24h);
    BOOST_TEST(creates() == attempts);
}

BOOST_AUTO_TEST_CASE(finished_jobs_are_pruned_after_thirty_days_pending_ones_never)
{
    const std::string kept = node.publish(token, "Delivered, for a month in the ledger");
    create_entry_when(kept, [](const json::value& e) { return number(e, "delivered") == 1; });
    remote.queue_inbox_statuses({403}, 202);
    const std::string refused = node.publish(token, "Refused, for a month in the ledger");
    create_entry_when(refused, [](const json::value& e) { return number(e, "dead") == 1; });

    // Not yet thirty days: the ledger still has every job.
    advance(29 * 24h);
    BOOST_TEST(number(ledger_entry(deliveries(kept), "Create"), "delivered") == 1);
    BOOST_TEST(number(ledger_entry(deliveries(refused), "Create"), "dead") == 1);
    BOOST_TEST(number(deliveries(), "delivered") == 2); // the Accept and the first post
    BOOST_TEST(number(deliveries(), "dead") == 1);

    // A post the host does not take now: its job waits while the others go.
    remote.queue_inbox_statuses({}, 503);
    const std::string waiting = node.publish(token, "Still on its way");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 3, patience).size() == 3u);
    create_entry_when(waiting, [](const json::value& e) { return number(e, "retrying") == 1; });

    advance(25h);
    auto overview = deliveries();
    BOOST_TEST(number(overview, "delivered") == 0);
    BOOST_TEST(number(overview, "dead") == 0);
    BOOST_TEST(number(overview, "pending") == 1);
    // The posts' activities stay (they keep a repeated enqueue a no-op); their jobs are gone.
    BOOST_TEST(number(ledger_entry(deliveries(kept), "Create"), "inboxes") == 0);
    BOOST_TEST(number(ledger_entry(deliveries(refused), "Create"), "inboxes") == 0);
    auto pending = ledger_entry(deliveries(waiting), "Create");
    BOOST_TEST(number(pending, "inboxes") == 1);
    BOOST_TEST(number(pending, "retrying") == 1);

    // The pending job was kept, and is delivered once the host answers.
    remote.queue_inbox_statuses({}, 202);
    advance(10min);
    create_entry_when(waiting, [](const json::value& e) { return number(e, "delivered") == 1; });
}

BOOST_AUTO_TEST_CASE(inbound_ids_are_forgotten_after_fourteen_days_recent_ones_refused)
{
    // A replayed Follow after its Undo would make a former follower follow again: the
    // remembered id is what refuses it.
    const auto follow_a = follow_activity(alice);
    BOOST_TEST_REQUIRE(remote.send(node, alice, undo_of(alice)).status == 202u);
    BOOST_TEST_REQUIRE(followers() == 0);
    BOOST_TEST(remote.send(node, alice, follow_a).status == 202u);
    BOOST_TEST(followers() == 0);

    advance(13 * 24h);
    BOOST_TEST(remote.send(node, alice, follow_a).status == 202u);
    BOOST_TEST(followers() == 0);

    // Another follower comes and goes on day 13.
    const auto& bob = remote.add_actor("bob", false);
    follow(remote, bob);
    BOOST_TEST_REQUIRE(followers() == 1);
    BOOST_TEST_REQUIRE(remote.send(node, bob, undo_of(bob)).status == 202u);
    BOOST_TEST_REQUIRE(followers() == 0);

    // Day 14 and an hour: alice's Follow is forgotten, bob's (a day old) is not.
    advance(25h);
    BOOST_TEST(remote.send(node, bob, follow_activity(bob)).status == 202u);
    BOOST_TEST(followers() == 0); // still refused as a duplicate
    BOOST_TEST(remote.send(node, alice, follow_a).status == 202u);
    BOOST_TEST(followers() == 1); // handled as new: its id was pruned
}

BOOST_AUTO_TEST_SUITE_END()
