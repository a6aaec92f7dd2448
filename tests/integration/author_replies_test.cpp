// SPDX-License-Identifier: AGPL-3.0-or-later
// The author answering readers through the outbox: the reply is a comment in the thread
// (nested, marked as the author's), a Note at its own URL, delivered signed to the reader
// (mentioned) and to followers; its Update and Delete follow it; refusals change nothing.
// Also: a post's Update and Delete reach readers who interacted with it without following.
#include "keys/key_pair.hpp"
#include "protocol/http_signature.hpp"
#include "tests/support/fake_remote.hpp"
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace fedblog::test;
namespace json     = fedblog::protocol::json;
namespace protocol = fedblog::protocol;

namespace {

constexpr const char* as_accept  = "application/activity+json";
constexpr const char* public_iri = "https://www.w3.org/ns/activitystreams#Public";
constexpr const char* c2s_type =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";

std::string str(const json::value& v, const char* key)
{
    auto s = v.get_string(key);
    return s ? std::string(*s) : std::string();
}

bool contains(const std::string& haystack, const std::string& needle)
{
    return haystack.find(needle) != std::string::npos;
}

bool has_string(const json::value* list, const std::string& wanted)
{
    if (list == nullptr || !list->is_array())
        return false;
    for (const auto& v : *list->if_array())
    {
        if (v.is_string() && *v.if_string() == wanted)
            return true;
    }
    return false;
}

struct conversation
{
    explicit conversation(std::vector<std::string> extra = {})
        : node([&] {
              std::vector<std::string> lines{"allow_http_peers = true",
                                             "allow_private_addresses = true",
                                             "retry_scale = 0.02"};
              lines.insert(lines.end(), extra.begin(), extra.end());
              return lines;
          }())
    {
        node.start();
        token    = node.create_token();
        alice    = &readers.add_actor("alice");
        bob      = &fans.add_actor("bob");
        post_url = node.base() + "/posts/welcome";
    }

    /// A public Note by `who` at `path` on `server`, replying to `parent`.
    json::value note(const fake_remote& server, const fake_remote::actor& who,
                     const std::string& path, const std::string& parent, const std::string& content,
                     const std::string& visibility = "public") const
    {
        json::value n = json::make_object({
            {"id", server.base() + path},
            {"type", "Note"},
            {"attributedTo", who.id},
            {"inReplyTo", parent},
            {"content", content},
            {"published", "2026-11-01T10:00:00Z"},
            {"url", server.base() + path},
        });
        if (visibility == "public")
        {
            n.set("to", json::array{json::value(public_iri)});
            n.set("cc", json::array{json::value(who.id + "/followers"), json::value(node.actor())});
        }
        else
        {
            n.set("to", json::array{json::value(who.id + "/followers")});
            n.set("cc", json::array{json::value(node.actor())});
        }
        return n;
    }

    /// `who` (on `server`) sends a Create of `n`.
    void comment(const fake_remote& server, const fake_remote::actor& who, const json::value& n)
    {
        auto create = json::make_object({
            {"@context", "https://www.w3.org/ns/activitystreams"},
            {"id", str(n, "id") + "/activity"},
            {"type", "Create"},
            {"actor", who.id},
            {"object", n},
        });
        auto r      = server.send(node, who, create);
        BOOST_TEST_REQUIRE(r.status == 202u, r.body);
    }

    void follow(const fake_remote& server, const fake_remote::actor& who)
    {
        const auto f = follow_activity(who, node.actor());
        BOOST_TEST_REQUIRE(server.send(node, who, f).status == 202u);
        BOOST_TEST_REQUIRE(wait_for(server, "Accept", 1).size() == 1u);
    }

    http_reply submit(const json::value& activity) const
    {
        return node.post("/users/author/outbox", json::serialize(activity),
                         {{"Content-Type", c2s_type}, {"Authorization", "Bearer " + token}});
    }

    http_reply answer(const std::string& in_reply_to, const std::string& markdown) const
    {
        auto object = json::make_object({
            {"type", "Note"},
            {"inReplyTo", in_reply_to},
            {"source", json::make_object({{"content", markdown}, {"mediaType", "text/markdown"}})},
        });
        return submit(json::make_object({{"type", "Create"}, {"object", std::move(object)}}));
    }

    /// Requests of activity `type` that `server` received so far.
    static std::vector<recorded_request> received(const fake_remote& server,
                                                  const std::string& type)
    {
        return server.posts_of(type);
    }

    static std::vector<recorded_request>
    wait_for(const fake_remote& server, const std::string& type, std::size_t n,
             std::chrono::seconds limit = std::chrono::seconds(10))
    {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (received(server, type).size() < n && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        return received(server, type);
    }

    /// Verifies a request the node sent with the author's published key.
    bool signed_by_author(const recorded_request& r) const
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
        if (!pending || pending->key_id != node.actor() + "#main-key")
            return false;
        return protocol::finish_verification(*pending, *key);
    }

    std::string page() const { return node.get("/posts/welcome", "text/html").body; }

    node_process node;
    fake_remote readers; ///< where the commenters live (none of them follows)
    fake_remote fans;    ///< where the followers live
    const fake_remote::actor* alice = nullptr;
    const fake_remote::actor* bob   = nullptr;
    std::string token;
    std::string post_url;
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(author_replies, conversation)

BOOST_AUTO_TEST_CASE(an_answer_to_a_comment_is_threaded_served_and_delivered)
{
    follow(fans, *bob);
    const auto question = note(readers, *alice, "/notes/1", post_url, "<p>Why though?</p>");
    comment(readers, *alice, question);
    const std::string question_id = str(question, "id");

    auto r = answer(question_id, "Because **reasons**.");
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const std::string id = r.header("location");
    BOOST_TEST(id.starts_with(post_url + "/comments/"), id);
    const auto created = r.json();
    BOOST_TEST(str(created, "type") == "Create");
    BOOST_TEST(str(*created.find("object"), "id") == id);

    // At its own URL: a Note answering Alice, in the post's conversation, mentioning her.
    auto got = node.get(id.substr(node.base().size()), as_accept);
    BOOST_TEST_REQUIRE(got.status == 200u, got.body);
    const auto n = got.json();
    BOOST_TEST(str(n, "type") == "Note");
    BOOST_TEST(str(n, "attributedTo") == node.actor());
    BOOST_TEST(str(n, "inReplyTo") == question_id);
    BOOST_TEST(str(n, "context") == post_url + "/context");
    BOOST_TEST(contains(str(n, "content"), "<strong>reasons</strong>"));
    BOOST_TEST(has_string(n.find("to"), public_iri));
    BOOST_TEST(has_string(n.find("cc"), alice->id));
    BOOST_TEST(has_string(n.find("cc"), node.actor() + "/followers"));
    BOOST_TEST(n.find("summary") == nullptr);
    bool mentioned = false;
    for (const auto& t : *n.find("tag")->if_array())
        mentioned = mentioned || (json::type_of(t) == "Mention" && str(t, "href") == alice->id &&
                                  str(t, "name").starts_with("@alice@"));
    BOOST_TEST(mentioned, json::serialize(n));
    // Browsers are sent to its place in the thread.
    auto html = node.get(id.substr(node.base().size()), "text/html");
    BOOST_TEST(html.status == 302u);
    BOOST_TEST(html.header("location").starts_with(post_url + "#comment-"));
    // The conversation lists the post, the question and the answer.
    const auto context = node.get("/posts/welcome/context", as_accept).json();
    BOOST_TEST(has_string(context.find("orderedItems"), post_url));
    BOOST_TEST(has_string(context.find("orderedItems"), question_id));
    BOOST_TEST(has_string(context.find("orderedItems"), id));

    // On the page: nested inside Alice's comment and marked as the author's.
    const std::string p = page();
    const auto asked    = p.find("Why though?");
    const auto answered = p.find("<strong>reasons</strong>");
    BOOST_TEST_REQUIRE(asked != std::string::npos);
    BOOST_TEST_REQUIRE(answered != std::string::npos);
    BOOST_TEST_REQUIRE(asked < answered);
    const std::string between = p.substr(asked, answered - asked);
    BOOST_TEST(contains(between, "<ol class=\"thread\">"), between);
    BOOST_TEST(!contains(between, "</li>"), between);
    BOOST_TEST(contains(between, "<span class=\"badge\">author</span>"), between);
    BOOST_TEST(contains(p, "2 comments"));

    // Delivered, signed by the author, to Alice (mentioned) and to the follower Bob.
    auto to_alice = wait_for(readers, "Create", 1);
    auto to_bob   = wait_for(fans, "Create", 1);
    BOOST_TEST_REQUIRE(to_alice.size() == 1u);
    BOOST_TEST_REQUIRE(to_bob.size() == 1u);
    BOOST_TEST(signed_by_author(to_alice.at(0)));
    BOOST_TEST(signed_by_author(to_bob.at(0)));
    const auto delivered = *json::parse_object(to_alice.at(0).body);
    BOOST_TEST(str(*delivered.find("object"), "id") == id);
    BOOST_TEST(str(*delivered.find("object"), "inReplyTo") == question_id);
    BOOST_TEST(has_string(delivered.find("cc"), alice->id));
    // Not a blog post: not on the front page, in the feed or in the outbox.
    BOOST_TEST(!contains(node.get("/", "text/html").body, "reasons"));
    BOOST_TEST(!contains(node.get("/feed.atom").body, "reasons"));
    BOOST_TEST(!contains(node.get("/users/author/outbox?page=1", as_accept).body, "reasons"));
}

BOOST_AUTO_TEST_CASE(the_answer_is_edited_and_deleted_through_the_outbox)
{
    follow(fans, *bob);
    const auto question = note(readers, *alice, "/notes/1", post_url, "<p>Question</p>");
    comment(readers, *alice, question);
    auto r = answer(str(question, "id"), "First answer.");
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const std::string id = r.header("location");
    BOOST_TEST_REQUIRE(wait_for(readers, "Create", 1).size() == 1u);

    auto edit = submit(json::make_object({
        {"type", "Update"},
        {"object",
         json::make_object({{"id", id},
                            {"source", json::make_object({{"content", "Better answer."},
                                                          {"mediaType", "text/markdown"}})}})},
    }));
    BOOST_TEST_REQUIRE(edit.status == 201u, edit.body);
    BOOST_TEST(edit.header("location") == id);
    const auto n = node.get(id.substr(node.base().size()), as_accept).json();
    BOOST_TEST(contains(str(n, "content"), "Better answer."));
    BOOST_TEST(!str(n, "updated").empty());
    BOOST_TEST(has_string(n.find("cc"), alice->id)); // still mentions Alice
    const std::string p = page();
    BOOST_TEST(contains(p, "Better answer."));
    BOOST_TEST(!contains(p, "First answer."));
    BOOST_TEST(contains(p, "(edited)"));
    for (const auto* server : {&readers, &fans})
    {
        auto updates = wait_for(*server, "Update", 1);
        BOOST_TEST_REQUIRE(updates.size() == 1u);
        BOOST_TEST(signed_by_author(updates.at(0)));
        const auto doc = *json::parse_object(updates.at(0).body);
        BOOST_TEST(str(*doc.find("object"), "id") == id);
        BOOST_TEST(contains(str(*doc.find("object"), "content"), "Better answer."));
    }

    auto del = submit(json::make_object({{"type", "Delete"}, {"object", id}}));
    BOOST_TEST_REQUIRE(del.status == 201u, del.body);
    BOOST_TEST(node.get(id.substr(node.base().size()), as_accept).status == 404u);
    BOOST_TEST(!contains(page(), "Better answer."));
    BOOST_TEST(contains(page(), "Question"));
    for (const auto* server : {&readers, &fans})
    {
        auto deletes = wait_for(*server, "Delete", 1);
        BOOST_TEST_REQUIRE(deletes.size() == 1u);
        BOOST_TEST(signed_by_author(deletes.at(0)));
        const auto doc = *json::parse_object(deletes.at(0).body);
        BOOST_TEST(str(*doc.find("object"), "id") == id);
        BOOST_TEST(str(*doc.find("object"), "type") == "Tombstone");
    }
    // Gone is gone: a second Delete or an Update finds nothing.
    BOOST_TEST(submit(json::make_object({{"type", "Delete"}, {"object", id}})).status == 404u);
}

BOOST_AUTO_TEST_CASE(deleting_the_answer_with_the_moderation_command_federates_it)
{
    follow(fans, *bob);
    const auto question = note(readers, *alice, "/notes/1", post_url, "<p>Question</p>");
    comment(readers, *alice, question);
    auto r = answer(str(question, "id"), "Regretted answer.");
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const std::string id = r.header("location");
    BOOST_TEST_REQUIRE(wait_for(readers, "Create", 1).size() == 1u);

    // The listing names the author's answer by the author's actor; its first column is the id.
    auto listed = run_fedblog({"comments", "--data", node.data_dir().string(), "list"});
    BOOST_TEST_REQUIRE(listed.exit_code == 0, listed.err);
    std::string number;
    std::istringstream lines(listed.out);
    for (std::string line; std::getline(lines, line);)
    {
        if (contains(line, node.actor()))
            number = line.substr(0, line.find('\t'));
    }
    BOOST_TEST_REQUIRE(!number.empty(), listed.out);
    auto deleted = run_fedblog({"comments", "--data", node.data_dir().string(), "delete", number});
    BOOST_TEST_REQUIRE(deleted.exit_code == 0, deleted.err);
    BOOST_TEST(!contains(page(), "Regretted answer."));
    BOOST_TEST(node.get(id.substr(node.base().size()), as_accept).status == 404u);
    for (const auto* server : {&readers, &fans})
    {
        // Queued by another process: the server finds it at its next poll (every 5 s).
        auto deletes = wait_for(*server, "Delete", 1, std::chrono::seconds(20));
        BOOST_TEST_REQUIRE(deletes.size() == 1u);
        BOOST_TEST(signed_by_author(deletes.at(0)));
        BOOST_TEST(str(*json::parse_object(deletes.at(0).body)->find("object"), "id") == id);
    }
}

BOOST_AUTO_TEST_CASE(answers_to_the_post_and_deeper_in_the_thread)
{
    // The author commenting on their own post is a direct reply: in its replies collection.
    auto own = answer(post_url, "A note from the author.");
    BOOST_TEST_REQUIRE(own.status == 201u, own.body);
    const std::string own_id = own.header("location");
    const auto replies       = node.get("/posts/welcome/replies", as_accept).json();
    BOOST_TEST(has_string(replies.find("first")->find("items"), own_id));
    const auto own_note = node.get(own_id.substr(node.base().size()), as_accept).json();
    BOOST_TEST(str(own_note, "inReplyTo") == post_url);
    BOOST_TEST(!has_string(own_note.find("cc"), alice->id)); // nobody to mention

    // Alice answers the author, the author answers her again: three levels deep.
    const auto alice_answer =
        note(readers, *alice, "/notes/2", own_id, "<p>Alice replies to the author</p>");
    comment(readers, *alice, alice_answer);
    auto deeper = answer(str(alice_answer, "id"), "And back to Alice.");
    BOOST_TEST_REQUIRE(deeper.status == 201u, deeper.body);
    const auto deep_note =
        node.get(deeper.header("location").substr(node.base().size()), as_accept).json();
    BOOST_TEST(str(deep_note, "inReplyTo") == str(alice_answer, "id"));
    BOOST_TEST(has_string(deep_note.find("cc"), alice->id));
    const std::string p = page();
    BOOST_TEST(p.find("A note from the author.") < p.find("Alice replies to the author"));
    BOOST_TEST(p.find("Alice replies to the author") < p.find("And back to Alice."));
    BOOST_TEST(contains(p, "3 comments"));

    // The comment's link (its url) names it as well as its id does.
    auto by_url = readers.base() + "/@alice/3";
    auto linked = note(readers, *alice, "/notes/3", post_url, "<p>Linked</p>");
    linked.set("url", by_url);
    comment(readers, *alice, linked);
    auto via_link = answer(by_url, "Answered by link.");
    BOOST_TEST_REQUIRE(via_link.status == 201u, via_link.body);
    const auto linked_note =
        node.get(via_link.header("location").substr(node.base().size()), as_accept).json();
    BOOST_TEST(str(linked_note, "inReplyTo") == str(linked, "id"));
}

BOOST_AUTO_TEST_CASE(the_cli_answers_with_in_reply_to)
{
    const auto question = note(readers, *alice, "/notes/1", post_url, "<p>CLI question</p>");
    comment(readers, *alice, question);
    const auto file = node.data_dir().parent_path() / "answer.md";
    {
        std::ofstream out(file);
        out << "Answered from the **CLI**.\n";
    }
    auto ok = run_fedblog({"post", "--server", node.base(), "--token", token, "--in-reply-to",
                           str(question, "id"), file.string()});
    BOOST_TEST_REQUIRE(ok.exit_code == 0, ok.err);
    BOOST_TEST(ok.out.starts_with(post_url + "/comments/"), ok.out);
    BOOST_TEST(contains(page(), "Answered from the <strong>CLI</strong>."));

    auto titled = run_fedblog({"post", "--server", node.base(), "--token", token, "--in-reply-to",
                               str(question, "id"), "--title", "No", file.string()});
    BOOST_TEST(titled.exit_code == 2);
    auto unknown = run_fedblog({"post", "--server", node.base(), "--token", token, "--in-reply-to",
                                "https://elsewhere.example/1", file.string()});
    BOOST_TEST(unknown.exit_code == 1);
    BOOST_TEST(contains(unknown.err, "inReplyTo"), unknown.err);
}

BOOST_AUTO_TEST_CASE(refusals_say_why_and_send_nothing)
{
    follow(fans, *bob);
    // Nothing known by that IRI.
    auto unknown = answer("https://elsewhere.example/notes/1", "Hello?");
    BOOST_TEST(unknown.status == 400u, unknown.body);
    BOOST_TEST(contains(unknown.body, "inReplyTo"), unknown.body);
    BOOST_TEST(answer(node.base() + "/posts/no-such-post", "Hello?").status == 400u);
    // A followers-only comment: a public answer would reveal it.
    const auto secret =
        note(readers, *alice, "/notes/9", post_url, "<p>Just for you</p>", "followers");
    comment(readers, *alice, secret);
    auto private_answer = answer(str(secret, "id"), "Public answer");
    BOOST_TEST(private_answer.status == 409u, private_answer.body);
    BOOST_TEST(contains(private_answer.body, "followers-only"), private_answer.body);
    // A reply has no title.
    auto titled = submit(json::make_object(
        {{"type", "Note"}, {"inReplyTo", post_url}, {"name", "Title"}, {"content", "<p>x</p>"}}));
    BOOST_TEST(titled.status == 400u, titled.body);
    // Updating or deleting a reply that does not exist.
    BOOST_TEST(
        submit(json::make_object({{"type", "Delete"}, {"object", post_url + "/comments/abcd"}}))
            .status == 404u);

    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    BOOST_TEST(received(fans, "Create").empty());
    BOOST_TEST(received(readers, "Create").empty());
    BOOST_TEST(!contains(page(), "Public answer"));
}

BOOST_AUTO_TEST_CASE(a_posts_update_and_delete_reach_those_who_interacted)
{
    // Alice comments and Carol likes; neither follows. Bob follows.
    follow(fans, *bob);
    const auto& carol     = readers.add_actor("carol", false); // a personal inbox only
    const std::string url = node.publish(token, "Original words.", "Discussed");
    BOOST_TEST_REQUIRE(wait_for(fans, "Create", 1).size() == 1u);
    comment(readers, *alice, note(readers, *alice, "/notes/5", url, "<p>Nice</p>"));
    auto like = json::make_object({
        {"@context", "https://www.w3.org/ns/activitystreams"},
        {"id", carol.id + "/likes/1"},
        {"type", "Like"},
        {"actor", carol.id},
        {"object", url},
    });
    BOOST_TEST_REQUIRE(readers.send(node, carol, like).status == 202u);

    auto edited = submit(json::make_object({
        {"type", "Update"},
        {"object", json::make_object({{"id", url}, {"content", "<p>Edited words.</p>"}})},
    }));
    BOOST_TEST_REQUIRE(edited.status == 201u, edited.body);
    // Alice's server (its shared inbox) and Carol's inbox both get the Update.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto targets        = [&](const std::string& type) {
        std::set<std::string> out;
        for (const auto& r : received(readers, type))
            out.insert(r.target);
        return out;
    };
    while (targets("Update").size() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_TEST((targets("Update") == std::set<std::string>{"/inbox", "/users/carol/inbox"}));
    BOOST_TEST(wait_for(fans, "Update", 1).size() == 1u);
    for (const auto& r : received(readers, "Update"))
        BOOST_TEST(signed_by_author(r));

    BOOST_TEST_REQUIRE(submit(json::make_object({{"type", "Delete"}, {"object", url}})).status ==
                       201u);
    while (targets("Delete").size() < 2 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    BOOST_TEST((targets("Delete") == std::set<std::string>{"/inbox", "/users/carol/inbox"}));
    BOOST_TEST(wait_for(fans, "Delete", 1).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

struct approving : conversation
{
    approving() : conversation({"comments = approve"}) {}
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(author_replies_moderated, approving)

BOOST_AUTO_TEST_CASE(a_comment_awaiting_approval_is_answered_only_after_approval)
{
    const auto question = note(readers, *alice, "/notes/1", post_url, "<p>Pending one</p>");
    comment(readers, *alice, question);
    auto early = answer(str(question, "id"), "Too early.");
    BOOST_TEST(early.status == 409u, early.body);
    BOOST_TEST(contains(early.body, "approve"), early.body);

    auto listed =
        run_fedblog({"comments", "--data", node.data_dir().string(), "list", "--pending"});
    BOOST_TEST_REQUIRE(listed.exit_code == 0, listed.err);
    // The first column of the listing is the comment's id.
    const std::string id = listed.out.substr(0, listed.out.find_first_of(" \t"));
    auto approved = run_fedblog({"comments", "--data", node.data_dir().string(), "approve", id});
    BOOST_TEST_REQUIRE(approved.exit_code == 0, approved.err + approved.out);
    auto later = answer(str(question, "id"), "Now then.");
    BOOST_TEST(later.status == 201u, later.body);
}

BOOST_AUTO_TEST_SUITE_END()
