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
    return follow_activity(who, node.actor());
}

std::int64_t followers(const node_process& node)
{
    return *node.get("/users/author/followers", as_accept).json().find("totalItems")->if_int();
}

/** Delivers an Accept and then a post to an https follower whose server closes every
    connection after answering, so each delivery needs a new TLS connection.
    @return the two deliveries as the server received them. */
std::vector<recorded_request> two_deliveries_on_new_connections(const std::string& ca_cert,
                                                                fake_remote& remote)
{
    node_process node({"allow_private_addresses = true", "tls_ca_file = " + ca_cert});
    node.start();
    remote.close_after_each_response();
    const auto& alice = remote.add_actor("alice", false);
    BOOST_TEST_REQUIRE(remote.send(node, alice, follow_of(node, alice)).status == 202u);
    BOOST_TEST_REQUIRE(remote.wait_for_posts(1, std::chrono::seconds(10)).size() == 1u);
    node.publish(node.create_token(), "Resumed, not renegotiated");
    auto posts = remote.wait_for_posts(2, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(posts.size() == 2u);
    BOOST_TEST(posts[0].body.find("\"Accept\"") != std::string::npos);
    BOOST_TEST(posts[1].body.find("\"Create\"") != std::string::npos);
    return posts;
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

// With TLS 1.3 the session ticket comes after the handshake, so the session is taken once a
// response has been read: right after the handshake it cannot be resumed yet.
BOOST_AUTO_TEST_CASE(a_new_tls13_connection_to_a_peer_resumes_its_session)
{
    fake_remote remote("127.0.0.1", tls_files{pki.ip_cert, pki.ip_key});
    auto posts = two_deliveries_on_new_connections(pki.ca_cert, remote);
    BOOST_TEST(posts[0].tls_version == "TLSv1.3");
    BOOST_TEST(!posts[0].tls_resumed); // the first connection: a full handshake
    BOOST_TEST(posts[1].tls_version == "TLSv1.3");
    BOOST_TEST(posts[1].tls_resumed); // the second: the first one's session, resumed
}

BOOST_AUTO_TEST_CASE(a_new_tls12_connection_to_a_peer_resumes_its_session)
{
    fake_remote remote("127.0.0.1", tls_files{pki.ip_cert, pki.ip_key});
    remote.limit_to_tls12();
    auto posts = two_deliveries_on_new_connections(pki.ca_cert, remote);
    BOOST_TEST(posts[0].tls_version == "TLSv1.2");
    BOOST_TEST(!posts[0].tls_resumed);
    BOOST_TEST(posts[1].tls_version == "TLSv1.2");
    BOOST_TEST(posts[1].tls_resumed);
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
