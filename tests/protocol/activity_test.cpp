// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for reading inbound activity envelopes and building Accept/Reject of follows.

// Test that header file is self-contained.
#include "protocol/activity.hpp"

#include "protocol/error.hpp"
#include "protocol/json.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace fedblog::protocol;

namespace {

site_urls const urls{"https", "blog.example", "author"};

json::value parse(std::string_view text)
{
    auto v = json::parse(text);
    BOOST_TEST_REQUIRE(v.has_value(), v.error().message());
    return *v;
}

/// The error of read_activity on `text`, or "ok".
std::string outcome(std::string_view text, bool allow_http = false)
{
    json::value const doc = parse(text);
    auto env              = read_activity(doc, allow_http);
    return env ? std::string("ok") : env.error().message();
}

std::string message(error e)
{
    return make_error_code(e).message();
}

std::string str(const json::value& doc, std::string_view key)
{
    return std::string(doc.get_string(key).value_or("<absent>"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(activity)

BOOST_AUTO_TEST_CASE(reads_a_mastodon_follow)
{
    json::value const doc = parse(R"({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "https://mastodon.example/0b6d1d3a-7d5e-4c1f-9a0e-2f3b4c5d6e7f",
        "type": "Follow",
        "actor": "https://mastodon.example/users/Alice",
        "object": "https://blog.example/users/author"})");
    auto env              = read_activity(doc, false);
    BOOST_TEST_REQUIRE(env.has_value());
    BOOST_TEST(env->id == "https://mastodon.example/0b6d1d3a-7d5e-4c1f-9a0e-2f3b4c5d6e7f");
    BOOST_TEST(env->type == "Follow");
    BOOST_TEST(env->actor == "https://mastodon.example/users/Alice");
    BOOST_TEST_REQUIRE(env->object != nullptr);
    BOOST_TEST(env->object == doc.find("object")); // points into the document
    BOOST_TEST(env->object_id == "https://blog.example/users/author");
    BOOST_TEST(env->object_type == "");
}

BOOST_AUTO_TEST_CASE(reads_an_undo_with_an_embedded_follow)
{
    json::value const doc = parse(R"({
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "https://mastodon.example/users/Alice#follows/42/undo",
        "type": "Undo",
        "actor": "https://mastodon.example/users/Alice",
        "object": {
          "id": "https://mastodon.example/0b6d1d3a",
          "type": "Follow",
          "actor": "https://mastodon.example/users/Alice",
          "object": "https://blog.example/users/author"}})");
    auto env              = read_activity(doc, false);
    BOOST_TEST_REQUIRE(env.has_value());
    BOOST_TEST(env->type == "Undo");
    BOOST_TEST(env->object_id == "https://mastodon.example/0b6d1d3a");
    BOOST_TEST(env->object_type == "Follow");
}

BOOST_AUTO_TEST_CASE(reads_a_create_with_a_note)
{
    json::value const doc = parse(R"({
        "id": "https://mastodon.example/users/Alice/statuses/1/activity",
        "type": "Create",
        "actor": "https://mastodon.example/users/Alice",
        "object": {"id": "https://mastodon.example/users/Alice/statuses/1",
                   "type": ["Note", "schema:Thing"], "content": "<p>hi</p>"}})");
    auto env              = read_activity(doc, false);
    BOOST_TEST_REQUIRE(env.has_value());
    BOOST_TEST(env->object_type == "Note");
    BOOST_TEST(env->object_id == "https://mastodon.example/users/Alice/statuses/1");
}

BOOST_AUTO_TEST_CASE(actor_may_be_a_string_an_object_or_a_one_element_array)
{
    for (const char* actor : {
             R"("https://remote.example/users/bob")",                        // the usual IRI
             R"({"id":"https://remote.example/users/bob","type":"Person"})", // embedded
             R"(["https://remote.example/users/bob"])",                      // one-element array
             R"([{"id":"https://remote.example/users/bob"}])",               // array of an object
         })
    {
        BOOST_TEST_CONTEXT(actor)
        {
            json::value const doc =
                parse(std::string(R"({"type":"Like","object":"https://blog.example/posts/x",)"
                                  R"("actor":)") +
                      actor + "}");
            auto env = read_activity(doc, false);
            BOOST_TEST_REQUIRE(env.has_value());
            BOOST_TEST(env->actor == "https://remote.example/users/bob");
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_unusable_actors)
{
    struct actor_case
    {
        const char* actor;
        error expected;
    };

    for (const actor_case& c : {
             // Two actors: which one speaks?
             actor_case{R"(["https://a.example/u","https://b.example/u"])", error::missing_field},
             // Empty array.
             actor_case{R"([])", error::missing_field},
             // An object without an id.
             actor_case{R"({"type":"Person","name":"bob"})", error::missing_field},
             // Null and numbers.
             actor_case{R"(null)", error::missing_field},
             actor_case{R"(7)", error::missing_field},
             // Not http(s), or unusable.
             actor_case{R"("acct:bob@remote.example")", error::bad_iri},
             actor_case{R"("/users/bob")", error::bad_iri},
             actor_case{R"("")", error::bad_iri},
             actor_case{R"("https://x@remote.example/users/bob")", error::bad_iri},
             actor_case{R"js({"id":"javascript:alert(1)"})js", error::bad_iri},
             // http without allow_http.
             actor_case{R"("http://remote.example/users/bob")", error::bad_iri},
         })
    {
        BOOST_TEST_CONTEXT(c.actor)
        {
            BOOST_TEST(outcome(std::string(R"({"type":"Follow","actor":)") + c.actor + "}") ==
                       message(c.expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(http_actors_need_allow_http)
{
    std::string const doc = R"({"id":"http://127.0.0.1:8080/a/1","type":"Follow",
        "actor":"http://127.0.0.1:8080/users/bob","object":"http://127.0.0.1:18080/users/author"})";
    BOOST_TEST(outcome(doc, false) == message(error::bad_iri));
    BOOST_TEST(outcome(doc, true) == "ok");
}

BOOST_AUTO_TEST_CASE(id_must_be_on_the_actors_origin)
{
    for (const char* id : {
             R"("https://evil.example/activities/1")",             // another host
             R"("https://remote.example.evil/activities/1")",      // a look-alike host
             R"("http://remote.example/activities/1")",            // another scheme
             R"("https://remote.example:8443/activities/1")",      // another port
             R"("urn:uuid:0b6d1d3a-7d5e-4c1f-9a0e-2f3b4c5d6e7f")", // not http(s)
             R"("/activities/1")",                                 // relative
             R"("")",                                              // empty
             R"(42)",                                              // not a string
             R"({"id":"https://remote.example/activities/1"})",    // an object
         })
    {
        BOOST_TEST_CONTEXT(id)
        {
            BOOST_TEST(outcome(std::string(R"({"type":"Follow",)"
                                           R"("actor":"https://remote.example/users/bob",)"
                                           R"("id":)") +
                               id + "}") == message(error::bad_iri));
        }
    }
    // Same origin, different spelling.
    BOOST_TEST(outcome(R"({"type":"Follow","actor":"https://remote.example/users/bob",
        "id":"https://REMOTE.example:443/activities/1#x"})") == "ok");
}

BOOST_AUTO_TEST_CASE(an_activity_without_id_is_transient)
{
    json::value const doc = parse(R"({"type":"Delete","actor":"https://remote.example/users/bob",
                  "object":"https://remote.example/users/bob"})");
    auto env              = read_activity(doc, false);
    BOOST_TEST_REQUIRE(env.has_value());
    BOOST_TEST(env->id == "");
}

BOOST_AUTO_TEST_CASE(refuses_missing_type_or_actor)
{
    BOOST_TEST(outcome(R"({"actor":"https://remote.example/users/bob"})") ==
               message(error::missing_field));
    BOOST_TEST(outcome(R"({"type":"","actor":"https://remote.example/users/bob"})") ==
               message(error::missing_field));
    BOOST_TEST(outcome(R"({"type":7,"actor":"https://remote.example/users/bob"})") ==
               message(error::missing_field));
    BOOST_TEST(outcome(R"({"type":[],"actor":"https://remote.example/users/bob"})") ==
               message(error::missing_field));
    BOOST_TEST(outcome(R"({"type":"Follow"})") == message(error::missing_field));
    BOOST_TEST(outcome(R"({})") == message(error::missing_field));
}

BOOST_AUTO_TEST_CASE(refuses_non_objects)
{
    for (const char* text : {"[]", R"(["Follow"])", R"("Follow")", "null", "1", "true"})
    {
        BOOST_TEST_CONTEXT(text)
        {
            BOOST_TEST(outcome(text) == message(error::not_an_object));
        }
    }
}

BOOST_AUTO_TEST_CASE(object_may_be_absent_or_odd)
{
    struct object_case
    {
        const char* object; // nullptr: no object member
        const char* id;
        const char* type;
    };

    for (const object_case& c : {
             object_case{nullptr, "", ""},                                            // absent
             object_case{"null", "", ""},                                             // null
             object_case{R"({"type":"Note"})", "", "Note"},                           // no id
             object_case{R"(["https://a.example/1","https://a.example/2"])", "", ""}, // array
             object_case{R"(12)", "", ""},                                            // number
             object_case{R"({"id":3,"type":"Note"})", "", "Note"}, // id not a string
         })
    {
        std::string text = R"({"type":"Announce","actor":"https://remote.example/users/bob")";
        if (c.object != nullptr)
            text += std::string(R"(,"object":)") + c.object;
        text += "}";
        BOOST_TEST_CONTEXT(text)
        {
            json::value const doc = parse(text);
            auto env              = read_activity(doc, false);
            BOOST_TEST_REQUIRE(env.has_value());
            BOOST_TEST((env->object == nullptr) == (c.object == nullptr));
            BOOST_TEST(env->object_id == c.id);
            BOOST_TEST(env->object_type == c.type);
        }
    }
}

//------------------------------------------------------------------------------------------
// Accept / Reject

BOOST_AUTO_TEST_CASE(accept_embeds_the_follow)
{
    json::value const a = build_accept_follow(urls, "https://mastodon.example/0b6d1d3a",
                                              "https://mastodon.example/users/Alice");
    BOOST_TEST(str(a, "@context") == "https://www.w3.org/ns/activitystreams");
    BOOST_TEST(str(a, "type") == "Accept");
    BOOST_TEST(str(a, "actor") == "https://blog.example/users/author");
    BOOST_TEST(json::serialize(*a.find("to")) == R"(["https://mastodon.example/users/Alice"])");
    BOOST_TEST(json::serialize(*a.find("object")) ==
               R"({"id":"https://mastodon.example/0b6d1d3a","type":"Follow",)"
               R"("actor":"https://mastodon.example/users/Alice",)"
               R"("object":"https://blog.example/users/author"})");
    BOOST_TEST(str(a, "id").starts_with("https://blog.example/users/author#accepts/follows/"));
}

BOOST_AUTO_TEST_CASE(reject_has_the_same_shape)
{
    json::value const r = build_reject_follow(urls, "https://mastodon.example/0b6d1d3a",
                                              "https://mastodon.example/users/Alice");
    json::value const a = build_accept_follow(urls, "https://mastodon.example/0b6d1d3a",
                                              "https://mastodon.example/users/Alice");
    BOOST_TEST(str(r, "type") == "Reject");
    BOOST_TEST(str(r, "id").starts_with("https://blog.example/users/author#rejects/follows/"));
    BOOST_TEST(json::serialize(*r.find("object")) == json::serialize(*a.find("object")));
    BOOST_TEST(json::serialize(*r.find("to")) == json::serialize(*a.find("to")));
    BOOST_TEST(str(r, "actor") == str(a, "actor"));
    BOOST_TEST(str(r, "id") != str(a, "id"));
}

BOOST_AUTO_TEST_CASE(accept_and_reject_ids_are_deterministic)
{
    auto id = [](const json::value& doc) {
        return str(doc, "id");
    };
    std::string const follow = "https://mastodon.example/0b6d1d3a";
    std::string const alice  = "https://mastodon.example/users/Alice";
    // The same Follow, accepted twice: the same activity.
    BOOST_TEST(id(build_accept_follow(urls, follow, alice)) ==
               id(build_accept_follow(urls, follow, alice)));
    BOOST_TEST(id(build_reject_follow(urls, follow, alice)) ==
               id(build_reject_follow(urls, follow, alice)));
    // Another Follow: another id.
    BOOST_TEST(id(build_accept_follow(urls, follow, alice)) !=
               id(build_accept_follow(urls, follow + "x", alice)));
    // The id is ours, with a fixed-length hex tail.
    std::string const accept = id(build_accept_follow(urls, follow, alice));
    std::string const prefix = "https://blog.example/users/author#accepts/follows/";
    BOOST_TEST_REQUIRE(accept.starts_with(prefix));
    std::string const tail = accept.substr(prefix.size());
    BOOST_TEST(tail.size() == 32u);
    BOOST_TEST(tail.find_first_not_of("0123456789abcdef") == std::string::npos);
    // Hostile follow ids (quotes, newlines) never reach our id.
    BOOST_TEST(id(build_accept_follow(urls, "\"\n<x>", alice)).find_first_of("\"\n<>") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(accept_reads_back_as_an_activity_of_ours)
{
    json::value const a = build_accept_follow(urls, "https://mastodon.example/0b6d1d3a",
                                              "https://mastodon.example/users/Alice");
    auto env            = read_activity(parse(json::serialize(a)), false);
    BOOST_TEST_REQUIRE(env.has_value());
    BOOST_TEST(env->type == "Accept");
    BOOST_TEST(env->actor == urls.actor());
    BOOST_TEST(env->object_type == "Follow");
    BOOST_TEST(env->object_id == "https://mastodon.example/0b6d1d3a");
}

//------------------------------------------------------------------------------------------
// @context

BOOST_AUTO_TEST_CASE(recognises_the_activitystreams_context)
{
    for (const char* text : {
             R"({"@context":"https://www.w3.org/ns/activitystreams"})",   // a string
             R"({"@context":["https://www.w3.org/ns/activitystreams"]})", // one-element array
             R"({"@context":["https://www.w3.org/ns/activitystreams",
                 "https://w3id.org/security/v1",{"toot":"http://joinmastodon.org/ns#"}]})", // Mastodon
             R"({"@context":["https://w3id.org/security/v1",
                 "https://www.w3.org/ns/activitystreams"]})", // not first (GoToSocial)
             R"({"@context":[{"@language":"und"},
                 "https://www.w3.org/ns/activitystreams"]})", // object first
         })
    {
        BOOST_TEST_CONTEXT(text)
        {
            BOOST_TEST(has_activitystreams_context(parse(text)));
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_other_contexts)
{
    for (const char* text : {
             R"({})",                                                          // none
             R"({"@context":null})",                                           // null
             R"({"@context":"http://www.w3.org/ns/activitystreams"})",         // http
             R"({"@context":"https://www.w3.org/ns/activitystreams#"})",       // with '#'
             R"({"@context":"https://www.w3.org/ns/activitystreams/"})",       // trailing '/'
             R"({"@context":"https://w3id.org/security/v1"})",                 // another context
             R"({"@context":[]})",                                             // empty array
             R"({"@context":{"as":"https://www.w3.org/ns/activitystreams"}})", // an object
             R"({"@context":[["https://www.w3.org/ns/activitystreams"]]})",    // nested array
             R"({"context":"https://www.w3.org/ns/activitystreams"})",         // no '@'
             R"(["https://www.w3.org/ns/activitystreams"])",                   // not an object
             R"("https://www.w3.org/ns/activitystreams")",                     // a string
         })
    {
        BOOST_TEST_CONTEXT(text)
        {
            BOOST_TEST(!has_activitystreams_context(parse(text)));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
