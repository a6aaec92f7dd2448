// SPDX-License-Identifier: AGPL-3.0-or-later
// init, serve and shutdown as an operator sees them: files and permissions, refusals,
// SIGTERM draining to exit 0, restarts that keep everything.
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sched.h>
#include <sys/stat.h>
#include <thread>

using namespace fedblog::test;
namespace fs = std::filesystem;

namespace {

fs::path temp_path(const std::string& name)
{
    return fs::temp_directory_path() /
           ("fedblog-lifecycle-" + std::to_string(::getpid()) + "-" + name);
}

unsigned mode_of(const fs::path& p)
{
    struct stat st
    {};

    ::stat(p.c_str(), &st);
    return st.st_mode & 0777;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lifecycle)

BOOST_AUTO_TEST_CASE(init_creates_keys_config_and_database)
{
    const auto dir = temp_path("init");
    fs::remove_all(dir);
    auto r = run_fedblog(
        {"init", "--data", dir.string(), "--domain", "blog.example", "--user", "alice"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out.find("@alice@blog.example") != std::string::npos);
    BOOST_TEST(fs::exists(dir / "fedblog.conf"));
    BOOST_TEST(fs::exists(dir / "fedblog.db"));
    BOOST_TEST(mode_of(dir / "keys" / "author.pem") == 0600u);
    BOOST_TEST(mode_of(dir / "keys" / "instance.pem") == 0600u);
    BOOST_TEST(mode_of(dir) == 0700u);
    BOOST_TEST(fs::exists(dir / "keys" / "author.pub.pem"));
    std::ifstream conf(dir / "fedblog.conf");
    std::stringstream text;
    text << conf.rdbuf();
    BOOST_TEST(text.str().find("domain = blog.example") != std::string::npos);
    BOOST_TEST(text.str().find("scheme = https") != std::string::npos);
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(init_refuses_to_overwrite)
{
    const auto dir = temp_path("exists");
    fs::remove_all(dir);
    BOOST_TEST_REQUIRE(
        run_fedblog({"init", "--data", dir.string(), "--domain", "a.example", "--user", "a"})
            .exit_code == 0);
    std::ifstream before_key(dir / "keys" / "author.pem");
    std::stringstream before;
    before << before_key.rdbuf();
    auto again =
        run_fedblog({"init", "--data", dir.string(), "--domain", "b.example", "--user", "b"});
    BOOST_TEST(again.exit_code == 1);
    BOOST_TEST(again.err.find("refusing to overwrite") != std::string::npos);
    std::ifstream after_key(dir / "keys" / "author.pem");
    std::stringstream after;
    after << after_key.rdbuf();
    BOOST_TEST(before.str() == after.str());
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(init_rejects_bad_arguments_without_leaving_files)
{
    const auto dir = temp_path("bad");
    fs::remove_all(dir);
    BOOST_TEST(
        run_fedblog({"init", "--data", dir.string(), "--domain", "a.example", "--user", "Bad User"})
            .exit_code == 2);
    BOOST_TEST(
        run_fedblog({"init", "--data", dir.string(), "--domain", "a b", "--user", "a"}).exit_code ==
        2);
    BOOST_TEST(run_fedblog({"init", "--data", dir.string(), "--domain", "a.example", "--user", "a",
                            "--scheme", "ftp"})
                   .exit_code == 2);
    BOOST_TEST(run_fedblog({"init", "--domain", "a.example", "--user", "a"}).exit_code == 2);
    BOOST_TEST(!fs::exists(dir));
}

BOOST_AUTO_TEST_CASE(sigterm_drains_and_exits_zero_and_restart_keeps_state)
{
    node_process node;
    node.start();
    const std::string url = node.publish(node.create_token(), "Persistent", "Keep me");
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    auto follow       = fedblog::protocol::json::make_object({{"id", alice.id + "/follows/1"},
                                                              {"type", "Follow"},
                                                              {"actor", alice.id},
                                                              {"object", node.actor()}});
    BOOST_TEST(remote.send(node, alice, follow).status == 202u);
    remote.wait_for_posts(1, std::chrono::seconds(10));

    BOOST_TEST(node.stop() == 0);
    BOOST_TEST(node.log().find("draining") != std::string::npos);
    node.start();
    BOOST_TEST(node.get("/posts/keep-me", "application/activity+json").status == 200u);
    auto followers = node.get("/users/author/followers", "application/activity+json").json();
    BOOST_TEST(*followers.find("totalItems")->if_int() == 1);
    BOOST_TEST(node.stop() == 0);
}

BOOST_AUTO_TEST_CASE(serve_reports_a_broken_config)
{
    node_process node({"delivery_concurrency = 0"});
    auto r = run_fedblog({"serve", "--data", node.data_dir().string()});
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.err.find("delivery_concurrency") != std::string::npos);
    node_process typo({"no_such_setting = 1"});
    auto r2 = run_fedblog({"serve", "--data", typo.data_dir().string()});
    BOOST_TEST(r2.exit_code == 1);
    BOOST_TEST(r2.err.find("no_such_setting") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(private_key_with_loose_permissions_is_refused)
{
    node_process node;
    fs::permissions(node.data_dir() / "keys" / "author.pem", fs::perms::others_read,
                    fs::perm_options::add);
    auto r = run_fedblog({"serve", "--data", node.data_dir().string()}, 10);
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.err.find("keys") != std::string::npos);
}

// node/scheduling.hpp: a node that is not sending a post runs under Linux's default policy
// (the default, `delivery`, switches to SCHED_BATCH only during a fan-out: tested in
// delivery_test.cpp); `batch` puts every thread under SCHED_BATCH for good.
BOOST_AUTO_TEST_CASE(serving_threads_run_under_the_configured_scheduling_policy)
{
    node_process quiet;
    quiet.start();
    const auto policies = quiet.thread_policies();
    // The I/O threads, the database pool and the signers: a node has several.
    BOOST_TEST_REQUIRE(policies.count(SCHED_OTHER) == 1u);
    BOOST_TEST(policies.at(SCHED_OTHER) >= 4);
    BOOST_TEST(policies.size() == 1u); // no thread under another policy
    BOOST_TEST(quiet.log().find("scheduling=normal") != std::string::npos);

    node_process batch({"scheduling = batch"});
    batch.start();
    const auto batch_policies = batch.thread_policies();
    BOOST_TEST_REQUIRE(batch_policies.count(SCHED_BATCH) == 1u);
    BOOST_TEST(batch_policies.at(SCHED_BATCH) >= 4);
    BOOST_TEST(batch_policies.size() == 1u);
    BOOST_TEST(batch.log().find("scheduling=batch") != std::string::npos);
}

// node/thread_names.hpp: `top -H` and a profile tell the node's threads apart by their role.
BOOST_AUTO_TEST_CASE(serving_threads_are_named_for_their_role)
{
    node_process node({"threads = 3"});
    node.start();
    const auto names = node.thread_names();
    auto count       = [&](const std::string& name) {
        const auto it = names.find(name);
        return it == names.end() ? 0 : it->second;
    };
    BOOST_TEST(count("fedblog") == 1);      // the main thread, which runs I/O too
    BOOST_TEST(count("fedblog-io") == 2);   // threads = 3: two more run the connections
    BOOST_TEST(count("fedblog-db") == 3);   // the database pool, sized like the I/O
    BOOST_TEST(count("fedblog-sign") >= 1); // one signer per core
    BOOST_TEST(count("fedblog-out") == 1);  // the deliveries' own thread
}

// The test harness's port comes from the ephemeral range: while another test's client
// socket holds it, serve cannot listen, and start() tries again once it is free.
BOOST_AUTO_TEST_CASE(a_port_taken_for_a_moment_is_tried_again)
{
    fedblog::test::node_process node;
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor holder(
        io,
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), node.port()));
    // Held until serve has been refused at least once (however slow its start), then freed.
    std::thread release([&] {
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (node.log().find("Address already in use") == std::string::npos &&
               std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        holder.close();
    });
    node.start();
    release.join();
    BOOST_TEST(node.get("/.well-known/nodeinfo").status == 200);
    BOOST_TEST(node.log().find("Address already in use") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
