// SPDX-License-Identifier: AGPL-3.0-or-later
// Two fedblog processes of one blog on one PostgreSQL database, as behind a load balancer:
// whatever reaches either node is seen by both, and each follower gets each post once.

#include "protocol/json.hpp"
#include "storage/open_store.hpp"
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"
#include "tests/support/pg_scratch_schema.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES

namespace fedblog::test {

namespace {

namespace json = protocol::json;

std::vector<recorded_request> received(const fake_remote& remote, const std::string& type)
{
    return remote.posts_of(type);
}

std::vector<recorded_request> wait_for(const fake_remote& remote, const std::string& type,
                                       std::size_t n)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (received(remote, type).size() < n && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return received(remote, type);
}

json::value follow_of(const fake_remote::actor& who, const node_process& node)
{
    return follow_activity(who, node.actor());
}

/** `n` followers on `remote` follow through `via`; then the remote stops answering, a post
    is published through `victim`, and `victim` is killed with -9 once four of its Creates
    (the per-host limit) are in flight, leased and unanswered. The remote answers again.
    @return how many Creates the remote had received by then.
*/
std::size_t crash_with_deliveries_in_flight(fake_remote& remote, const node_process& via,
                                            node_process& victim, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
    {
        const auto& f = remote.add_actor("f" + std::to_string(i), false);
        BOOST_TEST_REQUIRE(remote.send(via, f, follow_of(f, via)).status == 202u);
    }
    BOOST_TEST_REQUIRE(wait_for(remote, "Accept", n).size() == n);
    remote.stall_inbox_posts();
    victim.publish(victim.create_token(), "Crash with deliveries in flight", "Crash");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 4).size() >= 4u);
    victim.kill9();
    remote.resume_inbox_posts();
    return received(remote, "Create").size();
}

/** How many distinct inboxes got a Create after the first `before` ones, waiting up to 30 s
    for `n`: far less than the 90 s a dead node's leases would hold its host.
*/
std::size_t inboxes_reached_after(const fake_remote& remote, std::size_t before, std::size_t n)
{
    std::set<std::string> inboxes;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (inboxes.size() < n && std::chrono::steady_clock::now() < deadline)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const auto creates = received(remote, "Create");
        for (std::size_t i = before; i < creates.size(); ++i)
            inboxes.insert(creates[i].target);
    }
    return inboxes.size();
}

/// Two nodes of one blog on a scratch schema, both serving.
struct two_nodes
{
    pg_scratch_schema schema;
    node_process first{{"allow_http_peers = true", "allow_private_addresses = true",
                        "database = " + schema.url()}};
    node_process second{node_process::replica_of{first}};

    two_nodes()
    {
        first.start();
        second.start();
    }
};

/// Whether the running node has libpq mapped (it is loaded only for a PostgreSQL store).
bool maps_libpq(const node_process& node)
{
    std::ifstream maps("/proc/" + std::to_string(node.pid()) + "/maps");
    const std::string text{std::istreambuf_iterator<char>(maps), {}};
    BOOST_TEST_REQUIRE(!text.empty());
    return text.find("libpq.so") != std::string::npos;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(shared_database, two_nodes, *boost::unit_test::precondition(pg_dsn_is_set))

BOOST_AUTO_TEST_CASE(follows_tokens_and_posts_reach_both_nodes_and_each_follower_once)
{
    BOOST_TEST(maps_libpq(first));
    fake_remote remote;
    const auto& alice = remote.add_actor("alice", false);
    const auto& bob   = remote.add_actor("bob", false);
    // One follow arrives at each node.
    BOOST_TEST_REQUIRE(remote.send(second, alice, follow_of(alice, second)).status == 202u);
    BOOST_TEST_REQUIRE(remote.send(first, bob, follow_of(bob, first)).status == 202u);
    BOOST_TEST_REQUIRE(wait_for(remote, "Accept", 2).size() == 2u);
    for (const node_process* node : {&first, &second})
    {
        auto followers = node->get("/users/author/followers", "application/activity+json");
        BOOST_TEST_REQUIRE(followers.status == 200u);
        BOOST_TEST(*followers.json().find("totalItems")->if_int() == 2);
    }

    // A token made through the first node's data directory works at the second node.
    const std::string url = second.publish(first.create_token(), "Hello from two nodes", "Twice");

    // Both nodes run a delivery engine on the same queue: each inbox gets the Create once.
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 2).size() == 2u);
    std::this_thread::sleep_for(std::chrono::milliseconds(500)); // no third copy may follow
    const auto creates = received(remote, "Create");
    BOOST_TEST_REQUIRE(creates.size() == 2u);
    std::set<std::string> targets;
    for (const auto& c : creates)
        targets.insert(c.target);
    BOOST_TEST(targets.size() == 2u);

    // The post is served by both, under the one domain both answer for.
    const std::string path = url.substr(url.find("/posts/"));
    for (const node_process* node : {&first, &second})
    {
        auto note = node->get(path, "application/activity+json");
        BOOST_TEST_REQUIRE(note.status == 200u);
        const auto doc = note.json();
        BOOST_TEST(*doc.get_string("id") == url);
        BOOST_TEST(doc.get_string("content")->find("Hello from two nodes") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(an_edit_through_one_node_shows_at_once_on_the_other)
{
    const std::string token = first.create_token();
    const std::string url   = first.publish(token, "First words", "Edited");
    const std::string path  = url.substr(url.find("/posts/"));
    // The second node has rendered (and, with SQLite, would have cached) the Note.
    auto before = second.get(path, "application/activity+json");
    BOOST_TEST_REQUIRE(before.status == 200u);
    BOOST_TEST(before.body.find("First words") != std::string::npos);

    auto update = first.post(
        "/users/author/outbox",
        json::serialize(json::make_object({
            {"@context", "https://www.w3.org/ns/activitystreams"},
            {"type", "Update"},
            {"object",
             json::make_object({{"id", url},
                                {"type", "Note"},
                                {"source", json::make_object({{"content", "Second words"},
                                                              {"mediaType", "text/markdown"}})}})},
        })),
        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/activity+json"}});
    BOOST_TEST_REQUIRE(update.status / 100 == 2u, update.body);

    auto after = second.get(path, "application/activity+json");
    BOOST_TEST_REQUIRE(after.status == 200u);
    BOOST_TEST(after.body.find("Second words") != std::string::npos, after.body);
    BOOST_TEST(after.body.find("First words") == std::string::npos, after.body);
}

BOOST_AUTO_TEST_CASE(
    the_deliveries_a_killed_node_had_in_flight_go_out_from_the_other_within_seconds)
{
    fake_remote remote;
    constexpr std::size_t follower_count = 12;
    // The first node's deliveries to the stalled remote (four: the per-host limit, which
    // counts the leases of every process) are leased and unanswered when it dies. Their
    // leases would hold the host for delivery_timeout plus a minute (90 s).
    const std::size_t before =
        crash_with_deliveries_in_flight(remote, second, first, follower_count);

    // The second node finds the dead one's owner lock free at its next check (every 5 s)
    // and sends those four again, then the rest: every inbox, without the clock moving.
    BOOST_TEST(inboxes_reached_after(remote, before, follower_count) == follower_count);
    // (Four, unless the second node's poll happened to claim one of them first.)
    BOOST_TEST(second.log().find("released leases=") != std::string::npos, second.log());
}

BOOST_AUTO_TEST_CASE(a_node_restarted_after_kill_9_sends_its_deliveries_in_flight_again_at_once)
{
    BOOST_TEST_REQUIRE(second.stop() == 0); // the first is the database's only deliverer
    fake_remote remote;
    constexpr std::size_t follower_count = 8;
    const std::size_t before =
        crash_with_deliveries_in_flight(remote, first, first, follower_count);

    // Its new process has a new owner number; the old one's lock went with the old session.
    first.start();
    BOOST_TEST(inboxes_reached_after(remote, before, follower_count) == follower_count);
    BOOST_TEST(first.log().find("released leases=4") != std::string::npos, first.log());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(shared_database_init)

BOOST_AUTO_TEST_CASE(a_node_on_sqlite_never_loads_libpq)
{
    // libpq and the libraries it needs cost 3.5 MB of memory a SQLite node has no use for.
    node_process node;
    node.start();
    BOOST_TEST(!maps_libpq(node));
}

BOOST_AUTO_TEST_CASE(a_database_that_cannot_be_reached_is_reported_without_its_password)
{
    // Port 1 on loopback refuses at once.
    node_process node({"database = postgresql://fedblog:hunter2@127.0.0.1:1/fedblog"});
    const auto r = run_fedblog({"serve", "--data", node.data_dir().string()}, 30);
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.err.find("cannot open the database") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("fedblog on 127.0.0.1:1") != std::string::npos, r.err);
    BOOST_TEST(r.err.find("hunter2") == std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(init_creates_the_blog_in_postgresql_and_refuses_a_second_one,
                     *boost::unit_test::precondition(pg_dsn_is_set))

{
    pg_scratch_schema schema;
    const auto root =
        std::filesystem::temp_directory_path() / ("fedblog-init-" + std::to_string(::getpid()));
    std::filesystem::remove_all(root);
    const auto init = [&](const std::string& name) {
        return run_fedblog({"init", "--data", (root / name).string(), "--domain", "blog.example",
                            "--user", "author", "--database", schema.url()});
    };
    const auto first = init("first");
    BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
    // The URL is the node's setting, and there is no SQLite file beside it.
    std::ifstream conf(root / "first" / "fedblog.conf");
    const std::string settings{std::istreambuf_iterator<char>(conf), {}};
    BOOST_TEST(settings.find("database = " + schema.url()) != std::string::npos, settings);
    BOOST_TEST(!std::filesystem::exists(root / "first" / "fedblog.db"));
    // The welcome post is in that database.
    {
        auto store = storage::open_store(schema.url());
        BOOST_TEST_REQUIRE(store.has_value());
        auto welcome = (*store)->find_post("welcome");
        BOOST_TEST_REQUIRE(welcome.has_value());
        BOOST_TEST(welcome->has_value());
    }

    const auto second = init("second");
    BOOST_TEST(second.exit_code == 1);
    BOOST_TEST(second.err.find("already holds a blog") != std::string::npos, second.err);
    BOOST_TEST(!std::filesystem::exists(root / "second")); // nothing half-made is left
    std::filesystem::remove_all(root);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::test

#endif
