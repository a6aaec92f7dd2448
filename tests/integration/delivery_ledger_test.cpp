// SPDX-License-Identifier: AGPL-3.0-or-later
// What the author sees: the per-post ledger and queue overview (CLI and token-protected JSON),
// and the test clock endpoint's own refusals.
#include "tests/integration/delivery_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::test;
using namespace std::chrono_literals;

namespace {

struct shared_and_personal : delivery_fixture
{
    shared_and_personal()
    {
        follow(remote, remote.add_actor("alice"));      // shared inbox /inbox
        follow(remote, remote.add_actor("dave"));       // same shared inbox
        follow(remote, remote.add_actor("bob", false)); // personal inbox
        BOOST_TEST_REQUIRE(wait_for(remote, "Accept", 3, 15s).size() == 3u);
        token = node.create_token();
    }

    http_reply api(const std::string& target, const std::string& bearer) const
    {
        header_pairs headers;
        if (!bearer.empty())
            headers.emplace_back("Authorization", "Bearer " + bearer);
        return node.get(target, "application/json", headers);
    }

    fake_remote remote;
    std::string token;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(delivery_ledger, shared_and_personal)

BOOST_AUTO_TEST_CASE(the_ledger_counts_inboxes_after_shared_inbox_collapse)
{
    const std::string url = node.publish(token, "Counted");
    BOOST_TEST_REQUIRE(wait_for(remote, "Create", 2, 15s).size() == 2u);
    // The outcome batch is written just after the answers.
    BOOST_TEST(eventually(
        [&] { return number(ledger_entry(deliveries(url), "Create"), "delivered") == 2; }));
    auto entry = ledger_entry(deliveries(url), "Create");
    BOOST_TEST(number(entry, "inboxes") == 2); // three followers, two inboxes
    BOOST_TEST(number(entry, "delivered") == 2);
    BOOST_TEST(number(entry, "dead") == 0);

    auto text = run_fedblog({"deliveries", "--data", node.data_dir().string(), "--post", url});
    BOOST_TEST(text.exit_code == 0);
    BOOST_TEST(text.out.find("delivered to 2 of 2 inboxes, 0 retrying, 0 dead") !=
                   std::string::npos,
               text.out);

    auto reply = api("/api/deliveries?post=" + url, token);
    BOOST_TEST_REQUIRE(reply.status == 200u);
    BOOST_TEST(reply.header("cache-control") == "no-store");
    auto doc = reply.json();
    BOOST_TEST(number(ledger_entry(doc, "Create"), "delivered") == 2);
}

BOOST_AUTO_TEST_CASE(the_overview_answers_only_with_a_valid_token)
{
    BOOST_TEST(api("/api/deliveries", "").status == 401u);
    BOOST_TEST(api("/api/deliveries", "fbt_1_not-the-secret").status == 401u);
    BOOST_TEST(api("/api/deliveries", std::string(1000, 'x')).status == 401u);
    auto reply = api("/api/deliveries", token);
    BOOST_TEST_REQUIRE(reply.status == 200u);
    // The three Accepts, once their outcomes are written.
    BOOST_TEST(eventually([&] {
        auto doc = api("/api/deliveries", token).json();
        return number(doc, "pending") == 0 && number(doc, "delivered") == 3;
    }));
    // An absurd post parameter is refused, not searched for.
    BOOST_TEST(api("/api/deliveries?post=", token).status == 400u);
    BOOST_TEST(api("/api/deliveries?post=" + std::string(3000, 'a'), token).status == 400u);
    auto unknown = api("/api/deliveries?post=http%3A%2F%2Fnowhere.example%2Fp", token);
    BOOST_TEST_REQUIRE(unknown.status == 200u);
    auto none      = unknown.json();
    const auto* as = none.find("activities");
    BOOST_TEST((as != nullptr && as->if_array() && as->if_array()->empty()));
}

BOOST_AUTO_TEST_CASE(the_clock_only_moves_forward_and_only_by_numbers)
{
    BOOST_TEST(node.post("/_test/clock?advance_ms=-5", "", {}).status == 400u);
    BOOST_TEST(node.post("/_test/clock?advance_ms=abc", "", {}).status == 400u);
    BOOST_TEST(node.post("/_test/clock?advance_ms=1e9", "", {}).status == 400u);
    BOOST_TEST(node.post("/_test/clock", "", {}).status == 400u);
    const auto before = number(clock_state(), "offset");
    BOOST_TEST(before == 0);
    advance(1h);
    BOOST_TEST(number(clock_state(), "offset") == 3'600'000);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(the_test_clock_does_not_exist_unless_configured)
{
    node_process plain;
    plain.start();
    BOOST_TEST(plain.get("/_test/clock").status == 404u);
    BOOST_TEST(plain.post("/_test/clock?advance_ms=1000", "", {}).status == 404u);
    auto r = run_fedblog({"deliveries", "--data", plain.data_dir().string()});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(r.out.find("pending 0") != std::string::npos, r.out);
}
