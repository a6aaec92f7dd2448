// SPDX-License-Identifier: AGPL-3.0-or-later
// The Prometheus endpoint: off by default, loopback only unless told otherwise, and the
// numbers the issue asks for (requests, verifications, deliveries, queue depth, oldest job).
#include "tests/integration/delivery_fixture.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/test/unit_test.hpp>

using namespace fedblog::test;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(metrics_endpoint)

BOOST_AUTO_TEST_CASE(scrapes_show_requests_verifications_deliveries_and_the_queue)
{
    const auto port = free_port();
    delivery_fixture f(clocked_config({"metrics_listen = 127.0.0.1:" + std::to_string(port)}));
    fake_remote remote;
    const auto& alice = remote.add_actor("alice", false);
    f.follow(remote, alice);
    BOOST_TEST_REQUIRE(delivery_fixture::wait_for(remote, "Accept", 1, 15s).size() == 1u);
    BOOST_TEST(f.node.get("/users/author", "application/activity+json").status == 200u);

    auto scrape = [&] {
        return http_request("127.0.0.1", port, boost::beast::http::verb::get, "/metrics");
    };
    auto reply          = scrape();
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    // The Accept's outcome is counted when the attempt ends, and leaves the queue when its
    // batch is written: wait for both.
    while ((reply.body.find("fedblog_deliveries_total{outcome=\"delivered\"} 1") ==
                std::string::npos ||
            reply.body.find("fedblog_delivery_queue_depth 0") == std::string::npos) &&
           std::chrono::steady_clock::now() < deadline)
    {
        std::this_thread::sleep_for(20ms);
        reply = scrape();
    }
    BOOST_TEST_REQUIRE(reply.status == 200u);
    BOOST_TEST(reply.header("content-type").starts_with("text/plain; version=0.0.4"));
    const std::string& text = reply.body;
    for (const char* expected :
         {"fedblog_deliveries_total{outcome=\"delivered\"} 1",
          "fedblog_inbox_verifications_total{result=\"verified\"} 1",
          "fedblog_http_requests_total{route=\"/users/{name}\",code=\"2xx\"}",
          "fedblog_delivery_queue_depth 0", "fedblog_delivery_oldest_job_age_seconds 0",
          "fedblog_delivery_signatures_total 1", "fedblog_store_up 1",
          "fedblog_delivery_unanswered 0",
          // The Follow's id was recorded through group commit, alone in its group.
          "fedblog_store_write_groups_total 1", "fedblog_store_grouped_writes_total 1"})
        BOOST_TEST(text.find(expected) != std::string::npos, expected << " missing in\n" << text);
    // Paths a stranger chooses never become label values.
    BOOST_TEST(f.node.get("/no/such/path/x1").status == 404u);
    BOOST_TEST(scrape().body.find("x1") == std::string::npos);
    BOOST_TEST(http_request("127.0.0.1", port, boost::beast::http::verb::get, "/other").status ==
               404u);
    // The site itself does not serve metrics.
    BOOST_TEST(f.node.get("/metrics").status == 404u);
}

BOOST_AUTO_TEST_CASE(deliveries_to_one_host_reuse_kept_alive_connections)
{
    const auto port = free_port();
    delivery_fixture f(clocked_config({"metrics_listen = 127.0.0.1:" + std::to_string(port)}));
    fake_remote remote;
    for (int i = 0; i < 5; ++i)
        f.follow(remote, remote.add_actor("r" + std::to_string(i), false));
    BOOST_TEST_REQUIRE(delivery_fixture::wait_for(remote, "Accept", 5, 15s).size() == 5u);
    const std::string text =
        http_request("127.0.0.1", port, boost::beast::http::verb::get, "/metrics").body;
    auto count = [&](const std::string& kind) {
        const std::string key = "fedblog_outbound_connections_total{kind=\"" + kind + "\"} ";
        const auto pos        = text.find(key);
        BOOST_TEST_REQUIRE(pos != std::string::npos);
        return std::stoi(text.substr(pos + key.size()));
    };
    // Five POSTs to one origin: the fake remote keeps connections alive, so do we.
    BOOST_TEST(count("opened") + count("reused") == 5);
    BOOST_TEST(count("reused") >= 1);
    BOOST_TEST(count("opened") < 5);
}

BOOST_AUTO_TEST_CASE(a_public_metrics_address_needs_an_explicit_yes)
{
    node_process node(clocked_config({"metrics_listen = 0.0.0.0:" + std::to_string(free_port())}));
    auto r = run_fedblog({"serve", "--data", node.data_dir().string()}, 20);
    BOOST_TEST(r.exit_code == 1);
    BOOST_TEST(r.err.find("metrics_listen must be a loopback address") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(metrics_are_off_by_default)
{
    delivery_fixture f;
    BOOST_TEST(f.node.log().find("metrics on") == std::string::npos);
    BOOST_TEST(f.node.get("/metrics").status == 404u);
}

BOOST_AUTO_TEST_SUITE_END()
