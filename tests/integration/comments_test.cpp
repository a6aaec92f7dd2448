// SPDX-License-Identifier: AGPL-3.0-or-later
// Replies become comments: ingest, threads, visibility, sanitizing, edits and deletions,
// likes and boosts, forwarded activities, blocks, moderation, quotes and backfill — each
// checked through what the post page, the replies collection and the counts show.
#include "protocol/iri.hpp"
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <thread>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept  = "application/activity+json";
constexpr const char* public_iri = "https://www.w3.org/ns/activitystreams#Public";

struct thread_fixture
{
    explicit thread_fixture(std::vector<std::string> extra = {})
        : node([&] {
              std::vector<std::string> lines{"allow_http_peers = true",
                                             "allow_private_addresses = true"};
              lines.insert(lines.end(), extra.begin(), extra.end());
              return lines;
          }())
    {
        node.start();
        alice    = &remote.add_actor("alice");
        bob      = &remote.add_actor("bob");
        post_url = node.base() + "/posts/welcome";
    }

    /// A Note by `who` at `path` replying to `parent`.
    json::value note(const fake_remote::actor& who, const std::string& path,
                     const std::string& parent, const std::string& content,
                     const std::string& visibility = "public",
                     const std::string& updated    = {}) const
    {
        json::value n = json::make_object({
            {"id", remote.base() + path},
            {"type", "Note"},
            {"attributedTo", who.id},
            {"inReplyTo", parent},
            {"content", content},
            {"published", "2026-11-01T10:00:00Z"},
            {"url", remote.base() + path},
        });
        if (visibility == "public")
        {
            n.set("to", json::array{json::value(public_iri)});
            n.set("cc", json::array{json::value(who.id + "/followers"), json::value(node.actor())});
        }
        else if (visibility == "followers")
        {
            n.set("to", json::array{json::value(who.id + "/followers")});
            n.set("cc", json::array{json::value(node.actor())});
        }
        else
            n.set("to", json::array{json::value(node.actor())});
        if (!updated.empty())
            n.set("updated", updated);
        return n;
    }

    json::value activity(const std::string& type, const fake_remote::actor& who, json::value object,
                         const std::string& id_suffix) const
    {
        return json::make_object({
            {"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", who.id + "/activities/" + id_suffix},
            {"type", type},
            {"actor", who.id},
            {"object", std::move(object)},
        });
    }

    http_reply reply(const fake_remote::actor& who, const json::value& n, const std::string& suffix)
    {
        return remote.send(node, who, activity("Create", who, n, suffix));
    }

    std::string page() const { return node.get("/posts/welcome", "text/html").body; }

    std::vector<std::string> replies_items() const
    {
        const auto col    = node.get("/posts/welcome/replies", as_accept).json();
        const auto* first = col.find("first");
        std::vector<std::string> out;
        for (const auto& item : *first->find("items")->if_array())
            out.emplace_back(*item.if_string());
        return out;
    }

    std::int64_t note_count(const std::string& collection) const
    {
        auto n = node.get("/posts/welcome", as_accept).json();
        return *n.find(collection)->find("totalItems")->if_int();
    }

    bool page_has(const std::string& text) const { return page().find(text) != std::string::npos; }

    node_process node;
    fake_remote remote;
    const fake_remote::actor* alice = nullptr;
    const fake_remote::actor* bob   = nullptr;
    std::string post_url;
};

/// Polls `pred` for up to `limit`.
template <class Pred>
bool eventually(Pred pred, std::chrono::seconds limit = std::chrono::seconds(10))
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (pred())
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return pred();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(comments, thread_fixture)

BOOST_AUTO_TEST_CASE(a_public_reply_becomes_a_sanitized_comment)
{
    const std::string hostile =
        "<p>Nice post! <script>alert(1)</script><a href=\"javascript:alert(2)\">click</a>"
        "<img src=x onerror=alert(3)><b onclick=\"x()\">bold</b> :blob:</p>";
    auto n = note(*alice, "/notes/1", post_url, hostile);
    n.set("tag", json::array{json::make_object(
                     {{"type", "Emoji"},
                      {"name", ":blob:"},
                      {"icon", json::make_object({{"type", "Image"},
                                                  {"url", remote.base() + "/emoji/blob.png"}})}})});
    BOOST_TEST(reply(*alice, n, "1").status == 202u);

    const std::string html = page();
    BOOST_TEST(html.find("Nice post!") != std::string::npos);
    BOOST_TEST(html.find("<b>bold</b>") != std::string::npos);
    BOOST_TEST(html.find("<script") == std::string::npos);
    BOOST_TEST(html.find("javascript:") == std::string::npos);
    BOOST_TEST(html.find("onerror") == std::string::npos);
    BOOST_TEST(html.find("onclick") == std::string::npos);
    BOOST_TEST(html.find("Remote alice") != std::string::npos);     // display name
    BOOST_TEST(html.find("@alice@127.0.0.1") != std::string::npos); // handle
    BOOST_TEST(html.find("class=\"emoji\" src=\"" + remote.base() + "/emoji/blob.png\"") !=
               std::string::npos);
    BOOST_TEST(html.find("1 comment") != std::string::npos);
    BOOST_TEST(replies_items() == std::vector<std::string>{remote.base() + "/notes/1"});
    BOOST_TEST(note_count("replies") == 1);
    BOOST_TEST(node.get("/", "text/html").body.find("1 comment") !=
               std::string::npos); // index count
}

BOOST_AUTO_TEST_CASE(duplicate_deliveries_store_one_comment)
{
    auto n = note(*alice, "/notes/1", post_url, "<p>once</p>");
    BOOST_TEST(reply(*alice, n, "1").status == 202u);
    BOOST_TEST(reply(*alice, n, "1b").status == 202u);
    BOOST_TEST(replies_items().size() == 1u);
}

BOOST_AUTO_TEST_CASE(nested_replies_and_missing_parents_are_fetched)
{
    BOOST_TEST(reply(*alice, note(*alice, "/notes/1", post_url, "<p>root</p>"), "1").status ==
               202u);
    // Bob answers Alice's comment directly.
    BOOST_TEST(reply(*bob, note(*bob, "/notes/2", remote.base() + "/notes/1", "<p>child</p>"), "2")
                   .status == 202u);
    // Carol answers a note of Dave that we never received; it is fetched from its origin.
    const auto& carol = remote.add_actor("carol");
    const auto& dave  = remote.add_actor("dave");
    remote.put_document("/notes/3",
                        note(dave, "/notes/3", remote.base() + "/notes/2", "<p>missed</p>"));
    BOOST_TEST(
        reply(carol, note(carol, "/notes/4", remote.base() + "/notes/3", "<p>grandchild</p>"), "4")
            .status == 202u);

    const std::string html = page();
    for (const char* text : {"root", "child", "missed", "grandchild"})
        BOOST_TEST(html.find(text) != std::string::npos, text);
    // Only direct replies to the post are in its replies collection.
    BOOST_TEST(replies_items() == std::vector<std::string>{remote.base() + "/notes/1"});
    BOOST_TEST(html.find("4 comments") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(replies_outside_our_threads_are_dropped)
{
    remote.put_document("/notes/9",
                        note(*bob, "/notes/9", "https://elsewhere.example/notes/1", "<p>far</p>"));
    BOOST_TEST(
        reply(*alice, note(*alice, "/notes/10", remote.base() + "/notes/9", "<p>stray</p>"), "10")
            .status == 202u);
    BOOST_TEST(!page_has("stray"));
    BOOST_TEST(!page_has("far"));
}

BOOST_AUTO_TEST_CASE(private_replies_stay_private)
{
    BOOST_TEST(
        reply(*alice, note(*alice, "/notes/1", post_url, "<p>for your eyes</p>", "followers"), "1")
            .status == 202u);
    BOOST_TEST(reply(*bob, note(*bob, "/notes/2", post_url, "<p>direct words</p>", "direct"), "2")
                   .status == 202u);
    BOOST_TEST(!page_has("for your eyes"));
    BOOST_TEST(!page_has("direct words"));
    BOOST_TEST(replies_items().empty());
    BOOST_TEST(note_count("replies") == 0);
    auto listed =
        run_fedblog({"comments", "--data", node.data_dir().string(), "list", "--private"});
    BOOST_TEST(listed.exit_code == 0);
    BOOST_TEST(listed.out.find("for your eyes") != std::string::npos);
    BOOST_TEST(listed.out.find("direct words") != std::string::npos);
    BOOST_TEST(listed.out.find("followers") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(edits_apply_only_when_newer)
{
    auto n = note(*alice, "/notes/1", post_url, "<p>first words</p>");
    BOOST_TEST(reply(*alice, n, "1").status == 202u);
    auto edited =
        note(*alice, "/notes/1", post_url, "<p>second words</p>", "public", "2026-11-02T10:00:00Z");
    BOOST_TEST(remote.send(node, *alice, activity("Update", *alice, edited, "u1")).status == 202u);
    BOOST_TEST(page_has("second words"));
    BOOST_TEST(page_has("(edited)"));
    auto stale =
        note(*alice, "/notes/1", post_url, "<p>stale words</p>", "public", "2026-11-01T12:00:00Z");
    BOOST_TEST(remote.send(node, *alice, activity("Update", *alice, stale, "u2")).status == 202u);
    BOOST_TEST(page_has("second words"));
    BOOST_TEST(!page_has("stale words"));
    // Nobody else can edit it.
    auto forged =
        note(*alice, "/notes/1", post_url, "<p>bob was here</p>", "public", "2026-11-03T10:00:00Z");
    forged.set("attributedTo", bob->id);
    BOOST_TEST(remote.send(node, *bob, activity("Update", *bob, forged, "u3")).status == 403u);
    BOOST_TEST(!page_has("bob was here"));
}

BOOST_AUTO_TEST_CASE(deletions_leave_a_placeholder_only_where_replies_hang)
{
    BOOST_TEST(
        reply(*alice, note(*alice, "/notes/1", post_url, "<p>parent text</p>"), "1").status ==
        202u);
    BOOST_TEST(
        reply(*bob, note(*bob, "/notes/2", remote.base() + "/notes/1", "<p>child text</p>"), "2")
            .status == 202u);
    BOOST_TEST(reply(*bob, note(*bob, "/notes/3", post_url, "<p>lonely text</p>"), "3").status ==
               202u);

    auto tomb = json::make_object({{"id", remote.base() + "/notes/1"}, {"type", "Tombstone"}});
    BOOST_TEST(remote.send(node, *alice, activity("Delete", *alice, tomb, "d1")).status == 202u);
    BOOST_TEST(!page_has("parent text"));
    BOOST_TEST(page_has("This comment was deleted."));
    BOOST_TEST(page_has("child text"));

    BOOST_TEST(remote
                   .send(node, *bob,
                         activity("Delete", *bob, json::value(remote.base() + "/notes/3"), "d3"))
                   .status == 202u);
    BOOST_TEST(!page_has("lonely text"));
    // Deleting the last child takes the placeholder with it.
    BOOST_TEST(remote
                   .send(node, *bob,
                         activity("Delete", *bob, json::value(remote.base() + "/notes/2"), "d2"))
                   .status == 202u);
    BOOST_TEST(!page_has("This comment was deleted."));
    // Someone else's comment cannot be deleted.
    BOOST_TEST(reply(*alice, note(*alice, "/notes/4", post_url, "<p>mine</p>"), "4").status ==
               202u);
    remote.send(node, *bob,
                activity("Delete", *bob, json::value(remote.base() + "/notes/4"), "d4"));
    BOOST_TEST(page_has("mine"));
}

BOOST_AUTO_TEST_CASE(likes_and_boosts_are_counted_per_actor_and_undone)
{
    auto like = activity("Like", *alice, json::value(post_url), "like1");
    BOOST_TEST(remote.send(node, *alice, like).status == 202u);
    BOOST_TEST(remote.send(node, *alice, activity("Like", *alice, json::value(post_url), "like2"))
                   .status == 202u);
    BOOST_TEST(
        remote.send(node, *bob, activity("Like", *bob, json::value(post_url), "like3")).status ==
        202u);
    auto boost_act = activity("Announce", *alice, json::value(post_url), "boost1");
    BOOST_TEST(remote.send(node, *alice, boost_act).status == 202u);
    BOOST_TEST(note_count("likes") == 2);
    BOOST_TEST(note_count("shares") == 1);
    BOOST_TEST(page_has("2 likes"));
    BOOST_TEST(page_has("1 boost"));

    BOOST_TEST(remote.send(node, *alice, activity("Undo", *alice, like, "undo1")).status == 202u);
    BOOST_TEST(remote
                   .send(node, *alice,
                         activity("Undo", *alice, json::value(boost_act.get_string("id")->data()),
                                  "undo2"))
                   .status == 202u);
    BOOST_TEST(note_count("likes") == 1);
    BOOST_TEST(note_count("shares") == 0);
    BOOST_TEST(*node.get("/posts/welcome/likes", as_accept).json().find("totalItems")->if_int() ==
               1);
}

// A deleted post (a tombstone) and a slug that never was a post keep nothing: Likes and
// boosts are acknowledged (the sender could not know) but not counted, replies not stored.
BOOST_AUTO_TEST_CASE(reactions_and_replies_to_a_deleted_post_are_not_kept)
{
    const std::string token = node.create_token();
    const std::string gone  = node.publish(token, "Brief.");
    const auto deleted      = node.post(
             "/users/author/outbox",
             json::serialize(json::make_object({{"type", "Delete"}, {"object", gone}})),
             {{"Content-Type", "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""},
              {"Authorization", "Bearer " + token}});
    BOOST_TEST_REQUIRE(deleted.status == 201u, deleted.body);
    const std::string never = node.base() + "/posts/never-was";

    for (const auto& target : {gone, never})
    {
        const std::string tag = target == gone ? "gone" : "never";
        BOOST_TEST(
            remote.send(node, *alice, activity("Like", *alice, json::value(target), "like-" + tag))
                .status == 202u);
        BOOST_TEST(remote
                       .send(node, *alice,
                             activity("Announce", *alice, json::value(target), "boost-" + tag))
                       .status == 202u);
        BOOST_TEST(reply(*bob, note(*bob, "/notes/late-" + tag, target, "<p>late " + tag + "</p>"),
                         "late-" + tag)
                       .status == 202u);
    }
    const std::string log = node.log();
    auto count            = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1))
            ++n;
        return n;
    };
    BOOST_TEST(count("result=\"no such post\"") == 4u);
    BOOST_TEST(count("reply to a post that does not exist") == 2u);
    BOOST_TEST(!page_has("late gone"));

    // Nor do its collections answer, while the live post's do.
    const std::string gone_path = gone.substr(node.base().size());
    for (const std::string suffix : {"/replies", "/likes", "/shares", "/context"})
    {
        BOOST_TEST(node.get(gone_path + suffix, as_accept).status == 404u, gone_path + suffix);
        BOOST_TEST(node.get("/posts/never-was" + suffix, as_accept).status == 404u, suffix);
        BOOST_TEST(node.get("/posts/welcome" + suffix, as_accept).status == 200u, suffix);
    }

    // The live post beside them counts as before.
    BOOST_TEST(
        remote.send(node, *alice, activity("Like", *alice, json::value(post_url), "like-live"))
            .status == 202u);
    BOOST_TEST(note_count("likes") == 1);
    BOOST_TEST(note_count("shares") == 0);
}

// Reactions arriving together share database commits (group commit): each must still be
// counted once per actor, and a repeated activity acknowledged without counting twice.
BOOST_AUTO_TEST_CASE(likes_arriving_at_once_are_each_counted_once)
{
    constexpr int actors = 8;
    std::vector<const fake_remote::actor*> who;
    for (int i = 0; i < actors; ++i)
        who.push_back(&remote.add_actor("fan" + std::to_string(i)));
    std::vector<std::vector<unsigned>> statuses(actors);
    std::vector<std::thread> senders;
    for (int i = 0; i < actors; ++i)
        senders.emplace_back([&, i] {
            const auto& a   = *who[static_cast<std::size_t>(i)];
            const auto like = activity("Like", a, json::value(post_url), "like");
            auto& out       = statuses[static_cast<std::size_t>(i)];
            out.push_back(remote.send(node, a, like).status);
            out.push_back(remote.send(node, a, like).status); // the same activity again
            out.push_back(
                remote.send(node, a, activity("Like", a, json::value(post_url), "like-again"))
                    .status);
            out.push_back(
                remote.send(node, a, activity("Announce", a, json::value(post_url), "boost"))
                    .status);
        });
    for (auto& t : senders)
        t.join();
    for (const auto& s : statuses)
        BOOST_TEST(s == (std::vector<unsigned>{202u, 202u, 202u, 202u}),
                   boost::test_tools::per_element());
    BOOST_TEST(note_count("likes") == actors);
    BOOST_TEST(note_count("shares") == actors);
    BOOST_TEST(page_has(std::to_string(actors) + " likes"));
}

BOOST_AUTO_TEST_CASE(deleting_an_actor_removes_what_it_left)
{
    auto follow = activity("Follow", *alice, json::value(node.actor()), "f1");
    BOOST_TEST(remote.send(node, *alice, follow).status == 202u);
    BOOST_TEST(reply(*alice, note(*alice, "/notes/1", post_url, "<p>alice says</p>"), "1").status ==
               202u);
    BOOST_TEST(
        remote.send(node, *alice, activity("Like", *alice, json::value(post_url), "l1")).status ==
        202u);
    remote.make_gone("alice");
    BOOST_TEST(remote.send(node, *alice, activity("Delete", *alice, json::value(alice->id), "del"))
                   .status == 202u);
    BOOST_TEST(!page_has("alice says"));
    BOOST_TEST(note_count("likes") == 0);
    BOOST_TEST(
        *node.get("/users/author/followers", as_accept).json().find("totalItems")->if_int() == 0);
}

BOOST_AUTO_TEST_CASE(forwarded_activities_use_the_origins_copy)
{
    // The real note, as Alice's server serves it.
    auto real = note(*alice, "/notes/1", post_url, "<p>the real words</p>");
    remote.put_document("/notes/1", real);
    // Bob forwards a Create claiming to be Alice's, with a forged object.
    auto forged = note(*alice, "/notes/1", post_url, "<p>forged words</p>");
    auto create = activity("Create", *alice, forged, "c1");
    BOOST_TEST(remote.send(node, *bob, create).status == 202u); // signed by Bob
    BOOST_TEST(page_has("the real words"));
    BOOST_TEST(!page_has("forged words"));

    // A forged note that does not exist at its origin stores nothing.
    auto invented = note(*alice, "/notes/2", post_url, "<p>invented words</p>");
    BOOST_TEST(remote.send(node, *bob, activity("Create", *alice, invented, "c2")).status == 202u);
    BOOST_TEST(!page_has("invented words"));

    // A forwarded Delete is believed only when the origin says the note is gone.
    BOOST_TEST(remote
                   .send(node, *bob,
                         activity("Delete", *alice, json::value(remote.base() + "/notes/1"), "d1"))
                   .status == 202u);
    BOOST_TEST(page_has("the real words"));
    remote.remove_document("/notes/1", 410);
    BOOST_TEST(remote
                   .send(node, *bob,
                         activity("Delete", *alice, json::value(remote.base() + "/notes/1"), "d2"))
                   .status == 202u);
    BOOST_TEST(!page_has("the real words"));
}

BOOST_AUTO_TEST_CASE(display_names_are_escaped)
{
    remote.rename_actor("alice", "<script>alert('name')</script> Alice");
    BOOST_TEST(reply(*alice, note(*alice, "/notes/1", post_url, "<p>hi</p>"), "1").status == 202u);
    const std::string html = page();
    BOOST_TEST(html.find("<script>alert") == std::string::npos);
    BOOST_TEST(html.find("&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Alice") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(quote_requests_are_accepted_with_a_dereferenceable_stamp)
{
    auto request = json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", alice->id + "/quote_requests/1"},
        {"type", "QuoteRequest"},
        {"actor", alice->id},
        {"object", post_url},
        {"instrument", remote.base() + "/notes/quote"},
    });
    BOOST_TEST(remote.send(node, *alice, request).status == 202u);
    auto posts = remote.wait_for_posts(1, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(posts.size() == 1u);
    auto accept = json::parse_object(posts[0].body);
    BOOST_TEST_REQUIRE(accept.has_value());
    BOOST_TEST(*accept->get_string("type") == "Accept");
    BOOST_TEST(*accept->find("object")->get_string("id") == alice->id + "/quote_requests/1");
    const std::string stamp = std::string(*accept->get_string("result"));
    auto auth               = node.get(stamp.substr(node.base().size()), as_accept);
    BOOST_TEST(auth.status == 200u);
    BOOST_TEST(*auth.json().get_string("type") == "QuoteAuthorization");
    BOOST_TEST(*auth.json().get_string("interactingObject") == remote.base() + "/notes/quote");
    BOOST_TEST(*auth.json().get_string("interactionTarget") == post_url);
    BOOST_TEST(page_has("1 quote"));
    const auto note_doc = node.get("/posts/welcome", as_accept).json();
    const auto* policy  = note_doc.find("interactionPolicy");
    BOOST_TEST(
        *policy->find("canQuote")->find("automaticApproval")->if_array()->at(0).if_string() ==
        public_iri);
}

BOOST_AUTO_TEST_CASE(threads_are_backfilled_from_the_context_collection)
{
    // Alice's reply names a context collection listing a sibling we never received.
    auto sibling = note(*bob, "/notes/2", post_url, "<p>sibling from context</p>");
    remote.put_document("/notes/2", sibling);
    remote.put_document(
        "/contexts/1",
        json::make_object({
            {"id", remote.base() + "/contexts/1"},
            {"type", "Collection"},
            {"first",
             json::make_object({{"type", "CollectionPage"},
                                {"items", json::array{json::value(remote.base() + "/notes/1"),
                                                      json::value(remote.base() + "/notes/2")}}})},
        }));
    auto n = note(*alice, "/notes/1", post_url, "<p>with context</p>");
    n.set("context", remote.base() + "/contexts/1");
    BOOST_TEST(reply(*alice, n, "1").status == 202u);
    BOOST_TEST(eventually([&] { return page_has("sibling from context"); }));
}

BOOST_AUTO_TEST_CASE(the_reply_box_sends_readers_to_their_server)
{
    BOOST_TEST(page_has("Reply from your fediverse account"));
    auto r = node.get("/interact?instance=%40me%40Mastodon.Example&uri=" +
                      fedblog::protocol::url_encode(post_url));
    BOOST_TEST(r.status == 303u);
    BOOST_TEST(r.header("location") == "https://mastodon.example/authorize_interaction?uri=" +
                                           fedblog::protocol::url_encode(post_url));
    BOOST_TEST(
        node.get("/interact?instance=mastodon.example&uri=https%3A%2F%2Fevil.example%2F").status ==
        400u);
    BOOST_TEST(node.get("/interact?instance=evil.example%2Fphish&uri=" +
                        fedblog::protocol::url_encode(post_url))
                   .status == 400u);
}

BOOST_AUTO_TEST_CASE(articles_questions_and_pages_are_read_as_text)
{
    auto article = note(*alice, "/articles/1", post_url, "<p>long answer</p>");
    article.set("type", "Article");
    article.set("name", "My <b>Response</b>");
    BOOST_TEST(reply(*alice, article, "a1").status == 202u);
    auto question = note(*bob, "/questions/1", post_url, "<p>which one?</p>");
    question.set("type", "Question");
    BOOST_TEST(reply(*bob, question, "q1").status == 202u);
    const std::string html = page();
    BOOST_TEST(html.find("<strong>My &lt;b&gt;Response&lt;/b&gt;</strong>") != std::string::npos);
    BOOST_TEST(html.find("long answer") != std::string::npos);
    BOOST_TEST(html.find("which one?") != std::string::npos);
    BOOST_TEST(replies_items().size() == 2u);
}

BOOST_AUTO_TEST_CASE(parent_chains_deeper_than_ten_are_dropped)
{
    // Twelve notes we never received, each answering the one before, the first our post.
    std::string parent = post_url;
    for (int i = 0; i < 12; ++i)
    {
        const std::string path = "/chain/" + std::to_string(i);
        remote.put_document(path,
                            note(*bob, path, parent, "<p>link " + std::to_string(i) + "</p>"));
        parent = remote.base() + path;
    }
    BOOST_TEST(
        reply(*alice, note(*alice, "/notes/deep", parent, "<p>too deep</p>"), "deep").status ==
        202u);
    BOOST_TEST(!page_has("too deep"));
    BOOST_TEST(!page_has("link 0"));
    BOOST_TEST(replies_items().empty());
}

BOOST_AUTO_TEST_CASE(the_replies_collection_is_paged)
{
    for (int i = 0; i < 23; ++i)
    {
        const std::string n = std::to_string(i);
        BOOST_TEST(
            reply(*alice, note(*alice, "/notes/" + n, post_url, "<p>r" + n + "</p>"), n).status ==
            202u);
    }
    const auto col = node.get("/posts/welcome/replies", as_accept).json();
    BOOST_TEST(*col.find("totalItems")->if_int() == 23);
    const auto* first = col.find("first");
    BOOST_TEST(first->find("items")->if_array()->size() == 20u);
    const std::string next(*first->get_string("next"));
    const auto second = node.get(next.substr(node.base().size()), as_accept).json();
    BOOST_TEST(*second.get_string("partOf") == post_url + "/replies");
    BOOST_TEST(second.find("items")->if_array()->size() == 3u);
    BOOST_TEST(second.find("next") == nullptr);
    BOOST_TEST(node.get("/posts/welcome/replies?page=0x", as_accept).status == 400u);
}

BOOST_AUTO_TEST_CASE(the_feed_carries_no_comments)
{
    BOOST_TEST(
        reply(*alice, note(*alice, "/notes/1", post_url, "<p>comment words</p>"), "1").status ==
        202u);
    BOOST_TEST(page_has("comment words"));
    auto feed = node.get("/feed.atom", "application/atom+xml");
    BOOST_TEST(feed.status == 200u);
    BOOST_TEST(feed.body.find("/posts/welcome") != std::string::npos);
    BOOST_TEST(feed.body.find("comment words") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct blocking_fixture : thread_fixture
{
    blocking_fixture() : other("127.0.0.2") { mallory = &other.add_actor("mallory"); }

    fake_remote other; ///< a second server, on its own domain
    const fake_remote::actor* mallory = nullptr;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(comment_blocks, blocking_fixture)

BOOST_AUTO_TEST_CASE(blocked_domains_are_refused_and_their_traces_removed)
{
    auto n = note(*mallory, "/notes/1", post_url, "<p>spam spam</p>");
    n.set("id", other.base() + "/notes/1");
    n.set("url", other.base() + "/notes/1");
    BOOST_TEST(other.send(node, *mallory, activity("Create", *mallory, n, "1")).status == 202u);
    BOOST_TEST(page_has("spam spam"));

    auto blocked = run_fedblog({"block", "--data", node.data_dir().string(), "add", "127.0.0.2"});
    BOOST_TEST(blocked.exit_code == 0, blocked.err);
    BOOST_TEST(!page_has("spam spam")); // existing comments removed

    n.set("id", other.base() + "/notes/2");
    BOOST_TEST(other.send(node, *mallory, activity("Create", *mallory, n, "2")).status == 403u);
    BOOST_TEST(!page_has("spam spam"));

    // A Follow from the blocked domain is answered with a Reject.
    auto follow = activity("Follow", *mallory, json::value(node.actor()), "f");
    BOOST_TEST(other.send(node, *mallory, follow).status == 202u);
    auto answers = other.wait_for_posts(1, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(answers.size() == 1u);
    BOOST_TEST(answers[0].body.find("\"Reject\"") != std::string::npos);
    BOOST_TEST(
        *node.get("/users/author/followers", as_accept).json().find("totalItems")->if_int() == 0);

    auto list = run_fedblog({"block", "--data", node.data_dir().string(), "list"});
    BOOST_TEST(list.out.find("127.0.0.2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(likes_and_boosts_from_blocked_actors_are_refused)
{
    // Reactions take a shorter path through the inbox (their block and duplicate checks
    // ride in the reaction's own database trip): the rules must be the same.
    auto blocked =
        run_fedblog({"block", "--data", node.data_dir().string(), "add", std::string(mallory->id)});
    BOOST_TEST_REQUIRE(blocked.exit_code == 0, blocked.err);
    BOOST_TEST(
        other.send(node, *mallory, activity("Like", *mallory, json::value(post_url), "l")).status ==
        403u);
    BOOST_TEST(
        other.send(node, *mallory, activity("Announce", *mallory, json::value(post_url), "b"))
            .status == 403u);
    // Even about something that is not ours: a blocked actor gets no 202.
    BOOST_TEST(other
                   .send(node, *mallory,
                         activity("Like", *mallory, json::value(other.base() + "/notes/9"), "l9"))
                   .status == 403u);
    BOOST_TEST(note_count("likes") == 0);
    BOOST_TEST(note_count("shares") == 0);
}

BOOST_AUTO_TEST_CASE(a_cached_note_changes_when_another_process_writes)
{
    // The node keeps a post's Note rendered while the store is unchanged. A write by
    // another process (the `block` command here) must show in the next GET: the node looks
    // at the log again when its last look is a millisecond old (node::wal_recheck), and a
    // command takes longer than that to exit.
    BOOST_TEST(
        other.send(node, *mallory, activity("Like", *mallory, json::value(post_url), "l")).status ==
        202u);
    BOOST_TEST(note_count("likes") == 1);
    BOOST_TEST(note_count("likes") == 1); // served from the cache
    for (int round = 0; round < 3; ++round)
    {
        auto blocked = run_fedblog(
            {"block", "--data", node.data_dir().string(), "add", std::string(mallory->id)});
        BOOST_TEST_REQUIRE(blocked.exit_code == 0, blocked.err);
        BOOST_TEST(note_count("likes") == 0); // the block removed the Like
        auto unblocked = run_fedblog(
            {"block", "--data", node.data_dir().string(), "remove", std::string(mallory->id)});
        BOOST_TEST_REQUIRE(unblocked.exit_code == 0, unblocked.err);
        const std::string id = "again" + std::to_string(round);
        BOOST_TEST(other.send(node, *mallory, activity("Like", *mallory, json::value(post_url), id))
                       .status == 202u);
        BOOST_TEST(note_count("likes") == 1);
    }
}

BOOST_AUTO_TEST_CASE(a_replayed_like_is_not_counted_again_after_its_undo)
{
    auto like = activity("Like", *alice, json::value(post_url), "like1");
    BOOST_TEST(remote.send(node, *alice, like).status == 202u);
    BOOST_TEST(note_count("likes") == 1);
    BOOST_TEST(remote.send(node, *alice, activity("Undo", *alice, like, "undo1")).status == 202u);
    BOOST_TEST(note_count("likes") == 0);
    // The same activity again (a retry, or a replay): acknowledged, not counted.
    BOOST_TEST(remote.send(node, *alice, like).status == 202u);
    BOOST_TEST(note_count("likes") == 0);
    // A new Like from the same actor is.
    BOOST_TEST(remote.send(node, *alice, activity("Like", *alice, json::value(post_url), "like2"))
                   .status == 202u);
    BOOST_TEST(note_count("likes") == 1);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct approve_fixture : thread_fixture
{
    approve_fixture() : thread_fixture({"comments = approve"}) {}
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(comment_moderation, approve_fixture)

BOOST_AUTO_TEST_CASE(approve_mode_holds_replies_until_the_author_approves)
{
    const auto note_doc = node.get("/posts/welcome", as_accept).json();
    const auto* policy  = note_doc.find("interactionPolicy");
    BOOST_TEST(*policy->find("canReply")->find("manualApproval")->if_array()->at(0).if_string() ==
               public_iri);

    BOOST_TEST(
        reply(*alice, note(*alice, "/notes/1", post_url, "<p>please approve</p>"), "1").status ==
        202u);
    BOOST_TEST(!page_has("please approve"));
    BOOST_TEST(replies_items().empty());

    auto pending =
        run_fedblog({"comments", "--data", node.data_dir().string(), "list", "--pending"});
    BOOST_TEST(pending.exit_code == 0);
    BOOST_TEST_REQUIRE(pending.out.find("pending") != std::string::npos);
    const std::string id = pending.out.substr(0, pending.out.find('\t'));
    auto approved = run_fedblog({"comments", "--data", node.data_dir().string(), "approve", id});
    BOOST_TEST(approved.exit_code == 0, approved.err);
    BOOST_TEST(page_has("please approve"));
    BOOST_TEST(replies_items().size() == 1u);

    // The replier is told, with an Accept whose result (and the Accept itself) dereference.
    auto posts = remote.wait_for_posts(1, std::chrono::seconds(15));
    BOOST_TEST_REQUIRE(posts.size() == 1u);
    auto accept = json::parse_object(posts[0].body);
    BOOST_TEST(*accept->get_string("type") == "Accept");
    BOOST_TEST(*accept->get_string("object") == remote.base() + "/notes/1");
    BOOST_TEST(*accept->get_string("target") == post_url);
    const std::string result = std::string(*accept->get_string("result"));
    auto authorization       = node.get(result.substr(node.base().size()), as_accept);
    BOOST_TEST(authorization.status == 200u);
    BOOST_TEST(*authorization.json().get_string("type") == "ReplyAuthorization");
    BOOST_TEST(*authorization.json().get_string("interactingObject") == remote.base() + "/notes/1");
    const std::string accept_id = std::string(*accept->get_string("id"));
    BOOST_TEST(node.get(accept_id.substr(node.base().size()), as_accept).status == 200u);

    // Rejecting another one removes it and tells its author.
    BOOST_TEST(reply(*bob, note(*bob, "/notes/2", post_url, "<p>not this one</p>"), "2").status ==
               202u);
    auto again = run_fedblog({"comments", "--data", node.data_dir().string(), "list", "--pending"});
    const std::string id2 = again.out.substr(0, again.out.find('\t'));
    BOOST_TEST(
        run_fedblog({"comments", "--data", node.data_dir().string(), "reject", id2}).exit_code ==
        0);
    BOOST_TEST(!page_has("not this one"));
    auto answers = remote.wait_for_posts(2, std::chrono::seconds(15));
    BOOST_TEST_REQUIRE(answers.size() == 2u);
    BOOST_TEST(answers[1].body.find("\"Reject\"") != std::string::npos);

    // And the author can delete any comment.
    auto listed = run_fedblog({"comments", "--data", node.data_dir().string(), "list"});
    BOOST_TEST(
        run_fedblog({"comments", "--data", node.data_dir().string(), "delete", id}).exit_code == 0);
    BOOST_TEST(!page_has("please approve"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(comments_closed)

BOOST_AUTO_TEST_CASE(closed_comments_keep_nothing)
{
    thread_fixture f({"comments = closed"});
    BOOST_TEST(
        f.reply(*f.alice, f.note(*f.alice, "/notes/1", f.post_url, "<p>knock knock</p>"), "1")
            .status == 202u);
    BOOST_TEST(!f.page_has("knock knock"));
    BOOST_TEST(f.page_has("Comments are closed."));
    const auto note_doc = f.node.get("/posts/welcome", as_accept).json();
    const auto* policy  = note_doc.find("interactionPolicy");
    BOOST_TEST(
        *policy->find("canReply")->find("automaticApproval")->if_array()->at(0).if_string() ==
        f.node.actor());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(quotes_refused)

BOOST_AUTO_TEST_CASE(quote_policy_none_rejects_quote_requests)
{
    thread_fixture f({"quotes = none"});
    auto request = json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", f.alice->id + "/quote_requests/1"},
        {"type", "QuoteRequest"},
        {"actor", f.alice->id},
        {"object", f.post_url},
        {"instrument", f.remote.base() + "/notes/quote"},
    });
    BOOST_TEST(f.remote.send(f.node, *f.alice, request).status == 202u);
    auto posts = f.remote.wait_for_posts(1, std::chrono::seconds(10));
    BOOST_TEST_REQUIRE(posts.size() == 1u);
    auto reject = json::parse_object(posts[0].body);
    BOOST_TEST_REQUIRE(reject.has_value());
    BOOST_TEST(*reject->get_string("type") == "Reject");
    BOOST_TEST(!f.page_has("1 quote"));
    const auto note_doc = f.node.get("/posts/welcome", as_accept).json();
    const auto* policy  = note_doc.find("interactionPolicy");
    BOOST_TEST(
        *policy->find("canQuote")->find("automaticApproval")->if_array()->at(0).if_string() ==
        f.node.actor());
}

BOOST_AUTO_TEST_SUITE_END()
