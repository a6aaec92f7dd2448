// SPDX-License-Identifier: AGPL-3.0-or-later
// Outbound requests (key fetches, deliveries) and their guards: HTTPS with certificate and
// host name verification, http only when allowed, no private addresses unless allowed,
// bounded redirects, size caps and timeouts.
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"
#include "tests/support/test_pki.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";

json::value follow_of(const node_process& node, const fake_remote::actor& who)
{
    return json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", who.id + "/follows/1"},
        {"type", "Follow"},
        {"actor", who.id},
        {"object", node.actor()},
    });
}

std::int64_t followers(const node_process& node)
{
    return *node.get("/users/author/followers", as_accept).json().find("totalItems")->if_int();
}

struct pki_fixture
{
    pki_fixture() : pki(make_test_pki()) {}

    ~pki_fixture()
    {
        std::error_code ec;
        std::filesystem::remove_all(pki.dir, ec);
    }

    test_pki pki;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(outbound, pki_fixture)

BOOST_AUTO_TEST_CASE(https_peers_with_a_trusted_certificate_federate)
{
    // https ids only: allow_http_peers stays off.
    node_process node({"allow_private_addresses = true", "tls_ca_file = " + pki.ca_cert});
    node.start();
    fake_remote remote("127.0.0.1", tls_files{pki.ip_cert, pki.ip_key});
    const auto& alice = remote.add_actor("alice", false);
    BOOST_TEST(alice.id.starts_with("https://"));
    auto r = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 202u, r.body);
    BOOST_TEST(followers(node) == 1);
    auto posts = remote.wait_for_posts(1, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(posts.size() == 1u); // the Accept, delivered over https
    BOOST_TEST(posts[0].body.find("\"Accept\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_is_refused)
{
    node_process node({"allow_private_addresses = true"}); // system CAs only
    node.start();
    fake_remote remote("127.0.0.1", tls_files{pki.ip_cert, pki.ip_key});
    const auto& alice = remote.add_actor("alice", false);
    auto r            = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 503u, r.body); // key unavailable: TLS verification failed
    BOOST_TEST(followers(node) == 0);
    BOOST_TEST(remote.get_count("/users/alice") == 0u); // no request got through the handshake
}

BOOST_AUTO_TEST_CASE(a_certificate_for_another_name_is_refused)
{
    node_process node({"allow_private_addresses = true", "tls_ca_file = " + pki.ca_cert});
    node.start();
    // Signed by the trusted CA, but for "localhost", while we connect to 127.0.0.1.
    fake_remote remote("127.0.0.1", tls_files{pki.localhost_cert, pki.localhost_key});
    const auto& alice = remote.add_actor("alice", false);
    auto r            = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 503u, r.body);
    BOOST_TEST(followers(node) == 0);
}

BOOST_AUTO_TEST_CASE(http_actors_are_refused_unless_allowed)
{
    node_process node({"allow_private_addresses = true"});
    node.start();
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    auto r            = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 400u, r.body);
    BOOST_TEST(followers(node) == 0);
    BOOST_TEST(remote.requests().size() == 0u);
}

BOOST_AUTO_TEST_CASE(private_addresses_are_refused_unless_allowed)
{
    node_process node({"allow_http_peers = true"});
    node.start();
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    auto r            = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 401u, r.body);
    BOOST_TEST(followers(node) == 0);
    BOOST_TEST(remote.requests().size() == 0u); // the SSRF guard stopped it before connecting
}

BOOST_AUTO_TEST_CASE(redirect_loops_are_cut_short)
{
    node_process node;
    node.start();
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    remote.redirect_actor("alice", "/users/alice");
    auto r = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 401u, r.body);
    BOOST_TEST(remote.get_count("/users/alice") == 4u); // the first request and 3 redirects
}

BOOST_AUTO_TEST_CASE(oversized_documents_are_refused)
{
    node_process node;
    node.start();
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    remote.pad_actor("alice", 2 * 1024 * 1024);
    auto r = remote.send(node, alice, follow_of(node, alice));
    BOOST_TEST(r.status == 401u, r.body);
    BOOST_TEST(followers(node) == 0);
}

BOOST_AUTO_TEST_CASE(a_silent_server_times_out)
{
    node_process node(
        {"allow_http_peers = true", "allow_private_addresses = true", "fetch_timeout = 2"});
    node.start();
    fake_remote remote;
    const auto& alice = remote.add_actor("alice");
    remote.stall_actor("alice");
    const auto start = std::chrono::steady_clock::now();
    auto r           = remote.send(node, alice, follow_of(node, alice));
    const auto took  = std::chrono::steady_clock::now() - start;
    BOOST_TEST(r.status == 503u, r.body);
    BOOST_TEST(took < std::chrono::seconds(10));
    BOOST_TEST(followers(node) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
