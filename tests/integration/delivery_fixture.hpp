// SPDX-License-Identifier: AGPL-3.0-or-later
// A node with the test clock, a fake remote, and the helpers the delivery tests share:
// following, waiting for what the remote received, moving time, reading the ledger.
#pragma once

#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fedblog::test {

namespace json = protocol::json;

/// Settings of a node whose clock the test moves (and nothing else unusual).
inline std::vector<std::string> clocked_config(std::vector<std::string> extra = {})
{
    std::vector<std::string> lines{"allow_http_peers = true", "allow_private_addresses = true",
                                   "test_clock = true"};
    lines.insert(lines.end(), extra.begin(), extra.end());
    return lines;
}

struct delivery_fixture
{
    explicit delivery_fixture(std::vector<std::string> config = clocked_config())
        : node(std::move(config))
    {
        node.start();
    }

    json::value follow_activity(const fake_remote::actor& who, const std::string& suffix = "1")
    {
        return test::follow_activity(who, node.actor(), suffix);
    }

    void follow(const fake_remote& from, const fake_remote::actor& who)
    {
        BOOST_TEST_REQUIRE(from.send(node, who, follow_activity(who)).status == 202u);
    }

    /// POSTs of activity `type` that `from` received so far.
    static std::vector<recorded_request> received(const fake_remote& from, const std::string& type)
    {
        return from.posts_of(type);
    }

    /// Polls (real deliveries over real sockets take real time) until `n` arrived.
    static std::vector<recorded_request> wait_for(const fake_remote& from, const std::string& type,
                                                  std::size_t n, std::chrono::seconds limit)
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (received(from, type).size() < n && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return received(from, type);
    }

    /// The node's /_test/clock state.
    json::value clock_state() const
    {
        auto reply = node.get("/_test/clock");
        BOOST_TEST_REQUIRE(reply.status == 200u);
        return reply.json();
    }

    static std::int64_t number(const json::value& doc, const char* key)
    {
        const auto* v = doc.find(key);
        BOOST_TEST_REQUIRE(v != nullptr);
        return v->if_int().value_or(-1);
    }

    /** Moves the node's clock forward by `by` (the node first lets deliveries in flight reach
        the store), then waits until the engine has claimed at the new time and is idle again:
        after this returns, whatever the new time made due has been attempted and recorded. */
    void advance(std::chrono::milliseconds by)
    {
        auto reply = node.post("/_test/clock?advance_ms=" + std::to_string(by.count()), "", {});
        BOOST_TEST_REQUIRE(reply.status == 200u);
        const auto moved_to = number(reply.json(), "now");
        settle(moved_to);
    }

    /// Waits until a claim at or after `at` (store time, ms) completed and none is in flight.
    void settle(std::int64_t at)
    {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        for (;;)
        {
            const auto state = clock_state();
            const auto* idle = state.find("idle");
            if (number(state, "lastClaim") >= at && idle && idle->if_bool() == true)
                return;
            BOOST_TEST_REQUIRE((std::chrono::steady_clock::now() < deadline),
                               "the delivery engine did not catch up with the clock");
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }

    /// Polls `check` (reading what the node wrote) until it holds or `limit` passes.
    template <class Check>
    static bool eventually(Check check, std::chrono::seconds limit = std::chrono::seconds(15))
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (!check())
        {
            if (std::chrono::steady_clock::now() > deadline)
                return false;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return true;
    }

    /// `fedblog deliveries --data DIR [--post URL] --json`, parsed.
    json::value deliveries(const std::string& post = {}) const
    {
        std::vector<std::string> args{"deliveries", "--data", node.data_dir().string(), "--json"};
        if (!post.empty())
        {
            args.emplace_back("--post");
            args.push_back(post);
        }
        auto r = run_fedblog(args);
        BOOST_TEST_REQUIRE(r.exit_code == 0, "fedblog deliveries failed: " << r.err);
        auto doc = json::parse_object(r.out);
        BOOST_TEST_REQUIRE(doc.has_value(), "not JSON: " << r.out);
        return *doc;
    }

    /// The first activity of a post's ledger whose type is `type`.
    static json::value ledger_entry(const json::value& ledger, const std::string& type)
    {
        const auto* list = ledger.find("activities");
        BOOST_TEST_REQUIRE((list != nullptr && list->if_array() != nullptr));
        for (const auto& a : *list->if_array())
        {
            if (a.get_string("type") == type)
                return a;
        }
        BOOST_FAIL("no " << type << " in the ledger");
        return {};
    }

    node_process node;
};

} // namespace fedblog::test
