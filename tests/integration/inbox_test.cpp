// SPDX-License-Identifier: AGPL-3.0-or-later
// The inbox over real HTTP: signatures (and every way they can be wrong), Follow → signed
// Accept, Undo, Delete, de-duplication, and that refused requests change nothing.
#include "keys/key_pair.hpp"
#include "protocol/http_signature.hpp"
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

using namespace fedblog::test;
namespace json     = fedblog::protocol::json;
namespace protocol = fedblog::protocol;

namespace {

constexpr const char* as_accept = "application/activity+json";

struct federation
{
    federation()
    {
        node.start();
        alice = &remote.add_actor("alice");
        bob   = &remote.add_actor("bob", false);
    }

    std::int64_t followers() const
    {
        return *node.get("/users/author/followers", as_accept).json().find("totalItems")->if_int();
    }

    json::value follow(const fake_remote::actor& who, const std::string& id_suffix = "1") const
    {
        return json::make_object({
            {"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", who.id + "/follows/" + id_suffix},
            {"type", "Follow"},
            {"actor", who.id},
            {"object", node.actor()},
        });
    }

    json::value undo(const fake_remote::actor& who, json::value object,
                     const std::string& id_suffix = "1") const
    {
        return json::make_object({
            {"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", who.id + "#follows/" + id_suffix + "/undo"},
            {"type", "Undo"},
            {"actor", who.id},
            {"object", std::move(object)},
        });
    }

    /// Verifies a request the node sent us with the node author's published key.
    bool verify_from_node(const recorded_request& r) const
    {
        auto actor = node.get("/users/author", as_accept).json();
        auto key   = fedblog::keys::public_key_from_pem(
              *actor.find("publicKey")->get_string("publicKeyPem"));
        BOOST_TEST_REQUIRE(key.has_value());
        protocol::header_list headers;
        for (const auto& [name, value] : r.headers)
            headers.add(name, value);
        protocol::request_view view;
        view.method  = r.method;
        view.target  = r.target;
        view.headers = &headers;
        protocol::verify_options options;
        options.now =
            std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        options.body = r.body;
        auto pending = protocol::prepare_verification(view, options);
        BOOST_TEST_REQUIRE(pending.has_value(), "prepare failed: " << pending.error().message());
        BOOST_TEST(pending->key_id == node.actor() + "#main-key");
        return protocol::finish_verification(*pending, *key);
    }

    node_process node;
    fake_remote remote;
    const fake_remote::actor* alice = nullptr;
    const fake_remote::actor* bob   = nullptr;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(inbox, federation)

BOOST_AUTO_TEST_CASE(follow_is_stored_and_answered_with_a_signed_accept)
{
    auto r = remote.send(node, *alice, follow(*alice));
    BOOST_TEST(r.status == 202u, r.body);
    BOOST_TEST(followers() == 1);

    auto posts = remote.wait_for_posts(1, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(posts.size() == 1u);
    const auto& accept_req = posts[0];
    BOOST_TEST(accept_req.target == "/users/alice/inbox"); // personal inbox, not shared
    BOOST_TEST(accept_req.header("content-type") == "application/activity+json");
    BOOST_TEST(accept_req.header("signature")
                   .find("headers=\"(request-target) host date digest content-type\"") !=
               std::string::npos);
    BOOST_TEST(verify_from_node(accept_req));

    auto accept = json::parse_object(accept_req.body);
    BOOST_TEST_REQUIRE(accept.has_value());
    BOOST_TEST(*accept->get_string("type") == "Accept");
    BOOST_TEST(*accept->get_string("actor") == node.actor());
    const auto* object = accept->find("object");
    BOOST_TEST(*object->get_string("id") == alice->id + "/follows/1");
    BOOST_TEST(*object->get_string("type") == "Follow");
    BOOST_TEST(*object->get_string("actor") == alice->id);
    BOOST_TEST(*object->get_string("object") == node.actor());
}

BOOST_AUTO_TEST_CASE(duplicate_follows_are_idempotent)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice)).status == 202u);
    BOOST_TEST(remote.send(node, *alice, follow(*alice)).status == 202u);
    BOOST_TEST(remote.send(node, *alice, follow(*alice, "2")).status == 202u);
    BOOST_TEST(followers() == 1);
    BOOST_TEST(remote.send(node, *bob, follow(*bob)).status == 202u);
    BOOST_TEST(followers() == 2);
}

BOOST_AUTO_TEST_CASE(undo_follow_removes_the_follower)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice)).status == 202u);
    BOOST_TEST(remote.send(node, *bob, follow(*bob)).status == 202u);
    BOOST_TEST(followers() == 2);
    BOOST_TEST(remote.send(node, *alice, undo(*alice, follow(*alice))).status == 202u);
    BOOST_TEST(followers() == 1);
    // Undo by reference to the Follow's id (INTEROP.md D34).
    BOOST_TEST(remote.send(node, *bob, undo(*bob, json::value(bob->id + "/follows/1"))).status ==
               202u);
    BOOST_TEST(followers() == 0);
}

BOOST_AUTO_TEST_CASE(nobody_can_undo_someone_elses_follow)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice)).status == 202u);
    auto r = remote.send(node, *bob, undo(*bob, follow(*alice)));
    BOOST_TEST(r.status == 400u);
    BOOST_TEST(followers() == 1);
}

BOOST_AUTO_TEST_CASE(repeated_activity_ids_are_processed_once)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice, "1")).status == 202u);
    const auto u = undo(*alice, follow(*alice, "1"), "1");
    BOOST_TEST(remote.send(node, *alice, u).status == 202u);
    BOOST_TEST(followers() == 0);
    BOOST_TEST(remote.send(node, *alice, follow(*alice, "2")).status == 202u);
    BOOST_TEST(followers() == 1);
    BOOST_TEST(remote.send(node, *alice, u).status == 202u); // a replay: acknowledged, ignored
    BOOST_TEST(followers() == 1);
}

BOOST_AUTO_TEST_CASE(every_signature_profile_peers_use_verifies)
{
    signing_options old_order;
    old_order.covered = {"(request-target)", "host", "date", "digest", "content-type"};
    signing_options new_order;
    new_order.covered = {"host", "date", "digest", "content-type", "(request-target)"};
    signing_options with_port;
    with_port.host_without_port = false;
    signing_options minimal;
    minimal.covered = {"(request-target)", "date", "digest"};
    signing_options rfc9421;
    rfc9421.how = signing_options::scheme::rfc9421;
    int n       = 0;
    for (const auto* opts : {&old_order, &new_order, &with_port, &minimal, &rfc9421})
    {
        ++n;
        auto r = remote.send(node, *alice, follow(*alice, std::to_string(n)), {}, *opts);
        BOOST_TEST(r.status == 202u, "profile " << n << ": " << r.body);
    }
    BOOST_TEST(followers() == 1);
}

BOOST_AUTO_TEST_CASE(the_shared_inbox_works_too)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice), "/inbox").status == 202u);
    BOOST_TEST(followers() == 1);
}

BOOST_AUTO_TEST_CASE(bad_signatures_are_refused_and_change_nothing)
{
    const auto activity = follow(*alice);

    signing_options none;
    none.how          = signing_options::scheme::none;
    auto unsigned_req = remote.send(node, *alice, activity, {}, none);
    BOOST_TEST(unsigned_req.status == 401u);
    BOOST_TEST(unsigned_req.header("content-type") == "application/problem+json");
    BOOST_TEST(std::string(unsigned_req.json().get_string("detail").value_or("")) ==
               "request not signed");

    signing_options corrupt;
    corrupt.corrupt_signature = true;
    BOOST_TEST(remote.send(node, *alice, activity, {}, corrupt).status == 401u);

    signing_options digest;
    digest.corrupt_digest = true;
    BOOST_TEST(remote.send(node, *alice, activity, {}, digest).status == 401u);

    signing_options stale;
    stale.date_offset = std::chrono::hours(-2);
    BOOST_TEST(remote.send(node, *alice, activity, {}, stale).status == 401u);

    signing_options future;
    future.date_offset = std::chrono::hours(2);
    BOOST_TEST(remote.send(node, *alice, activity, {}, future).status == 401u);

    signing_options no_digest;
    no_digest.covered = {"(request-target)", "host", "date"};
    BOOST_TEST(remote.send(node, *alice, activity, {}, no_digest).status == 401u);

    signing_options unknown_key;
    unknown_key.key_id_override = remote.base() + "/users/nobody#main-key";
    BOOST_TEST(remote.send(node, *alice, activity, {}, unknown_key).status == 401u);

    // Bob's valid signature on an activity claiming to be Alice's.
    BOOST_TEST(remote.send(node, *bob, activity).status == 401u);

    BOOST_TEST(followers() == 0);
    BOOST_TEST(remote.posts().empty()); // no Accept went out
}

BOOST_AUTO_TEST_CASE(malformed_activities_get_400_with_a_reason)
{
    // A body that is not JSON, validly signed by a key we have not fetched yet: refused
    // before any fetch; and again once the key is held in memory.
    signing_options truncated;
    truncated.raw_body = "{\"type\":";
    for (int round = 0; round < 2; ++round)
    {
        auto not_json = remote.send(node, *alice, json::value(), {}, truncated);
        BOOST_TEST(not_json.status == 400u);
        BOOST_TEST(not_json.json().get_string("detail")->find("JSON") != std::string::npos);
        if (round == 0)
        {
            BOOST_TEST(remote.get_count("/users/alice") == 0u);
            BOOST_TEST_REQUIRE(remote.send(node, *alice, follow(*alice, "held")).status == 202u);
        }
    }
    // A forged signature by a held key: the first may mean a rotated key, worth a fetch,
    // and the body is read before any network work; the next one, within the minute that
    // key may not be fetched again, is refused before the body is looked at (as by
    // Mastodon, whose signature check runs before the body is parsed)...
    truncated.corrupt_signature = true;
    BOOST_TEST(remote.send(node, *alice, json::value(), {}, truncated).status == 400u);
    BOOST_TEST(remote.send(node, *alice, json::value(), {}, truncated).status == 401u);
    // ... and so is a signature that cannot be read.
    auto garbled = node.post("/users/author/inbox",
                             "{\"type\":", {{"Signature", "keyId=\"x\",signature=\"AA==\""}});
    BOOST_TEST(garbled.status == 401u);

    auto no_actor = json::make_object({{"type", "Follow"}, {"object", node.actor()}});
    BOOST_TEST(remote.send(node, *alice, no_actor).status == 400u);

    auto other_object = follow(*alice);
    other_object.set("object", "https://elsewhere.example/users/x");
    BOOST_TEST(remote.send(node, *alice, other_object).status == 400u);

    auto foreign_id = follow(*alice);
    foreign_id.set("id", "https://elsewhere.example/activities/1");
    BOOST_TEST(remote.send(node, *alice, foreign_id).status == 400u);

    BOOST_TEST(followers() == 1); // the Follow sent above to have alice's key held
}

BOOST_AUTO_TEST_CASE(unknown_activity_types_are_acknowledged_and_ignored)
{
    auto odd = json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", alice->id + "/odd/1"},
        {"type", "Wave"},
        {"actor", alice->id},
        {"object", node.actor()},
    });
    BOOST_TEST(remote.send(node, *alice, odd).status == 202u);
    BOOST_TEST(followers() == 0);
}

BOOST_AUTO_TEST_CASE(delete_of_an_unknown_actor_costs_nothing)
{
    const auto& carol = remote.add_actor("carol");
    remote.make_gone("carol");
    auto del = json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", carol.id + "#delete"},
        {"type", "Delete"},
        {"actor", carol.id},
        {"object", carol.id},
        {"to", json::array{json::value("https://www.w3.org/ns/activitystreams#Public")}},
    });
    BOOST_TEST(remote.send(node, carol, del).status == 202u);
    BOOST_TEST(remote.get_count("/users/carol") == 0u); // not even a key fetch
}

BOOST_AUTO_TEST_CASE(delete_of_a_follower_removes_them)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice)).status == 202u);
    BOOST_TEST(followers() == 1);
    remote.make_gone("alice");
    auto del = json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", alice->id + "#delete"},
        {"type", "Delete"},
        {"actor", alice->id},
        {"object", alice->id},
    });
    BOOST_TEST(remote.send(node, *alice, del).status == 202u);
    BOOST_TEST(followers() == 0);
}

BOOST_AUTO_TEST_CASE(a_rotated_key_is_refetched_once)
{
    BOOST_TEST(remote.send(node, *alice, follow(*alice)).status == 202u);
    const auto fetches = remote.get_count("/users/alice");
    remote.rotate_key("alice");
    BOOST_TEST(remote.send(node, *alice, undo(*alice, follow(*alice))).status == 202u);
    BOOST_TEST(followers() == 0);
    BOOST_TEST(remote.get_count("/users/alice") == fetches + 1);
}

BOOST_AUTO_TEST_SUITE_END()
