// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for building our actor documents and reading remote ones. The remote fixtures in
// tests/data/actors/ are hand-written after the shapes Mastodon, GoToSocial, Misskey,
// Pleroma, Akkoma and Fedify (Hollo) serve.

// Test that header file is self-contained.
#include "protocol/actor.hpp"

#include "protocol/error.hpp"
#include "protocol/json.hpp"
#include "protocol/vocab.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

using namespace fedblog::protocol;
using namespace std::chrono;

namespace {

std::string const pem = "-----BEGIN PUBLIC KEY-----\nMIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQ\n"
                        "-----END PUBLIC KEY-----\n";

// 2024-03-01T12:00:00Z
sys_seconds const published = sys_days{2024y / March / 1} + 12h;

site_urls const urls{"https", "blog.example", "author"};

json::value load_fixture(std::string_view name)
{
    std::string const path = std::string(FEDBLOG_TEST_DATA_DIR) + "/actors/" + std::string(name);
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << path);
    std::ostringstream text;
    text << in.rdbuf();
    auto v = json::parse(text.str());
    BOOST_TEST_REQUIRE(v.has_value(), path << ": " << v.error().message());
    return *v;
}

json::value parse(std::string_view text)
{
    auto v = json::parse(text);
    BOOST_TEST_REQUIRE(v.has_value(), v.error().message());
    return *v;
}

/// A minimal valid remote actor, to be modified by each test.
json::value minimal_actor()
{
    return json::make_object({
        {"id", "https://remote.example/users/bob"},
        {"type", "Person"},
        {"preferredUsername", "bob"},
        {"inbox", "https://remote.example/users/bob/inbox"},
        {"publicKey", json::make_object({{"id", "https://remote.example/users/bob#main-key"},
                                         {"owner", "https://remote.example/users/bob"},
                                         {"publicKeyPem", pem}})},
    });
}

json::value key(std::string_view id, std::string_view owner)
{
    return json::make_object({{"id", id}, {"owner", owner}, {"publicKeyPem", pem}});
}

std::string str(const json::value& doc, std::string_view key)
{
    return std::string(doc.get_string(key).value_or("<absent>"));
}

/// "true", "false", or "<absent>" when `key` is missing or not a boolean.
std::string flag(const json::value& doc, std::string_view key)
{
    const json::value* v = doc.find(key);
    if (v == nullptr || !v->is_bool())
        return "<absent>";
    return *v->if_bool() ? "true" : "false";
}

actor_profile full_profile()
{
    actor_profile p;
    p.display_name     = "The Author";
    p.summary_html     = "<p>I write things.</p>";
    p.icon_url         = "https://blog.example/media/avatar.png";
    p.icon_media_type  = "image/png";
    p.image_url        = "https://blog.example/media/header.jpg";
    p.image_media_type = "image/jpeg";
    p.fields           = {{"Website", "<a href=\"https://author.example\">author.example</a>"},
                          {"Pronouns", "they/them"}};
    p.public_key_pem   = pem;
    p.published        = published;
    p.discoverable     = true;
    p.indexable        = false;
    p.also_known_as    = {"https://old.example/users/author"};
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(actor)

//------------------------------------------------------------------------------------------
// build_person

BOOST_AUTO_TEST_CASE(person_has_every_field_mastodon_reads)
{
    json::value const doc = build_person(urls, full_profile());
    BOOST_TEST(str(doc, "id") == "https://blog.example/users/author");
    BOOST_TEST(str(doc, "type") == "Person");
    BOOST_TEST(str(doc, "preferredUsername") == "author");
    BOOST_TEST(str(doc, "name") == "The Author");
    BOOST_TEST(str(doc, "summary") == "<p>I write things.</p>");
    BOOST_TEST(str(doc, "url") == "https://blog.example/");
    BOOST_TEST(str(doc, "inbox") == "https://blog.example/users/author/inbox");
    BOOST_TEST(str(doc, "outbox") == "https://blog.example/users/author/outbox");
    BOOST_TEST(str(doc, "followers") == "https://blog.example/users/author/followers");
    BOOST_TEST(str(doc, "following") == "https://blog.example/users/author/following");
    BOOST_TEST(str(doc, "featured") == "https://blog.example/users/author/featured");
    BOOST_TEST_REQUIRE(doc.find("endpoints") != nullptr);
    BOOST_TEST(str(*doc.find("endpoints"), "sharedInbox") == "https://blog.example/inbox");
    BOOST_TEST(str(*doc.find("endpoints"), "uploadMedia") ==
               "https://blog.example/users/author/media");
    BOOST_TEST(str(doc, "published") == "2024-03-01T12:00:00Z");
    BOOST_TEST(str(doc, "webfinger") == "author@blog.example");
    BOOST_TEST(flag(doc, "manuallyApprovesFollowers") == "false");
    BOOST_TEST(flag(doc, "discoverable") == "true");
    BOOST_TEST(flag(doc, "indexable") == "false");
}

BOOST_AUTO_TEST_CASE(person_public_key_is_owned_by_the_actor)
{
    json::value const doc = build_person(urls, full_profile());
    const json::value* pk = doc.find("publicKey");
    BOOST_TEST_REQUIRE(pk != nullptr);
    BOOST_TEST(str(*pk, "id") == "https://blog.example/users/author#main-key");
    BOOST_TEST(str(*pk, "owner") == "https://blog.example/users/author");
    BOOST_TEST(str(*pk, "publicKeyPem") == pem);
}

BOOST_AUTO_TEST_CASE(person_context_defines_the_extension_terms)
{
    json::value const doc  = build_person(urls, full_profile());
    const json::value* ctx = doc.find("@context");
    BOOST_TEST_REQUIRE(ctx != nullptr);
    const json::array* a = ctx->if_array();
    BOOST_TEST_REQUIRE(a != nullptr);
    BOOST_TEST_REQUIRE(a->size() == 3u);
    BOOST_TEST(*(*a)[0].if_string() == vocab::as_context);
    BOOST_TEST(*(*a)[1].if_string() == vocab::security_context);
    const json::value& terms = (*a)[2];
    for (const char* term : {"manuallyApprovesFollowers", "toot", "featured", "discoverable",
                             "indexable", "schema", "PropertyValue", "value", "webfinger"})
    {
        BOOST_TEST_CONTEXT(term)
        {
            BOOST_TEST(terms.find(term) != nullptr);
        }
    }
    BOOST_TEST(str(terms, "toot") == "http://joinmastodon.org/ns#");
    BOOST_TEST(str(*terms.find("featured"), "@type") == "@id");
}

BOOST_AUTO_TEST_CASE(person_icon_image_fields_and_aliases)
{
    json::value const doc = build_person(urls, full_profile());
    BOOST_TEST(json::serialize(*doc.find("icon")) ==
               R"({"type":"Image","url":"https://blog.example/media/avatar.png",)"
               R"("mediaType":"image/png"})");
    BOOST_TEST(json::serialize(*doc.find("image")) ==
               R"({"type":"Image","url":"https://blog.example/media/header.jpg",)"
               R"("mediaType":"image/jpeg"})");
    BOOST_TEST(json::serialize(*doc.find("attachment")) ==
               R"([{"type":"PropertyValue","name":"Website",)"
               R"("value":"<a href=\"https://author.example\">author.example</a>"},)"
               R"({"type":"PropertyValue","name":"Pronouns","value":"they/them"}])");
    BOOST_TEST(json::serialize(*doc.find("alsoKnownAs")) ==
               R"(["https://old.example/users/author"])");
}

BOOST_AUTO_TEST_CASE(person_leaves_out_what_the_profile_lacks)
{
    actor_profile p;
    p.public_key_pem      = pem;
    p.icon_media_type     = "image/png"; // a type without a URL is not an icon
    json::value const doc = build_person(urls, p);
    BOOST_TEST(doc.find("icon") == nullptr);
    BOOST_TEST(doc.find("image") == nullptr);
    BOOST_TEST(doc.find("alsoKnownAs") == nullptr);
    BOOST_TEST(json::serialize(*doc.find("attachment")) == "[]");
    // An icon without a media type has no mediaType member.
    p.icon_url = "https://blog.example/media/a.png";
    p.icon_media_type.clear();
    BOOST_TEST(json::serialize(*build_person(urls, p).find("icon")) ==
               R"({"type":"Image","url":"https://blog.example/media/a.png"})");
}

BOOST_AUTO_TEST_CASE(person_reads_back_as_a_remote_actor)
{
    json::value const doc = build_person(urls, full_profile());
    // Through text, as a peer gets it.
    auto info = read_remote_actor(parse(json::serialize(doc)), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->id == urls.actor());
    BOOST_TEST(info->type == "Person");
    BOOST_TEST(info->preferred_username == "author");
    BOOST_TEST(info->name == "The Author");
    BOOST_TEST(info->inbox == urls.inbox());
    BOOST_TEST(info->shared_inbox == urls.shared_inbox());
    BOOST_TEST(info->url == urls.home());
    BOOST_TEST(info->icon_url == "https://blog.example/media/avatar.png");
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
    BOOST_TEST(info->keys[0].id == urls.actor_key());
    BOOST_TEST(info->keys[0].pem == pem);
}

BOOST_AUTO_TEST_CASE(person_on_a_local_http_node)
{
    site_urls const local{"http", "127.0.0.1:18080", "author"};
    json::value const doc = build_person(local, full_profile());
    BOOST_TEST(str(doc, "id") == "http://127.0.0.1:18080/users/author");
    BOOST_TEST(str(doc, "webfinger") == "author@127.0.0.1:18080");
    BOOST_TEST(str(*doc.find("publicKey"), "id") == "http://127.0.0.1:18080/users/author#main-key");
    BOOST_TEST(read_remote_actor(doc, true).has_value());
    BOOST_TEST(read_remote_actor(doc, false).error() == error::bad_iri);
}

//------------------------------------------------------------------------------------------
// build_instance_actor

BOOST_AUTO_TEST_CASE(instance_actor_is_an_application_that_signs)
{
    json::value const doc = build_instance_actor(urls, pem, published);
    BOOST_TEST(json::serialize(*doc.find("@context")) ==
               R"(["https://www.w3.org/ns/activitystreams","https://w3id.org/security/v1"])");
    BOOST_TEST(str(doc, "id") == "https://blog.example/actor");
    BOOST_TEST(str(doc, "type") == "Application");
    BOOST_TEST(str(doc, "preferredUsername") == "blog.example");
    BOOST_TEST(str(doc, "inbox") == "https://blog.example/actor/inbox");
    BOOST_TEST(str(doc, "outbox") == "https://blog.example/actor/outbox");
    BOOST_TEST(str(*doc.find("endpoints"), "sharedInbox") == "https://blog.example/inbox");
    BOOST_TEST(str(*doc.find("publicKey"), "id") == "https://blog.example/actor#main-key");
    BOOST_TEST(str(*doc.find("publicKey"), "owner") == "https://blog.example/actor");
    BOOST_TEST(str(*doc.find("publicKey"), "publicKeyPem") == pem);
    BOOST_TEST(flag(doc, "manuallyApprovesFollowers") == "true");
    BOOST_TEST(flag(doc, "discoverable") == "false");
    BOOST_TEST(flag(doc, "indexable") == "false");
    BOOST_TEST(str(doc, "published") == "2024-03-01T12:00:00Z");

    auto info = read_remote_actor(doc, false);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST(info->type == "Application");
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
    BOOST_TEST(info->keys[0].id == "https://blog.example/actor#main-key");
}

BOOST_AUTO_TEST_CASE(instance_actor_username_drops_the_port)
{
    json::value const doc =
        build_instance_actor(site_urls{"http", "127.0.0.1:18080", "author"}, pem, published);
    BOOST_TEST(str(doc, "preferredUsername") == "127.0.0.1");
    BOOST_TEST(str(doc, "name") == "127.0.0.1:18080");
}

//------------------------------------------------------------------------------------------
// read_remote_actor: real-world shapes

BOOST_AUTO_TEST_CASE(reads_a_mastodon_actor)
{
    auto info = read_remote_actor(load_fixture("mastodon.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->id == "https://mastodon.example/users/Alice");
    BOOST_TEST(info->type == "Person");
    BOOST_TEST(info->preferred_username == "Alice");
    BOOST_TEST(info->name == "Alice :blobcat:");
    BOOST_TEST(info->inbox == "https://mastodon.example/users/Alice/inbox");
    BOOST_TEST(info->shared_inbox == "https://mastodon.example/inbox");
    BOOST_TEST(info->url == "https://mastodon.example/@Alice");
    BOOST_TEST(info->icon_url == "https://files.mastodon.example/accounts/avatars/109/298/012/"
                                 "345/678/901/original/0f1e2d3c4b5a6978.png");
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
    BOOST_TEST(info->keys[0].id == "https://mastodon.example/users/Alice#main-key");
    BOOST_TEST(info->keys[0].owner == "https://mastodon.example/users/Alice");
    BOOST_TEST(info->keys[0].pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
}

BOOST_AUTO_TEST_CASE(reads_a_mastodon_instance_actor)
{
    auto info = read_remote_actor(load_fixture("mastodon_instance_actor.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->type == "Application");
    BOOST_TEST(info->preferred_username == "mastodon.example");
    BOOST_TEST(info->name == "");
    BOOST_TEST(info->url == "https://mastodon.example/about/more?instance_actor=true");
    BOOST_TEST(info->icon_url == "");
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
    BOOST_TEST(info->keys[0].id == "https://mastodon.example/actor#main-key");
}

BOOST_AUTO_TEST_CASE(reads_a_gotosocial_actor)
{
    auto info = read_remote_actor(load_fixture("gotosocial.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->id == "https://gts.example/users/bob");
    BOOST_TEST(info->preferred_username == "bob");
    // GoToSocial publishes no shared inbox.
    BOOST_TEST(info->shared_inbox == "");
    BOOST_TEST(info->url == "https://gts.example/@bob");
    BOOST_TEST(info->icon_url.starts_with("https://gts.example/fileserver/"));
    // Its key id is a path of its own, not a fragment: same origin, so kept.
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
    BOOST_TEST(info->keys[0].id == "https://gts.example/users/bob/main-key");
}

BOOST_AUTO_TEST_CASE(reads_a_misskey_actor)
{
    auto info = read_remote_actor(load_fixture("misskey.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->id == "https://misskey.example/users/9kq2h3x7ab");
    BOOST_TEST(info->preferred_username == "carol");
    BOOST_TEST(info->name == "Carol \xF0\x9F\x90\xB1"); // surrogate pair decoded
    BOOST_TEST(info->shared_inbox == "https://misskey.example/inbox");
    BOOST_TEST(info->url == "https://misskey.example/@carol");
    // Media on another host (object storage) is fine for an icon.
    BOOST_TEST(info->icon_url.starts_with("https://s3.misskey.example/"));
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
    BOOST_TEST(info->keys[0].id == "https://misskey.example/users/9kq2h3x7ab#main-key");
}

BOOST_AUTO_TEST_CASE(reads_a_pleroma_actor)
{
    auto info = read_remote_actor(load_fixture("pleroma.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->preferred_username == "dave");
    BOOST_TEST(info->shared_inbox == "https://pleroma.example/inbox");
    BOOST_TEST(info->url == "https://pleroma.example/users/dave");
    BOOST_TEST(info->icon_url ==
               "https://pleroma.example/media/7c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f.png");
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
}

BOOST_AUTO_TEST_CASE(reads_an_akkoma_service_actor)
{
    auto info = read_remote_actor(load_fixture("akkoma.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->type == "Service");
    BOOST_TEST(info->name == "Erin (bot)");
    BOOST_TEST(info->shared_inbox == "https://akkoma.example/inbox");
    BOOST_TEST(info->icon_url == "https://media.akkoma.example/a1b2c3d4/avatar.png");
    BOOST_TEST_REQUIRE(info->keys.size() == 1u);
}

BOOST_AUTO_TEST_CASE(reads_a_fedify_actor_with_several_keys_and_link_urls)
{
    auto info = read_remote_actor(load_fixture("fedify.json"), false);
    BOOST_TEST_REQUIRE(info.has_value(), info.error().message());
    BOOST_TEST(info->id == "https://hollo.example/@frank");
    BOOST_TEST(info->shared_inbox == "https://hollo.example/inbox");
    // The text/html Link wins over the feed listed first.
    BOOST_TEST(info->url == "https://hollo.example/@frank");
    // An Image whose url is a Link.
    BOOST_TEST(info->icon_url == "https://hollo.example/media/avatars/frank.png");
    BOOST_TEST_REQUIRE(info->keys.size() == 2u);
    BOOST_TEST(info->keys[0].id == "https://hollo.example/@frank#main-key");
    BOOST_TEST(info->keys[1].id == "https://hollo.example/@frank#key-2");
}

//------------------------------------------------------------------------------------------
// read_remote_actor: refusals

BOOST_AUTO_TEST_CASE(refuses_non_actor_types)
{
    for (const char* type : {"Note", "Create", "Collection", "person", "Tombstone", "Link", ""})
    {
        json::value doc = minimal_actor();
        doc.set("type", type);
        BOOST_TEST_CONTEXT(type)
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(!info.has_value());
            BOOST_TEST(info.error() == error::invalid_document);
        }
    }
    json::value doc = minimal_actor();
    doc.erase("type");
    BOOST_TEST(read_remote_actor(doc, false).error() == error::invalid_document);
    doc.set("type", 3);
    BOOST_TEST(read_remote_actor(doc, false).error() == error::invalid_document);
}

BOOST_AUTO_TEST_CASE(accepts_every_actor_type_and_type_arrays)
{
    for (const char* type : {"Person", "Service", "Application", "Group", "Organization"})
    {
        json::value doc = minimal_actor();
        doc.set("type", type);
        BOOST_TEST_CONTEXT(type)
        {
            BOOST_TEST(read_remote_actor(doc, false).has_value());
        }
    }
    json::value doc = minimal_actor();
    doc.set("type", json::array{json::value("Person"), json::value("schema:Person")});
    BOOST_TEST(read_remote_actor(doc, false).value().type == "Person");
}

BOOST_AUTO_TEST_CASE(refuses_unusable_ids)
{
    for (json::value const& id : {
             json::value("acct:bob@remote.example"),        // not http(s)
             json::value("/users/bob"),                     // relative
             json::value("https://x@remote.example/u/bob"), // userinfo
             json::value("ftp://remote.example/users/bob"), // other scheme
             json::value(""),                               // empty
             json::value(42),                               // not a string
             json::value(nullptr),                          // null
         })
    {
        json::value doc = minimal_actor();
        doc.set("id", id);
        BOOST_TEST_CONTEXT(json::serialize(id))
        {
            auto info = read_remote_actor(doc, true);
            BOOST_TEST_REQUIRE(!info.has_value());
            BOOST_TEST(info.error() == error::bad_iri);
        }
    }
    json::value doc = minimal_actor();
    doc.erase("id");
    BOOST_TEST(read_remote_actor(doc, true).error() == error::bad_iri);
}

BOOST_AUTO_TEST_CASE(refuses_a_missing_or_unusable_inbox)
{
    json::value doc = minimal_actor();
    doc.erase("inbox");
    BOOST_TEST(read_remote_actor(doc, false).error() == error::invalid_document);
    for (json::value const& inbox : {
             json::value("/users/bob/inbox"),          // relative
             json::value("mailto:bob@remote.example"), // not http(s)
             json::value(json::make_object({{"id", "https://remote.example/inbox"}})), // object
             json::value(nullptr),                                                     // null
             json::value("http://remote.example/users/bob/inbox"), // http without allow_http
         })
    {
        doc.set("inbox", inbox);
        BOOST_TEST_CONTEXT(json::serialize(inbox))
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(!info.has_value());
            BOOST_TEST(info.error() == error::invalid_document);
        }
    }
}

BOOST_AUTO_TEST_CASE(refuses_non_objects)
{
    for (json::value const& v : {json::value(), json::value("https://remote.example/users/bob"),
                                 json::value(json::array{minimal_actor()}), json::value(true)})
    {
        BOOST_TEST(read_remote_actor(v, true).error() == error::invalid_document);
    }
}

BOOST_AUTO_TEST_CASE(http_actors_need_allow_http)
{
    json::value doc = minimal_actor();
    doc.set("id", "http://127.0.0.1:8080/users/bob");
    doc.set("inbox", "http://127.0.0.1:8080/users/bob/inbox");
    doc.set("publicKey",
            key("http://127.0.0.1:8080/users/bob#main-key", "http://127.0.0.1:8080/users/bob"));
    BOOST_TEST(read_remote_actor(doc, false).error() == error::bad_iri);
    auto info = read_remote_actor(doc, true);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST(info->keys.size() == 1u);

    // With allow_http off, an https actor's http shared inbox and icon are dropped.
    json::value mixed = minimal_actor();
    mixed.set("endpoints", json::make_object({{"sharedInbox", "http://remote.example/inbox"}}));
    mixed.set("icon", "http://remote.example/a.png");
    mixed.set("url", "http://remote.example/@bob");
    auto strict = read_remote_actor(mixed, false);
    BOOST_TEST_REQUIRE(strict.has_value());
    BOOST_TEST(strict->shared_inbox == "");
    BOOST_TEST(strict->icon_url == "");
    BOOST_TEST(strict->url == "");
    auto lax = read_remote_actor(mixed, true);
    BOOST_TEST_REQUIRE(lax.has_value());
    BOOST_TEST(lax->shared_inbox == "http://remote.example/inbox");
    BOOST_TEST(lax->icon_url == "http://remote.example/a.png");
    BOOST_TEST(lax->url == "http://remote.example/@bob");
}

//------------------------------------------------------------------------------------------
// read_remote_actor: keys (INTEROP.md C27)

BOOST_AUTO_TEST_CASE(drops_keys_owned_by_another_actor)
{
    json::value doc = minimal_actor();
    doc.set("publicKey", key("https://remote.example/users/bob#main-key",
                             "https://remote.example/users/mallory"));
    auto info = read_remote_actor(doc, false);
    BOOST_TEST_REQUIRE(info.has_value()); // the actor is fine; it just has no usable key
    BOOST_TEST(info->keys.empty());
}

BOOST_AUTO_TEST_CASE(drops_keys_whose_id_is_on_another_origin)
{
    std::string const bob = "https://remote.example/users/bob";
    for (const char* kid : {
             "https://evil.example/users/bob#main-key",  // another host
             "https://remote.example.evil/users/bob#k",  // a host that merely starts the same
             "http://remote.example/users/bob#main-key", // another scheme
             "https://remote.example:8443/users/bob#k",  // another port
             "https://x@remote.example/users/bob#k",     // userinfo
             "#main-key",                                // relative
             "",                                         // empty
         })
    {
        json::value doc = minimal_actor();
        doc.set("publicKey", key(kid, bob));
        BOOST_TEST_CONTEXT(kid)
        {
            auto info = read_remote_actor(doc, true);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST(info->keys.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(keeps_keys_on_the_actors_origin)
{
    std::string const bob = "https://remote.example/users/bob";
    for (const char* kid : {
             "https://remote.example/users/bob#main-key", // Mastodon
             "https://remote.example/users/bob/main-key", // GoToSocial
             "https://remote.example/keys/17",            // a key document of its own
             "https://REMOTE.example:443/users/bob#k",    // same origin, spelled differently
         })
    {
        json::value doc = minimal_actor();
        doc.set("publicKey", key(kid, bob));
        BOOST_TEST_CONTEXT(kid)
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST_REQUIRE(info->keys.size() == 1u);
            BOOST_TEST(info->keys[0].id == kid);
        }
    }
}

BOOST_AUTO_TEST_CASE(skips_incomplete_keys)
{
    std::string const bob = "https://remote.example/users/bob";
    std::string const kid = bob + "#main-key";
    for (json::value const& k : {
             json::make_object({{"owner", bob}, {"publicKeyPem", pem}}),            // no id
             json::make_object({{"id", kid}, {"publicKeyPem", pem}}),               // no owner
             json::make_object({{"id", kid}, {"owner", bob}}),                      // no PEM
             json::make_object({{"id", kid}, {"owner", bob}, {"publicKeyPem", 1}}), // PEM not text
             json::make_object({{"id", kid},
                                {"owner", json::make_object({{"id", bob}})},
                                {"publicKeyPem", pem}}), // owner object
             json::value(kid),                           // an IRI only
             json::value(nullptr),                       // null
         })
    {
        json::value doc = minimal_actor();
        doc.set("publicKey", k);
        BOOST_TEST_CONTEXT(json::serialize(k))
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST(info->keys.empty());
        }
    }
    json::value doc = minimal_actor();
    doc.erase("publicKey");
    BOOST_TEST(read_remote_actor(doc, false).value().keys.empty());
}

BOOST_AUTO_TEST_CASE(reads_public_key_arrays_keeping_good_keys_only)
{
    std::string const bob = "https://remote.example/users/bob";
    json::value doc       = minimal_actor();
    doc.set("publicKey", json::array{key(bob + "#k1", bob), key("https://evil.example/k", bob),
                                     key(bob + "#k3", "https://remote.example/users/eve"),
                                     json::value(3), key(bob + "#k5", bob)});
    auto info = read_remote_actor(doc, false);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST_REQUIRE(info->keys.size() == 2u);
    BOOST_TEST(info->keys[0].id == bob + "#k1");
    BOOST_TEST(info->keys[1].id == bob + "#k5");
}

BOOST_AUTO_TEST_CASE(reads_at_most_ten_keys)
{
    std::string const bob = "https://remote.example/users/bob";
    json::array keys;
    for (int i = 0; i < 25; ++i)
        keys.push_back(key(bob + "#k" + std::to_string(i), bob));
    json::value doc = minimal_actor();
    doc.set("publicKey", std::move(keys));
    auto info = read_remote_actor(doc, false);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST_REQUIRE(info->keys.size() == 10u);
    BOOST_TEST(info->keys.back().id == bob + "#k9");
}

//------------------------------------------------------------------------------------------
// read_remote_actor: shared inbox, url, icon

BOOST_AUTO_TEST_CASE(reads_the_shared_inbox_from_endpoints_or_top_level)
{
    json::value doc = minimal_actor();
    BOOST_TEST(read_remote_actor(doc, false).value().shared_inbox == "");

    doc.set("endpoints", json::make_object({{"sharedInbox", "https://remote.example/inbox"}}));
    BOOST_TEST(read_remote_actor(doc, false).value().shared_inbox ==
               "https://remote.example/inbox");

    json::value top = minimal_actor();
    top.set("sharedInbox", "https://remote.example/shared");
    BOOST_TEST(read_remote_actor(top, false).value().shared_inbox ==
               "https://remote.example/shared");

    // endpoints wins when both are there.
    doc.set("sharedInbox", "https://remote.example/shared");
    BOOST_TEST(read_remote_actor(doc, false).value().shared_inbox ==
               "https://remote.example/inbox");

    // endpoints without a sharedInbox falls back to the top level.
    top.set("endpoints", json::make_object({{"uploadMedia", "https://remote.example/up"}}));
    BOOST_TEST(read_remote_actor(top, false).value().shared_inbox ==
               "https://remote.example/shared");
}

BOOST_AUTO_TEST_CASE(ignores_unusable_shared_inboxes)
{
    for (json::value const& endpoints : {
             json::make_object({{"sharedInbox", "/inbox"}}),       // relative
             json::make_object({{"sharedInbox", "javascript:x"}}), // not http(s)
             json::make_object({{"sharedInbox", json::array{}}}),  // not a string
             json::value("https://remote.example/endpoints"),      // endpoints an IRI
             json::value(nullptr),                                 // null
         })
    {
        json::value doc = minimal_actor();
        doc.set("endpoints", endpoints);
        BOOST_TEST_CONTEXT(json::serialize(endpoints))
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST(info->shared_inbox == "");
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_url_in_its_several_forms)
{
    struct url_case
    {
        json::value url;
        std::string expected;
    };

    for (const url_case& c : {
             // A string on the actor's host.
             url_case{"https://remote.example/@bob", "https://remote.example/@bob"},
             // Another port on the same host still is the same host (C28 compares hosts).
             url_case{"https://remote.example:8443/@bob", "https://remote.example:8443/@bob"},
             // A string on another host could impersonate: dropped.
             url_case{"https://evil.example/@bob", ""},
             // A subdomain is another host.
             url_case{"https://www.remote.example/@bob", ""},
             // Not http(s).
             url_case{"acct:bob@remote.example", ""},
             // Relative.
             url_case{"/@bob", ""},
             // A Link object.
             url_case{
                 json::make_object({{"type", "Link"}, {"href", "https://remote.example/@bob"}}),
                 "https://remote.example/@bob"},
             // An array of strings: the first.
             url_case{json::array{json::value("https://remote.example/@bob"),
                                  json::value("https://remote.example/users/bob")},
                      "https://remote.example/@bob"},
             // An array of Links: text/html preferred, wherever it is.
             url_case{json::array{json::make_object({{"type", "Link"},
                                                     {"href", "https://remote.example/feed"},
                                                     {"mediaType", "application/atom+xml"}}),
                                  json::make_object({{"type", "Link"},
                                                     {"href", "https://remote.example/@bob"},
                                                     {"mediaType", "text/html"}})},
                      "https://remote.example/@bob"},
             // An array of Links without mediaType: the first (as Mastodon's url_to_href).
             url_case{json::array{json::make_object(
                          {{"type", "Link"}, {"href", "https://remote.example/@bob"}})},
                      "https://remote.example/@bob"},
             // A Link's own id is not the page.
             url_case{json::array{json::make_object({{"type", "Link"},
                                                     {"id", "https://remote.example/links/1"},
                                                     {"href", "https://remote.example/@bob"}})},
                      "https://remote.example/@bob"},
             // The text/html Link is on another host: nothing.
             url_case{json::array{json::value("https://remote.example/@bob"),
                                  json::make_object({{"type", "Link"},
                                                     {"href", "https://evil.example/@bob"},
                                                     {"mediaType", "text/html"}})},
                      ""},
             // Junk.
             url_case{json::value(17), ""},
             url_case{json::array{json::value(nullptr), json::value(1)}, ""},
             url_case{json::array{}, ""},
         })
    {
        json::value doc = minimal_actor();
        doc.set("url", c.url);
        BOOST_TEST_CONTEXT(json::serialize(c.url))
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST(info->url == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(reads_icon_in_its_several_forms)
{
    std::string const png = "https://cdn.example/a.png";

    struct icon_case
    {
        json::value icon;
        std::string expected;
    };

    for (const icon_case& c : {
             // A bare URL.
             icon_case{png, png},
             // An Image with a string url (Mastodon).
             icon_case{json::make_object({{"type", "Image"}, {"url", png}}), png},
             // An Image whose url is a Link.
             icon_case{
                 json::make_object({{"type", "Image"},
                                    {"url", json::make_object({{"type", "Link"}, {"href", png}})}}),
                 png},
             // An array: the first usable one.
             icon_case{json::array{json::value(nullptr),
                                   json::make_object({{"type", "Image"}, {"url", "ftp://x/y"}}),
                                   json::make_object({{"type", "Image"}, {"url", png}})},
                       png},
             // Not http(s).
             icon_case{"data:image/png;base64,AAAA", ""},
             icon_case{json::make_object({{"type", "Image"}, {"url", "javascript:x"}}), ""},
             // No url.
             icon_case{json::make_object({{"type", "Image"}}), ""},
             // null (Misskey sends "image": null).
             icon_case{json::value(nullptr), ""},
         })
    {
        json::value doc = minimal_actor();
        doc.set("icon", c.icon);
        BOOST_TEST_CONTEXT(json::serialize(c.icon))
        {
            auto info = read_remote_actor(doc, false);
            BOOST_TEST_REQUIRE(info.has_value());
            BOOST_TEST(info->icon_url == c.expected);
        }
    }
}

BOOST_AUTO_TEST_CASE(optional_strings_of_the_wrong_type_are_empty)
{
    json::value doc = minimal_actor();
    doc.set("preferredUsername", json::array{});
    doc.set("name", nullptr);
    auto info = read_remote_actor(doc, false);
    BOOST_TEST_REQUIRE(info.has_value());
    BOOST_TEST(info->preferred_username == "");
    BOOST_TEST(info->name == "");
}

//------------------------------------------------------------------------------------------
// read_key_document

BOOST_AUTO_TEST_CASE(reads_a_standalone_key_document)
{
    auto k = read_key_document(parse(R"({
        "@context": "https://w3id.org/security/v1",
        "id": "https://remote.example/keys/17",
        "type": "Key",
        "owner": "https://remote.example/users/bob",
        "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"})"));
    BOOST_TEST_REQUIRE(k.has_value());
    BOOST_TEST(k->id == "https://remote.example/keys/17");
    BOOST_TEST(k->owner == "https://remote.example/users/bob");
    BOOST_TEST(k->pem == "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
}

BOOST_AUTO_TEST_CASE(refuses_incomplete_key_documents)
{
    for (const char* text : {
             R"({"owner":"https://r.example/u","publicKeyPem":"P"})",         // no id
             R"({"id":"https://r.example/k","publicKeyPem":"P"})",            // no owner
             R"({"id":"https://r.example/k","owner":"https://r.example/u"})", // no PEM
             R"({"id":7,"owner":"https://r.example/u","publicKeyPem":"P"})",  // id a number
             R"({"id":"https://r.example/k","owner":{"id":"https://r.example/u"},
                 "publicKeyPem":"P"})",                                       // owner object
             // An actor document is no key document (its key is nested).
             R"({"id":"https://r.example/u","type":"Person","publicKey":
                 {"id":"https://r.example/u#k","owner":"https://r.example/u","publicKeyPem":"P"}})",
             R"([])",                    // array
             R"("https://r.example/k")", // string
         })
    {
        BOOST_TEST_CONTEXT(text)
        {
            auto k = read_key_document(parse(text));
            BOOST_TEST_REQUIRE(!k.has_value());
            BOOST_TEST(k.error() == error::invalid_document);
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
