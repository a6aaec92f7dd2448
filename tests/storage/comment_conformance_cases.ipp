// SPDX-License-Identifier: AGPL-3.0-or-later
// Conformance cases for comment_store, reaction_store and block_store. Included per backend
// by store_conformance_test.cpp, like store_conformance_cases.ipp (same fixture members).
// No #pragma once: each inclusion defines the cases in a different suite.

//------------------------------------------------------------------------------
// Comments

namespace {

inline comment make_comment(std::string object_id, std::string parent, std::string actor,
                            time_point published)
{
    comment c;
    c.object_id    = std::move(object_id);
    c.post_slug    = "hello";
    c.in_reply_to  = std::move(parent);
    c.actor_id     = std::move(actor);
    c.actor_host   = "one.example";
    c.url          = c.object_id;
    c.content_html = "<p>said " + c.object_id + "</p>";
    c.published    = published;
    c.received     = published;
    return c;
}

inline const std::string post_url = "https://blog.example/posts/hello";
inline const std::string alice    = "https://one.example/users/alice";
inline const std::string bob      = "https://two.example/users/bob";

inline std::vector<std::string> object_ids(const std::vector<comment>& cs)
{
    std::vector<std::string> out;
    for (const auto& c : cs)
        out.push_back(c.object_id);
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(comment_round_trips_and_duplicates_are_idempotent)
{
    comment c        = make_comment("https://one.example/n/1", post_url, alice, at(10));
    c.summary        = "cw";
    c.language       = "de";
    c.emoji_json     = R"([{"name":":x:","url":"https://one.example/x.png"}])";
    c.visibility     = "unlisted";
    c.reply_request  = "https://one.example/rr/1";
    c.updated        = at(11);
    const auto first = FEDBLOG_OK(db().insert_comment(c));
    BOOST_TEST(first.is_new);
    BOOST_TEST(first.id > 0);

    comment again      = c;
    again.content_html = "<p>changed</p>";
    const auto second  = FEDBLOG_OK(db().insert_comment(again));
    BOOST_TEST(!second.is_new);
    BOOST_TEST(second.id == first.id);

    const auto found = FEDBLOG_OK(db().find_comment(c.object_id));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == first.id);
    BOOST_TEST(found->content_html == c.content_html); // the duplicate changed nothing
    BOOST_TEST(found->summary == "cw");
    BOOST_TEST(found->language == "de");
    BOOST_TEST(found->emoji_json == c.emoji_json);
    BOOST_TEST(found->visibility == "unlisted");
    BOOST_TEST(found->reply_request == c.reply_request);
    BOOST_TEST(found->status == "published");
    BOOST_TEST((found->updated == std::optional<time_point>(at(11))));
    BOOST_TEST(!found->deleted.has_value());
    BOOST_TEST(FEDBLOG_OK(db().find_comment_by_id(first.id))->object_id == c.object_id);
    BOOST_TEST(!FEDBLOG_OK(db().find_comment("https://one.example/n/none")).has_value());
    BOOST_TEST(!FEDBLOG_OK(db().find_comment_by_id(first.id + 100)).has_value());
    BOOST_TEST(!FEDBLOG_OK(db().find_comment_by_approval("")).has_value());
}

BOOST_AUTO_TEST_CASE(ids_are_never_reused)
{
    const auto a = FEDBLOG_OK(
        db().insert_comment(make_comment("https://one.example/n/1", post_url, alice, at(1))));
    FEDBLOG_OK(db().delete_comment("https://one.example/n/1", alice, at(2)));
    const auto b = FEDBLOG_OK(
        db().insert_comment(make_comment("https://one.example/n/2", post_url, alice, at(3))));
    BOOST_TEST(b.id > a.id);
}

BOOST_AUTO_TEST_CASE(thread_listing_hides_pending_and_private_replies)
{
    comment pub          = make_comment("https://one.example/n/1", post_url, alice, at(1));
    comment pending      = make_comment("https://one.example/n/2", post_url, alice, at(2));
    pending.status       = "pending";
    comment direct       = make_comment("https://one.example/n/3", post_url, alice, at(3));
    direct.visibility    = "direct";
    comment followers    = make_comment("https://one.example/n/4", post_url, bob, at(4));
    followers.visibility = "followers";
    comment other        = make_comment("https://one.example/n/5", post_url, alice, at(5));
    other.post_slug      = "another";
    for (const auto& c : {followers, direct, pending, pub, other})
        FEDBLOG_OK(db().insert_comment(c));

    BOOST_TEST((object_ids(FEDBLOG_OK(db().list_thread("hello", false))) ==
                std::vector<std::string>{pub.object_id}));
    BOOST_TEST((object_ids(FEDBLOG_OK(db().list_thread("hello", true))) ==
                std::vector<std::string>{pub.object_id, pending.object_id, direct.object_id,
                                         followers.object_id}));
    BOOST_TEST(FEDBLOG_OK(db().count_replies(post_url)) == 2); // pub + other
    const auto counts = FEDBLOG_OK(db().count_comments({"hello", "another", "none"}));
    BOOST_TEST_REQUIRE(counts.size() == 2u);
    BOOST_TEST(counts[0].first == "hello");
    BOOST_TEST(counts[0].second == 1);
    BOOST_TEST(counts[1].first == "another");

    comment_filter f;
    f.private_only = true;
    BOOST_TEST((object_ids(FEDBLOG_OK(db().list_comments(f))) ==
                std::vector<std::string>{followers.object_id, direct.object_id}));
    f              = {};
    f.pending_only = true;
    BOOST_TEST((object_ids(FEDBLOG_OK(db().list_comments(f))) ==
                std::vector<std::string>{pending.object_id}));
    f           = {};
    f.post_slug = "another";
    BOOST_TEST((object_ids(FEDBLOG_OK(db().list_comments(f))) ==
                std::vector<std::string>{other.object_id}));
    f       = {};
    f.limit = 2;
    BOOST_TEST(FEDBLOG_OK(db().list_comments(f)).size() == 2u);
}

BOOST_AUTO_TEST_CASE(replies_page_in_order)
{
    for (int i = 0; i < 5; ++i)
        FEDBLOG_OK(db().insert_comment(make_comment("https://one.example/n/" + std::to_string(i),
                                                    post_url, alice, at(10 - i))));
    const auto page = FEDBLOG_OK(db().list_replies(post_url, 1, 2));
    BOOST_TEST((object_ids(page) ==
                std::vector<std::string>{"https://one.example/n/3", "https://one.example/n/2"}));
    BOOST_TEST(FEDBLOG_OK(db().list_replies(post_url, 5, 10)).empty());
    BOOST_TEST(FEDBLOG_OK(db().list_replies("https://one.example/n/3", 0, 10)).empty());
}

BOOST_AUTO_TEST_CASE(updates_apply_only_when_newer_and_by_the_author)
{
    FEDBLOG_OK(
        db().insert_comment(make_comment("https://one.example/n/1", post_url, alice, at(10))));
    comment edit      = make_comment("https://one.example/n/1", post_url, alice, at(10));
    edit.content_html = "<p>edited</p>";
    edit.updated      = at(9); // older than published
    BOOST_TEST(!FEDBLOG_OK(db().update_comment(edit)));
    edit.updated = std::nullopt;
    BOOST_TEST(!FEDBLOG_OK(db().update_comment(edit)));
    edit.updated  = at(20);
    edit.actor_id = bob; // not the author
    BOOST_TEST(!FEDBLOG_OK(db().update_comment(edit)));
    edit.actor_id = alice;
    BOOST_TEST(FEDBLOG_OK(db().update_comment(edit)));
    BOOST_TEST(FEDBLOG_OK(db().find_comment(edit.object_id))->content_html == "<p>edited</p>");
    edit.content_html = "<p>stale</p>";
    edit.updated      = at(15); // older than the stored edit
    BOOST_TEST(!FEDBLOG_OK(db().update_comment(edit)));
    BOOST_TEST(FEDBLOG_OK(db().find_comment(edit.object_id))->content_html == "<p>edited</p>");
}

BOOST_AUTO_TEST_CASE(deleting_a_comment_with_replies_leaves_a_tombstone)
{
    const std::string root = "https://one.example/n/root";
    const std::string kid  = "https://two.example/n/kid";
    FEDBLOG_OK(db().insert_comment(make_comment(root, post_url, alice, at(1))));
    FEDBLOG_OK(db().insert_comment(make_comment(kid, root, bob, at(2))));

    BOOST_TEST(!FEDBLOG_OK(db().delete_comment(root, bob, at(3)))); // not bob's
    BOOST_TEST(FEDBLOG_OK(db().delete_comment(root, alice, at(3))));
    const auto stone = FEDBLOG_OK(db().find_comment(root));
    BOOST_TEST_REQUIRE(stone.has_value());
    BOOST_TEST((stone->deleted == std::optional<time_point>(at(3))));
    BOOST_TEST(stone->content_html.empty());
    BOOST_TEST(FEDBLOG_OK(db().list_thread("hello", false)).size() == 2u); // shape kept
    BOOST_TEST(FEDBLOG_OK(db().count_replies(post_url)) == 0);             // but not counted
    BOOST_TEST(!FEDBLOG_OK(db().delete_comment(root, alice, at(4))));      // already gone

    // The last reply going takes the tombstone with it; moderation ("" actor) may delete.
    BOOST_TEST(FEDBLOG_OK(db().delete_comment(kid, "", at(5))));
    BOOST_TEST(!FEDBLOG_OK(db().find_comment(kid)).has_value());
    BOOST_TEST(!FEDBLOG_OK(db().find_comment(root)).has_value());
    BOOST_TEST(FEDBLOG_OK(db().list_thread("hello", true)).empty());
}

BOOST_AUTO_TEST_CASE(approval_publishes_once_and_queues_the_notice)
{
    comment c     = make_comment("https://one.example/n/1", post_url, alice, at(1));
    c.status      = "pending";
    const auto id = FEDBLOG_OK(db().insert_comment(c)).id;
    auto accept   = make_activity("https://blog.example/accepts/1", at(2));
    BOOST_TEST(FEDBLOG_OK(
        db().approve_comment(id, "appr-1", accept, {"https://one.example/users/alice/inbox"})));
    const auto found = FEDBLOG_OK(db().find_comment_by_approval("appr-1"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->status == "published");
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(accept.id)).size() == 1u);
    // Approving again (or a comment that does not exist) changes nothing.
    BOOST_TEST(!FEDBLOG_OK(db().approve_comment(id, "appr-2", std::nullopt, {})));
    BOOST_TEST(!FEDBLOG_OK(db().approve_comment(id + 10, "appr-3", std::nullopt, {})));
    BOOST_TEST(FEDBLOG_OK(db().find_comment_by_id(id))->approval_id == "appr-1");
    // An undeliverable inbox fails the whole call and leaves the comment pending.
    comment d       = make_comment("https://one.example/n/2", post_url, alice, at(1));
    d.status        = "pending";
    const auto d_id = FEDBLOG_OK(db().insert_comment(d)).id;
    auto bad        = make_activity("https://blog.example/accepts/2", at(2));
    BOOST_TEST(!db().approve_comment(d_id, "appr-4", bad, {"ftp://nowhere"}).has_value());
    BOOST_TEST(FEDBLOG_OK(db().find_comment_by_id(d_id))->status == "pending");
}

BOOST_AUTO_TEST_CASE(author_replies_are_stored_with_their_announcements)
{
    const std::string me = "https://blog.example/users/author";
    FEDBLOG_OK(db().add_follower(make_follower("f", "three.example", false),
                                 make_activity("https://blog.example/accepts/f", at(1)),
                                 "https://three.example/users/f/inbox"));
    FEDBLOG_OK(
        db().insert_comment(make_comment("https://one.example/n/1", post_url, alice, at(1))));
    comment mine     = make_comment("https://blog.example/posts/hello/comments/ab", "", me, at(5));
    mine.in_reply_to = "https://one.example/n/1";
    mine.actor_host  = "";
    mine.local       = true;
    mine.extra_json  = R"({"tag":[{"type":"Mention","href":"https://one.example/users/alice"}]})";
    const std::vector<std::string> reader{alice + "/inbox"};

    auto create = make_activity(mine.object_id + "/activity", at(5));
    BOOST_TEST(FEDBLOG_OK(
        db().record_author_comment(author_comment_change::create, mine, create, reader)));
    // Queued to the follower and the mentioned reader.
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(create.id)).size() == 2u);
    auto stored = FEDBLOG_OK(db().find_comment(mine.object_id));
    BOOST_TEST_REQUIRE(stored.has_value());
    BOOST_TEST(stored->extra_json == mine.extra_json);
    BOOST_TEST(stored->local);
    BOOST_TEST(FEDBLOG_OK(db().list_thread("hello", false)).size() == 2u);
    // The same object again changes and queues nothing.
    auto again = make_activity(mine.object_id + "/activity-again", at(6));
    BOOST_TEST(!FEDBLOG_OK(
        db().record_author_comment(author_comment_change::create, mine, again, reader)));
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(again.id)).empty());

    comment edited      = mine;
    edited.content_html = "<p>edited</p>";
    edited.extra_json   = "{}";
    edited.updated      = at(7);
    auto update         = make_activity(mine.object_id + "#updates/7", at(7));
    BOOST_TEST(FEDBLOG_OK(
        db().record_author_comment(author_comment_change::update, edited, update, reader)));
    stored = FEDBLOG_OK(db().find_comment(mine.object_id));
    BOOST_TEST(stored->content_html == "<p>edited</p>");
    BOOST_TEST(stored->extra_json == "{}");
    BOOST_TEST((stored->updated == at(7)));
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(update.id)).size() == 2u);
    // Someone else's comment is never the author's to edit or remove.
    comment theirs      = make_comment("https://one.example/n/1", post_url, me, at(1));
    theirs.content_html = "<p>hijacked</p>";
    theirs.updated      = at(8);
    auto hijack         = make_activity("https://blog.example/x", at(8));
    BOOST_TEST(!FEDBLOG_OK(
        db().record_author_comment(author_comment_change::update, theirs, hijack, reader)));
    BOOST_TEST(!FEDBLOG_OK(
        db().record_author_comment(author_comment_change::remove, theirs, hijack, reader)));
    BOOST_TEST(FEDBLOG_OK(db().find_comment(theirs.object_id))->content_html ==
               "<p>said https://one.example/n/1</p>");

    comment gone = mine;
    gone.deleted = at(9);
    auto del     = make_activity(mine.object_id + "#delete", at(9));
    BOOST_TEST(
        FEDBLOG_OK(db().record_author_comment(author_comment_change::remove, gone, del, reader)));
    BOOST_TEST(!FEDBLOG_OK(db().find_comment(mine.object_id)).has_value());
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(del.id)).size() == 2u);
    BOOST_TEST(!FEDBLOG_OK(db().record_author_comment(author_comment_change::remove, gone,
                                                      make_activity(del.id + "2", at(9)), reader)));
}

BOOST_AUTO_TEST_CASE(comments_are_found_by_id_or_by_their_link)
{
    comment c = make_comment("https://one.example/users/alice/statuses/9", post_url, alice, at(1));
    c.url     = "https://one.example/@alice/9";
    FEDBLOG_OK(db().insert_comment(c));
    BOOST_TEST(FEDBLOG_OK(db().find_comment_by_link(c.url))->object_id == c.object_id);
    BOOST_TEST(FEDBLOG_OK(db().find_comment_by_link(c.object_id))->object_id == c.object_id);
    BOOST_TEST(!FEDBLOG_OK(db().find_comment_by_link("https://one.example/@alice/10")));
}

BOOST_AUTO_TEST_CASE(imported_comments_go_in_with_their_posts)
{
    post p          = make_post("old", at(1));
    p.import_key    = "wxr:1";
    p.federated     = false;
    comment c       = make_comment("https://blog.example/posts/old#comment-1",
                                   "https://blog.example/posts/old", "", at(2));
    c.post_slug     = "old";
    c.local         = true;
    c.author_name   = "Ann";
    comment kid     = c;
    kid.object_id   = "https://blog.example/posts/old#comment-2";
    kid.in_reply_to = c.object_id;
    auto first      = FEDBLOG_OK(db().import_posts({p}, {c, kid}));
    BOOST_TEST(first.imported == 1u);
    BOOST_TEST(first.comments == 2u);
    BOOST_TEST(FEDBLOG_OK(db().list_thread("old", false)).size() == 2u);
    auto second = FEDBLOG_OK(db().import_posts({p}, {c, kid}));
    BOOST_TEST(second.comments == 0u);
    BOOST_TEST(FEDBLOG_OK(db().list_thread("old", false)).size() == 2u);
    // A batch that fails stores none of its comments either.
    post clash       = make_post("old", at(3));
    clash.import_key = "wxr:2";
    comment other    = c;
    other.object_id  = "https://blog.example/posts/old#comment-3";
    BOOST_TEST((error_of(db().import_posts({clash}, {other})) == error::conflict));
    BOOST_TEST(!FEDBLOG_OK(db().find_comment(other.object_id)).has_value());
}

BOOST_AUTO_TEST_CASE(interaction_inboxes_collapse_onto_shared_inboxes)
{
    auto actor = [&](const std::string& id, std::string shared) {
        remote_actor a;
        a.id           = id;
        a.type         = "Person";
        a.inbox        = id + "/inbox";
        a.shared_inbox = std::move(shared);
        a.fetched      = at(1);
        FEDBLOG_OK(db().put_remote_actor(a));
    };
    const std::string carol = "https://one.example/users/carol";
    actor(alice, "https://one.example/inbox");
    actor(carol, "https://one.example/inbox");
    actor(bob, "");
    FEDBLOG_OK(
        db().insert_comment(make_comment("https://one.example/n/1", post_url, alice, at(1))));
    reaction like;
    like.post_slug   = "hello";
    like.actor_id    = bob;
    like.actor_host  = "two.example";
    like.kind        = "like";
    like.activity_id = "https://two.example/likes/1";
    FEDBLOG_OK(db().add_reaction(like));
    like.actor_id    = carol;
    like.activity_id = "https://one.example/likes/9";
    FEDBLOG_OK(db().add_reaction(like));
    like.post_slug = "other";
    like.actor_id  = "https://three.example/users/dan";
    FEDBLOG_OK(db().add_reaction(like));

    BOOST_TEST((FEDBLOG_OK(db().interaction_inboxes("hello")) ==
                std::vector<std::string>{"https://one.example/inbox", bob + "/inbox"}));
    BOOST_TEST(FEDBLOG_OK(db().interaction_inboxes("nobody")).empty());
}

//------------------------------------------------------------------------------
// Reactions

BOOST_AUTO_TEST_CASE(reactions_count_once_per_actor_and_undo_either_way)
{
    reaction r;
    r.post_slug   = "hello";
    r.actor_id    = alice;
    r.actor_host  = "one.example";
    r.kind        = "like";
    r.activity_id = "https://one.example/likes/1";
    r.created     = at(1);
    BOOST_TEST(FEDBLOG_OK(db().add_reaction(r)));
    r.activity_id = "https://one.example/likes/2"; // a second Like by the same actor
    BOOST_TEST(!FEDBLOG_OK(db().add_reaction(r)));
    reaction boost    = r;
    boost.kind        = "announce";
    boost.activity_id = "https://one.example/boosts/1";
    BOOST_TEST(FEDBLOG_OK(db().add_reaction(boost)));
    reaction quote    = r;
    quote.kind        = "quote";
    quote.object_id   = "https://one.example/n/q";
    quote.activity_id = "https://one.example/qr/1";
    quote.approval_id = "qa-1";
    BOOST_TEST(FEDBLOG_OK(db().add_reaction(quote)));

    auto counts = FEDBLOG_OK(db().count_reactions("hello"));
    BOOST_TEST(counts.likes == 1);
    BOOST_TEST(counts.announces == 1);
    BOOST_TEST(counts.quotes == 1);
    BOOST_TEST(FEDBLOG_OK(db().find_quote("qa-1"))->object_id == quote.object_id);
    BOOST_TEST(!FEDBLOG_OK(db().find_quote("")).has_value());
    BOOST_TEST(FEDBLOG_OK(db().list_reactions("hello", "announce")).size() == 1u);

    // Undo by the Like's id (the first one stored) and by naming the object.
    BOOST_TEST(!FEDBLOG_OK(db().remove_reaction(bob, "https://one.example/likes/1")));
    BOOST_TEST(FEDBLOG_OK(db().remove_reaction(alice, "https://one.example/likes/1")));
    BOOST_TEST(FEDBLOG_OK(db().remove_reaction_to(alice, "announce", "hello")));
    BOOST_TEST(!FEDBLOG_OK(db().remove_reaction_to(alice, "announce", "hello")));
    counts = FEDBLOG_OK(db().count_reactions("hello"));
    BOOST_TEST(counts.likes == 0);
    BOOST_TEST(counts.announces == 0);
    BOOST_TEST(counts.quotes == 1);
}

BOOST_AUTO_TEST_CASE(an_inbound_reaction_is_counted_and_its_activity_marked_seen_at_once)
{
    reaction r;
    r.post_slug   = "hello";
    r.actor_id    = alice;
    r.actor_host  = "one.example";
    r.kind        = "like";
    r.activity_id = "https://one.example/likes/7";
    r.created     = at(5);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(r.activity_id)) == false);
    BOOST_TEST(FEDBLOG_OK(db().add_inbound_reaction(r)) == true);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(r.activity_id)) == true);
    BOOST_TEST(FEDBLOG_OK(db().count_reactions("hello")).likes == 1);
    // A second Like by the same actor under another id: not counted again, but its id is seen.
    r.activity_id = "https://one.example/likes/8";
    BOOST_TEST(FEDBLOG_OK(db().add_inbound_reaction(r)) == false);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(r.activity_id)) == true);
    BOOST_TEST(FEDBLOG_OK(db().count_reactions("hello")).likes == 1);
    // The record is the one record_inbound() writes: it is pruned by the same rule.
    BOOST_TEST(FEDBLOG_OK(db().prune_inbound(at(6))) == 2u);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(r.activity_id)) == false);
}

//------------------------------------------------------------------------------
// Blocks

BOOST_AUTO_TEST_CASE(domain_blocks_cover_subdomains_and_forget_their_actors)
{
    const std::string mallory = "https://sub.evil.example/users/mallory";
    comment c    = make_comment("https://sub.evil.example/n/1", post_url, mallory, at(1));
    c.actor_host = "sub.evil.example";
    FEDBLOG_OK(db().insert_comment(c));
    comment answer = make_comment("https://one.example/n/2", c.object_id, alice, at(2));
    FEDBLOG_OK(db().insert_comment(answer));
    reaction like;
    like.post_slug   = "hello";
    like.actor_id    = mallory;
    like.actor_host  = "sub.evil.example";
    like.kind        = "like";
    like.activity_id = "https://sub.evil.example/likes/1";
    FEDBLOG_OK(db().add_reaction(like));
    FEDBLOG_OK(db().add_follower(make_follower("mallory", "sub.evil.example", false),
                                 make_activity("https://blog.example/accepts/m", at(1)),
                                 "https://sub.evil.example/users/mallory/inbox"));
    FEDBLOG_OK(db().add_follower(make_follower("a", "notevil.example", false),
                                 make_activity("https://blog.example/accepts/a", at(1)),
                                 "https://notevil.example/users/a/inbox"));

    BOOST_TEST(!FEDBLOG_OK(db().is_blocked(mallory, "sub.evil.example")));
    BOOST_TEST(FEDBLOG_OK(db().add_block({"evil.example", "domain", at(5)})));
    BOOST_TEST(!FEDBLOG_OK(db().add_block({"evil.example", "domain", at(6)})));

    BOOST_TEST(FEDBLOG_OK(db().is_blocked(mallory, "sub.evil.example")));
    BOOST_TEST(FEDBLOG_OK(db().is_blocked("", "evil.example")));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("https://notevil.example/u", "notevil.example")));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("", "example")));

    // Mallory's comment keeps the thread's shape as a tombstone; the rest of her is gone.
    BOOST_TEST(FEDBLOG_OK(db().find_comment(c.object_id))->deleted.has_value());
    BOOST_TEST(FEDBLOG_OK(db().find_comment(answer.object_id)).has_value());
    BOOST_TEST(FEDBLOG_OK(db().count_reactions("hello")).likes == 0);
    BOOST_TEST(!FEDBLOG_OK(db().find_follower(mallory)).has_value());
    BOOST_TEST(FEDBLOG_OK(db().count_followers()) == 1);

    const auto blocks = FEDBLOG_OK(db().list_blocks());
    BOOST_TEST_REQUIRE(blocks.size() == 1u);
    BOOST_TEST(blocks[0].kind == "domain");
    BOOST_TEST(FEDBLOG_OK(db().remove_block("evil.example")));
    BOOST_TEST(!FEDBLOG_OK(db().remove_block("evil.example")));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked(mallory, "sub.evil.example")));
}

// One lookup covers the actor and eight domain names; a deeper host takes more rounds.
BOOST_AUTO_TEST_CASE(blocks_cover_every_parent_of_a_deep_host_and_keep_their_kind)
{
    const std::string deep = "a1.a2.a3.a4.a5.a6.a7.a8.a9.a10.deep.example";
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("https://" + deep + "/u", deep)));
    BOOST_TEST(FEDBLOG_OK(db().add_block({"example", "domain", at(1)})));
    BOOST_TEST(FEDBLOG_OK(db().is_blocked("https://" + deep + "/u", deep))); // the 12th name
    BOOST_TEST(FEDBLOG_OK(db().is_blocked("", deep)));
    BOOST_TEST(FEDBLOG_OK(db().remove_block("example")));
    BOOST_TEST(FEDBLOG_OK(db().add_block({"a9.a10.deep.example", "domain", at(2)})));
    BOOST_TEST(FEDBLOG_OK(db().is_blocked("", deep))); // the 9th: the second round's first
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("", "a10.deep.example")));
    BOOST_TEST(FEDBLOG_OK(db().remove_block("a9.a10.deep.example")));
    // A value matches only as its own kind: an actor block is not a domain block of the
    // same text, nor a domain block an actor block.
    BOOST_TEST(FEDBLOG_OK(db().add_block({"https://x.example/u", "actor", at(3)})));
    BOOST_TEST(FEDBLOG_OK(db().is_blocked("https://x.example/u", "x.example")));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("https://x.example/v", "x.example")));
    BOOST_TEST(FEDBLOG_OK(db().add_block({"y.example", "domain", at(4)})));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("y.example", "z.example")));
    BOOST_TEST(FEDBLOG_OK(db().is_blocked("https://y.example/u", "y.example")));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("", "")));
}

BOOST_AUTO_TEST_CASE(actor_blocks_and_forgetting)
{
    FEDBLOG_OK(db().insert_comment(make_comment("https://two.example/n/1", post_url, bob, at(1))));
    FEDBLOG_OK(
        db().insert_comment(make_comment("https://one.example/n/1", post_url, alice, at(1))));
    BOOST_TEST(FEDBLOG_OK(db().add_block({bob, "actor", at(2)})));
    BOOST_TEST(FEDBLOG_OK(db().is_blocked(bob, "two.example")));
    BOOST_TEST(!FEDBLOG_OK(db().is_blocked("https://two.example/users/eve", "two.example")));
    BOOST_TEST(!FEDBLOG_OK(db().find_comment("https://two.example/n/1")).has_value());
    BOOST_TEST(FEDBLOG_OK(db().find_comment("https://one.example/n/1")).has_value());
    BOOST_TEST((error_of(db().add_block({"x", "bogus", at(3)})) == error::invalid_argument));

    FEDBLOG_OK(db().forget_actor(alice, at(4)));
    BOOST_TEST(FEDBLOG_OK(db().list_thread("hello", true)).empty());
}
