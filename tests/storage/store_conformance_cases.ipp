// SPDX-License-Identifier: AGPL-3.0-or-later
// The store conformance cases, written against the abstract interface only.
//
// Included once per backend by store_conformance_test.cpp, inside a
// BOOST_FIXTURE_TEST_SUITE whose fixture provides:
//   store& db();                              a fresh, migrated, empty store
//   std::unique_ptr<store> open_another();   a second store on the same database
//   static constexpr bool keeps_nul_in_text; false where TEXT cannot hold NUL (PostgreSQL)
//   static constexpr bool keeps_invalid_utf8; false where TEXT must be UTF-8 (PostgreSQL)
// No #pragma once: each inclusion defines the cases in a different suite.

//------------------------------------------------------------------------------
// Posts

BOOST_AUTO_TEST_CASE(insert_and_find_post_round_trip_every_field)
{
    post p              = make_post("hello-world", at(100));
    p.object_type       = "Article";
    p.source_media_type = "text/plain";
    p.language          = "en";
    p.in_reply_to       = "https://remote.example/notes/1";
    p.extra_json        = R"({"tag":[{"type":"Hashtag","name":"#c"}]})";
    p.updated           = at(150);
    p.federated         = false;

    const post stored = FEDBLOG_OK(db().insert_post(p, std::nullopt, {}));
    BOOST_TEST(stored.id > 0);

    const auto found = FEDBLOG_OK(db().find_post("hello-world"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == stored.id);
    BOOST_TEST(found->slug == p.slug);
    BOOST_TEST(found->object_type == "Article");
    BOOST_TEST(found->title == p.title);
    BOOST_TEST(found->content_html == p.content_html);
    BOOST_TEST(found->source == p.source);
    BOOST_TEST(found->source_media_type == "text/plain");
    BOOST_TEST(found->language == "en");
    BOOST_TEST(found->in_reply_to == p.in_reply_to);
    BOOST_TEST(found->extra_json == p.extra_json);
    BOOST_TEST((found->published == at(100)));
    BOOST_TEST((found->updated == std::optional<time_point>(at(150))));
    BOOST_TEST(!found->deleted.has_value());
    BOOST_TEST(found->federated == false);
}

BOOST_AUTO_TEST_CASE(times_keep_millisecond_precision)
{
    post p            = make_post("precise", at(0) + std::chrono::milliseconds(1'700'000'000'123));
    const auto stored = FEDBLOG_OK(db().insert_post(p, std::nullopt, {}));
    const auto found  = FEDBLOG_OK(db().find_post("precise"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->published.time_since_epoch().count() == 1'700'000'000'123);
    BOOST_TEST((stored.published == found->published));
}

BOOST_AUTO_TEST_CASE(find_missing_post_is_empty_not_an_error)
{
    const auto found = FEDBLOG_OK(db().find_post("nope"));
    BOOST_TEST(!found.has_value());
}

BOOST_AUTO_TEST_CASE(slug_conflict_is_reported_and_stores_nothing)
{
    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", false),
                                 make_activity("https://blog.example/accept/1", at(1)),
                                 "https://one.example/users/a/inbox"));
    const auto first = FEDBLOG_OK(db().insert_post(make_post("same", at(10)), std::nullopt, {}));

    post again     = make_post("same", at(20));
    again.title    = "second";
    const auto dup = db().insert_post(again, make_activity("https://blog.example/create/2", at(20)),
                                      {"https://extra.example/inbox"});
    BOOST_TEST((error_of(dup) == error::conflict));

    // Neither the post, nor its activity, nor its jobs were kept.
    const auto found = FEDBLOG_OK(db().find_post("same"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == first.id);
    BOOST_TEST(found->title == first.title);
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 1);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity("https://blog.example/create/2")).empty());

    // The failed call left the activity id unused: it can be queued afterwards.
    BOOST_TEST(FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/create/2", at(21)),
                                       {"https://extra.example/inbox"}, false)) == 1u);
}

BOOST_AUTO_TEST_CASE(insert_assigns_distinct_increasing_ids)
{
    const auto a = FEDBLOG_OK(db().insert_post(make_post("a", at(1)), std::nullopt, {}));
    const auto b = FEDBLOG_OK(db().insert_post(make_post("b", at(1)), std::nullopt, {}));
    BOOST_TEST(a.id > 0);
    BOOST_TEST(b.id > a.id);
}

BOOST_AUTO_TEST_CASE(list_posts_newest_first_ties_by_id_descending)
{
    // Inserted out of order; two share a published time.
    const auto p2  = FEDBLOG_OK(db().insert_post(make_post("p2", at(200)), std::nullopt, {}));
    const auto p1  = FEDBLOG_OK(db().insert_post(make_post("p1", at(100)), std::nullopt, {}));
    const auto p3a = FEDBLOG_OK(db().insert_post(make_post("p3a", at(300)), std::nullopt, {}));
    const auto p3b = FEDBLOG_OK(db().insert_post(make_post("p3b", at(300)), std::nullopt, {}));

    const auto all = FEDBLOG_OK(db().list_posts(0, 10));
    BOOST_TEST_REQUIRE(all.size() == 4u);
    BOOST_TEST(all[0].id == p3b.id); // same time as p3a, larger id first
    BOOST_TEST(all[1].id == p3a.id);
    BOOST_TEST(all[2].id == p2.id);
    BOOST_TEST(all[3].id == p1.id);
}

BOOST_AUTO_TEST_CASE(list_posts_pages_with_offset_and_limit)
{
    for (int i = 0; i < 7; ++i)
        FEDBLOG_OK(
            db().insert_post(make_post("post-" + std::to_string(i), at(i)), std::nullopt, {}));

    const auto page1 = FEDBLOG_OK(db().list_posts(0, 3));
    const auto page2 = FEDBLOG_OK(db().list_posts(3, 3));
    const auto page3 = FEDBLOG_OK(db().list_posts(6, 3));
    BOOST_TEST_REQUIRE(page1.size() == 3u);
    BOOST_TEST_REQUIRE(page2.size() == 3u);
    BOOST_TEST_REQUIRE(page3.size() == 1u);
    BOOST_TEST(page1[0].slug == "post-6");
    BOOST_TEST(page1[2].slug == "post-4");
    BOOST_TEST(page2[0].slug == "post-3");
    BOOST_TEST(page3[0].slug == "post-0");

    BOOST_TEST(FEDBLOG_OK(db().list_posts(7, 3)).empty());             // past the end
    BOOST_TEST(FEDBLOG_OK(db().list_posts(0, 0)).empty());             // nothing asked for
    BOOST_TEST(FEDBLOG_OK(db().list_posts(0, SIZE_MAX)).size() == 7u); // "all"
    BOOST_TEST(FEDBLOG_OK(db().list_posts(SIZE_MAX, 1)).empty());
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 7);
}

BOOST_AUTO_TEST_CASE(deleted_posts_are_found_but_neither_listed_nor_counted)
{
    FEDBLOG_OK(db().insert_post(make_post("kept", at(1)), std::nullopt, {}));
    FEDBLOG_OK(db().insert_post(make_post("gone", at(2)), std::nullopt, {}));

    BOOST_TEST(FEDBLOG_OK(db().delete_post("gone", at(50), std::nullopt, {})) == true);
    BOOST_TEST(FEDBLOG_OK(db().delete_post("gone", at(60), std::nullopt, {})) == false);
    BOOST_TEST(FEDBLOG_OK(db().delete_post("never", at(60), std::nullopt, {})) == false);

    const auto found = FEDBLOG_OK(db().find_post("gone"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST((found->deleted == std::optional<time_point>(at(50))));

    const auto listed = FEDBLOG_OK(db().list_posts(0, 10));
    BOOST_TEST_REQUIRE(listed.size() == 1u);
    BOOST_TEST(listed[0].slug == "kept");
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 1);

    // The slug stays taken by the tombstone: its AS2 id must never mean another post.
    BOOST_TEST((error_of(db().insert_post(make_post("gone", at(3)), std::nullopt, {})) ==
                error::conflict));
}

BOOST_AUTO_TEST_CASE(post_state_tells_missing_live_and_deleted_apart)
{
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("essay")) == post_state::missing));
    // Long enough to spill out of the row's page: the answer must not depend on the text.
    post essay         = make_post("essay", at(1));
    essay.source       = std::string(200'000, 'x');
    essay.content_html = "<p>" + std::string(200'000, 'y') + "</p>";
    FEDBLOG_OK(db().insert_post(essay, std::nullopt, {}));
    FEDBLOG_OK(db().insert_post(make_post("note", at(2)), std::nullopt, {}));
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("essay")) == post_state::live));
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("note")) == post_state::live));

    BOOST_TEST(FEDBLOG_OK(db().delete_post("essay", at(3), std::nullopt, {})) == true);
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("essay")) == post_state::deleted));
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("note")) == post_state::live));
    // Exact slugs only: neither a prefix nor a LIKE pattern names a post.
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("ess")) == post_state::missing));
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("no%")) == post_state::missing));
    BOOST_TEST((FEDBLOG_OK(db().post_state_of("")) == post_state::missing));
}

BOOST_AUTO_TEST_CASE(delete_post_queues_its_announce_only_when_it_deleted)
{
    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", false),
                                 make_activity("https://blog.example/accept/a", at(1)),
                                 "https://one.example/users/a/inbox"));
    FEDBLOG_OK(db().insert_post(make_post("bye", at(2)), std::nullopt, {}));

    const auto del1 = make_activity("https://blog.example/delete/1", at(10));
    const auto del2 = make_activity("https://blog.example/delete/2", at(11));
    BOOST_TEST(FEDBLOG_OK(db().delete_post("bye", at(10), del1, {})) == true);
    BOOST_TEST(FEDBLOG_OK(db().delete_post("bye", at(11), del2, {})) == false);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(del1.id)).size() == 1u);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(del2.id)).empty());
}

BOOST_AUTO_TEST_CASE(update_post_rewrites_content_but_not_identity)
{
    const auto original =
        FEDBLOG_OK(db().insert_post(make_post("edited", at(100)), std::nullopt, {}));

    post edit         = make_post("edited", at(999)); // published must not move
    edit.id           = 12345;                        // ignored
    edit.title        = "New title";
    edit.content_html = "<p>new</p>";
    edit.source       = "new";
    edit.extra_json   = R"({"tag":[]})";
    edit.updated      = at(200);

    const auto update = make_activity("https://blog.example/update/1", at(200));
    const auto stored = FEDBLOG_OK(db().update_post(edit, update, {"https://x.example/inbox"}));
    BOOST_TEST_REQUIRE(stored.has_value());
    BOOST_TEST(stored->id == original.id);
    BOOST_TEST(stored->title == "New title");
    BOOST_TEST((stored->published == at(100)));
    BOOST_TEST((stored->updated == std::optional<time_point>(at(200))));

    const auto found = FEDBLOG_OK(db().find_post("edited"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->content_html == "<p>new</p>");
    BOOST_TEST(found->extra_json == R"({"tag":[]})");
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(update.id)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(update_of_missing_or_deleted_post_changes_and_queues_nothing)
{
    FEDBLOG_OK(db().insert_post(make_post("dead", at(1)), std::nullopt, {}));
    FEDBLOG_OK(db().delete_post("dead", at(2), std::nullopt, {}));

    const auto u1 = make_activity("https://blog.example/update/missing", at(3));
    const auto u2 = make_activity("https://blog.example/update/dead", at(3));
    BOOST_TEST(
        !FEDBLOG_OK(db().update_post(make_post("missing", at(3)), u1, {"https://x.example/inbox"}))
             .has_value());
    BOOST_TEST(
        !FEDBLOG_OK(db().update_post(make_post("dead", at(3)), u2, {"https://x.example/inbox"}))
             .has_value());
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(u1.id)).empty());
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(u2.id)).empty());
    BOOST_TEST(FEDBLOG_OK(db().find_post("dead"))->title == "Title of dead");
}

BOOST_AUTO_TEST_CASE(insert_post_announce_fans_out_to_followers)
{
    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", true),
                                 make_activity("https://blog.example/accept/a", at(1)),
                                 "https://one.example/users/a/inbox"));
    FEDBLOG_OK(db().add_follower(make_follower("b", "one.example", true),
                                 make_activity("https://blog.example/accept/b", at(1)),
                                 "https://one.example/users/b/inbox"));
    FEDBLOG_OK(db().add_follower(make_follower("c", "two.example", false),
                                 make_activity("https://blog.example/accept/c", at(1)),
                                 "https://two.example/users/c/inbox"));

    const auto create = make_activity("https://blog.example/create/1", at(50));
    FEDBLOG_OK(db().insert_post(make_post("fan", at(50)), create, {}));
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(create.id));
    BOOST_TEST_REQUIRE(jobs.size() == 2u);
    std::set<std::string> inboxes;
    for (const auto& j : jobs)
    {
        inboxes.insert(j.inbox);
        BOOST_TEST((j.state == job_state::pending));
        BOOST_TEST((j.next_attempt == at(50)));
        BOOST_TEST(j.attempts == 0);
    }
    BOOST_TEST((inboxes == std::set<std::string>{"https://one.example/inbox",
                                                 "https://two.example/users/c/inbox"}));
}

//------------------------------------------------------------------------------
// Followers

BOOST_AUTO_TEST_CASE(add_follower_twice_is_idempotent_and_refreshes_addresses)
{
    follower f = make_follower("alice", "one.example", false);
    BOOST_TEST(FEDBLOG_OK(db().add_follower(
                   f, make_activity("https://blog.example/accept/1", at(1)), f.inbox)) == true);

    follower moved     = f;
    moved.inbox        = "https://one.example/new-inbox";
    moved.shared_inbox = "https://one.example/inbox";
    moved.follow_id    = "https://one.example/follows/2";
    moved.created      = at(5000);
    BOOST_TEST(
        FEDBLOG_OK(db().add_follower(moved, make_activity("https://blog.example/accept/2", at(2)),
                                     moved.inbox)) == false);

    BOOST_TEST(FEDBLOG_OK(db().count_followers()) == 1);
    const auto found = FEDBLOG_OK(db().find_follower(f.actor_id));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->inbox == "https://one.example/new-inbox");
    BOOST_TEST(found->shared_inbox == "https://one.example/inbox");
    BOOST_TEST(found->follow_id == "https://one.example/follows/2");
    BOOST_TEST((found->created == f.created)); // first follow time kept

    // Each Follow got its Accept queued; a replayed Accept id is not queued twice.
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity("https://blog.example/accept/1")).size() == 1u);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity("https://blog.example/accept/2")).size() == 1u);
    BOOST_TEST(
        FEDBLOG_OK(db().add_follower(moved, make_activity("https://blog.example/accept/2", at(3)),
                                     moved.inbox)) == false);
    BOOST_TEST(FEDBLOG_OK(db().count_jobs()).pending == 2);
}

BOOST_AUTO_TEST_CASE(add_follower_queues_accept_to_the_given_inbox)
{
    const follower f  = make_follower("bob", "two.example", true);
    const auto accept = make_activity("https://blog.example/accept/bob", at(7));
    FEDBLOG_OK(db().add_follower(f, accept, f.inbox));
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(accept.id));
    BOOST_TEST_REQUIRE(jobs.size() == 1u);
    BOOST_TEST(jobs[0].inbox == f.inbox); // not collapsed onto the shared inbox
    BOOST_TEST(jobs[0].host == "two.example");
    BOOST_TEST((jobs[0].next_attempt == at(7)));
}

BOOST_AUTO_TEST_CASE(add_follower_rejects_undeliverable_inboxes_and_stores_nothing)
{
    follower bad_inbox = make_follower("x", "one.example", false);
    bad_inbox.inbox    = "not a url";
    BOOST_TEST((
        error_of(db().add_follower(bad_inbox, make_activity("https://blog.example/accept/x", at(1)),
                                   "https://one.example/inbox")) == error::invalid_argument));

    follower bad_shared     = make_follower("y", "one.example", false);
    bad_shared.shared_inbox = "ftp://one.example/inbox";
    BOOST_TEST((error_of(db().add_follower(bad_shared,
                                           make_activity("https://blog.example/accept/y", at(1)),
                                           bad_shared.inbox)) == error::invalid_argument));

    const follower good = make_follower("z", "one.example", false);
    BOOST_TEST(
        (error_of(db().add_follower(good, make_activity("https://blog.example/accept/z", at(1)),
                                    "/relative")) == error::invalid_argument));

    BOOST_TEST(FEDBLOG_OK(db().count_followers()) == 0);
    BOOST_TEST(FEDBLOG_OK(db().count_jobs()).pending == 0);
}

BOOST_AUTO_TEST_CASE(list_followers_oldest_first_and_paged)
{
    for (int i = 0; i < 5; ++i)
    {
        follower f = make_follower("u" + std::to_string(i), "one.example", false);
        f.created  = at(100 - i); // later names followed earlier
        FEDBLOG_OK(db().add_follower(
            f, make_activity("https://blog.example/accept/" + std::to_string(i), at(1)), f.inbox));
    }
    const auto first = FEDBLOG_OK(db().list_followers(0, 2));
    const auto rest  = FEDBLOG_OK(db().list_followers(2, 10));
    BOOST_TEST_REQUIRE(first.size() == 2u);
    BOOST_TEST_REQUIRE(rest.size() == 3u);
    BOOST_TEST(first[0].actor_id == "https://one.example/users/u4");
    BOOST_TEST(first[1].actor_id == "https://one.example/users/u3");
    BOOST_TEST(rest[2].actor_id == "https://one.example/users/u0");
    BOOST_TEST(FEDBLOG_OK(db().count_followers()) == 5);
}

BOOST_AUTO_TEST_CASE(remove_follower_cancels_pending_jobs_to_its_inbox)
{
    const follower lone   = make_follower("lone", "one.example", false);
    const follower shared = make_follower("shared", "two.example", true);
    const follower other  = make_follower("other", "two.example", true);
    FEDBLOG_OK(
        db().add_follower(lone, make_activity("https://blog.example/accept/1", at(1)), lone.inbox));
    FEDBLOG_OK(db().add_follower(shared, make_activity("https://blog.example/accept/2", at(1)),
                                 shared.inbox));
    FEDBLOG_OK(db().add_follower(other, make_activity("https://blog.example/accept/3", at(1)),
                                 other.inbox));

    // One job already delivered to the lone inbox, one pending and leased (in flight).
    const auto early = make_activity("https://blog.example/create/early", at(2));
    FEDBLOG_OK(db().enqueue(early, {}, true));
    const auto early_jobs = FEDBLOG_OK(db().jobs_for_activity(early.id));
    for (const auto& j : early_jobs)
        FEDBLOG_OK(db().mark_delivered(j.id, 202));
    const auto post_act = make_activity("https://blog.example/create/1", at(3));
    FEDBLOG_OK(db().enqueue(post_act, {}, true));

    BOOST_TEST(FEDBLOG_OK(db().remove_follower(lone.actor_id)) == true);
    BOOST_TEST(FEDBLOG_OK(db().remove_follower(lone.actor_id)) == false);
    BOOST_TEST(FEDBLOG_OK(db().remove_follower("https://nobody.example/u")) == false);
    BOOST_TEST(!FEDBLOG_OK(db().find_follower(lone.actor_id)).has_value());

    for (const auto& j : FEDBLOG_OK(db().jobs_for_activity(post_act.id)))
    {
        if (j.inbox == lone.inbox)
        {
            BOOST_TEST((j.state == job_state::dead));
            BOOST_TEST(j.last_error == "unfollowed");
        }
        else
            BOOST_TEST((j.state == job_state::pending));
    }
    for (const auto& j : FEDBLOG_OK(db().jobs_for_activity(early.id)))
        BOOST_TEST((j.state == job_state::delivered)); // history is not rewritten
    // The Accept to the lone inbox was pending too; the shared follower's stays.
    BOOST_TEST((FEDBLOG_OK(db().jobs_for_activity("https://blog.example/accept/1"))[0].state ==
                job_state::dead));

    // Removing one of two followers behind a shared inbox cancels nothing shared.
    BOOST_TEST(FEDBLOG_OK(db().remove_follower(shared.actor_id)) == true);
    for (const auto& j : FEDBLOG_OK(db().jobs_for_activity(post_act.id)))
        if (j.inbox == "https://two.example/inbox")
            BOOST_TEST((j.state == job_state::pending));
}

BOOST_AUTO_TEST_CASE(remove_follower_keeps_jobs_to_an_inbox_another_follower_uses)
{
    // Some servers hand out their shared inbox as every actor's personal inbox.
    follower a = make_follower("a", "one.example", false);
    follower b = make_follower("b", "one.example", false);
    a.inbox    = "https://one.example/inbox";
    b.inbox    = "https://one.example/inbox";
    FEDBLOG_OK(
        db().add_follower(a, make_activity("https://blog.example/accept/a", at(1)), a.inbox));
    FEDBLOG_OK(
        db().add_follower(b, make_activity("https://blog.example/accept/b", at(1)), b.inbox));
    const auto act = make_activity("https://blog.example/create/1", at(2));
    BOOST_TEST(FEDBLOG_OK(db().enqueue(act, {}, true)) == 1u);

    FEDBLOG_OK(db().remove_follower(a.actor_id));
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(act.id));
    BOOST_TEST_REQUIRE(jobs.size() == 1u);
    BOOST_TEST((jobs[0].state == job_state::pending));
}

//------------------------------------------------------------------------------
// Fan-out

BOOST_AUTO_TEST_CASE(fan_out_collapses_shared_inboxes_and_dedupes_extra_inboxes)
{
    // Three followers behind one shared inbox, two without one.
    for (const char* name : {"s1", "s2", "s3"})
    {
        const follower f = make_follower(name, "big.example", true);
        FEDBLOG_OK(db().add_follower(
            f, make_activity(std::string("https://blog.example/accept/") + name, at(1)), f.inbox));
    }
    const follower p1 = make_follower("p1", "small.example", false);
    const follower p2 = make_follower("p2", "tiny.example:8443", false);
    FEDBLOG_OK(
        db().add_follower(p1, make_activity("https://blog.example/accept/p1", at(1)), p1.inbox));
    FEDBLOG_OK(
        db().add_follower(p2, make_activity("https://blog.example/accept/p2", at(1)), p2.inbox));

    const auto create = make_activity("https://blog.example/create/1", at(10));
    BOOST_TEST(FEDBLOG_OK(db().enqueue(create, {}, true)) == 3u);
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(create.id));
    std::map<std::string, std::string> host_of;
    for (const auto& j : jobs)
        host_of[j.inbox] = j.host;
    BOOST_TEST((host_of == std::map<std::string, std::string>{
                               {"https://big.example/inbox", "big.example"},
                               {"https://small.example/users/p1/inbox", "small.example"},
                               {"https://tiny.example:8443/users/p2/inbox", "tiny.example:8443"},
                           }));

    // Extra inboxes: one is the shared inbox, one a follower's personal inbox already used,
    // one repeated, one new, and one the personal inbox of a follower reached through the
    // shared inbox (a mention: it is a different inbox, so it gets its own job).
    const auto reply = make_activity("https://blog.example/create/2", at(11));
    const std::vector<std::string> extra{
        "https://big.example/inbox",          "https://small.example/users/p1/inbox",
        "https://new.example/inbox",          "https://new.example/inbox",
        "https://big.example/users/s1/inbox",
    };
    BOOST_TEST(FEDBLOG_OK(db().enqueue(reply, extra, true)) == 5u);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(reply.id)).size() == 5u);
}

BOOST_AUTO_TEST_CASE(enqueue_without_followers_reaches_only_the_given_inboxes)
{
    const follower f = make_follower("a", "one.example", false);
    FEDBLOG_OK(
        db().add_follower(f, make_activity("https://blog.example/accept/a", at(1)), f.inbox));
    const auto direct = make_activity("https://blog.example/note/dm", at(5));
    BOOST_TEST(FEDBLOG_OK(db().enqueue(direct, {"https://two.example/users/b/inbox"}, false)) ==
               1u);
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(direct.id));
    BOOST_TEST_REQUIRE(jobs.size() == 1u);
    BOOST_TEST(jobs[0].inbox == "https://two.example/users/b/inbox");
    BOOST_TEST(jobs[0].activity_id == direct.id);
    BOOST_TEST((jobs[0].created == at(5)));
    BOOST_TEST(jobs[0].last_status == 0);
    BOOST_TEST(jobs[0].last_error.empty());
    BOOST_TEST(!jobs[0].leased_until.has_value());
    BOOST_TEST(jobs[0].body.empty()); // only claims carry bodies
}

BOOST_AUTO_TEST_CASE(enqueue_of_an_existing_activity_id_queues_nothing)
{
    const auto act = make_activity("https://blog.example/create/1", at(1));
    BOOST_TEST(FEDBLOG_OK(db().enqueue(act, {"https://a.example/inbox"}, false)) == 1u);
    BOOST_TEST(FEDBLOG_OK(db().enqueue(act, {"https://a.example/inbox"}, false)) == 0u);
    // Not even to inboxes the first call did not name.
    BOOST_TEST(FEDBLOG_OK(db().enqueue(act, {"https://b.example/inbox"}, true)) == 0u);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(act.id)).size() == 1u);
}

BOOST_AUTO_TEST_CASE(enqueue_rejects_an_undeliverable_inbox_and_stores_nothing)
{
    const auto act = make_activity("https://blog.example/create/1", at(1));
    for (const char* bad : {"", "inbox", "mailto:a@b.example", "https:///no-host",
                            "https://host.example:99999/inbox"})
        BOOST_TEST((error_of(db().enqueue(act, {"https://ok.example/inbox", bad}, false)) ==
                    error::invalid_argument),
                   "inbox: " << bad);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(act.id)).empty());
    BOOST_TEST(FEDBLOG_OK(db().enqueue(act, {"https://ok.example/inbox"}, false)) == 1u);
}

BOOST_AUTO_TEST_CASE(job_host_is_the_normalised_inbox_authority)
{
    const auto act = make_activity("https://blog.example/create/1", at(1));
    FEDBLOG_OK(db().enqueue(act,
                            {"https://Mixed.Example/inbox", "https://default.example:443/inbox",
                             "http://plain.example:80/inbox", "http://127.0.0.1:8080/inbox",
                             "https://[::1]:8443/inbox", "https://user@auth.example/inbox"},
                            false));
    std::set<std::string> hosts;
    for (const auto& j : FEDBLOG_OK(db().jobs_for_activity(act.id)))
        hosts.insert(j.host);
    BOOST_TEST((hosts == std::set<std::string>{"mixed.example", "default.example", "plain.example",
                                               "127.0.0.1:8080", "[::1]:8443", "auth.example"}));
}

BOOST_AUTO_TEST_CASE(fan_out_to_ten_thousand_followers)
{
    // 100 servers with a shared inbox carrying 50 followers each, plus 5,000 followers
    // without one: one job per shared inbox and one per personal inbox.
    for (int server = 0; server < 100; ++server)
        for (int user = 0; user < 50; ++user)
        {
            const follower f = make_follower("u" + std::to_string(user),
                                             "s" + std::to_string(server) + ".example", true);
            FEDBLOG_OK(db().add_follower(f, make_activity(f.actor_id + "#accept", at(1)), f.inbox));
        }
    for (int i = 0; i < 5000; ++i)
    {
        const follower f = make_follower("p" + std::to_string(i), "solo.example", false);
        FEDBLOG_OK(db().add_follower(f, make_activity(f.actor_id + "#accept", at(1)), f.inbox));
    }
    BOOST_TEST(FEDBLOG_OK(db().count_followers()) == 10000);

    const auto create = make_activity("https://blog.example/create/big", at(100));
    BOOST_TEST(FEDBLOG_OK(db().insert_post(make_post("big", at(100)), create, {})).id > 0);
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(create.id));
    BOOST_TEST(jobs.size() == 5100u);
    std::set<std::string> distinct;
    for (const auto& j : jobs)
        distinct.insert(j.inbox);
    BOOST_TEST(distinct.size() == jobs.size());
}

//------------------------------------------------------------------------------
// Claims and outcomes

BOOST_AUTO_TEST_CASE(claim_returns_due_jobs_oldest_first_with_body_and_signer)
{
    auto late    = make_activity("https://blog.example/late", at(300));
    auto early   = make_activity("https://blog.example/early", at(100));
    early.signer = "instance";
    auto future  = make_activity("https://blog.example/future", at(10'000));
    FEDBLOG_OK(db().enqueue(late, {"https://a.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(early, {"https://b.example/inbox", "https://c.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(future, {"https://d.example/inbox"}, false));

    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(1000), 10, std::chrono::seconds(60)));
    BOOST_TEST_REQUIRE(claimed.size() == 3u); // "future" is not due
    BOOST_TEST(claimed[0].activity_id == early.id);
    BOOST_TEST(claimed[1].activity_id == early.id);
    BOOST_TEST(claimed[0].id < claimed[1].id); // same due time: by id
    BOOST_TEST(claimed[2].activity_id == late.id);
    BOOST_TEST(claimed[0].body == early.json);
    BOOST_TEST(claimed[0].signer == "instance");
    BOOST_TEST(claimed[2].body == late.json);
    BOOST_TEST(claimed[2].signer == "author");
    for (const auto& j : claimed)
        BOOST_TEST((j.leased_until == std::optional<time_point>(at(1060))));
}

BOOST_AUTO_TEST_CASE(claim_respects_limit)
{
    const auto act = make_activity("https://blog.example/a", at(1));
    std::vector<std::string> inboxes;
    for (int i = 0; i < 5; ++i)
        inboxes.push_back("https://h" + std::to_string(i) + ".example/inbox");
    FEDBLOG_OK(db().enqueue(act, inboxes, false));
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(2), 2, std::chrono::seconds(60))).size() == 2u);
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(2), 2, std::chrono::seconds(60))).size() == 2u);
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(2), 2, std::chrono::seconds(60))).size() == 1u);
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(2), 2, std::chrono::seconds(60))).empty());
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(2), 0, std::chrono::seconds(60))).empty());
}

BOOST_AUTO_TEST_CASE(claim_leases_until_the_lease_expires)
{
    const auto act = make_activity("https://blog.example/a", at(10));
    FEDBLOG_OK(db().enqueue(act, {"https://a.example/inbox"}, false));

    const auto first = FEDBLOG_OK(db().claim_jobs(at(10), 10, std::chrono::seconds(30)));
    BOOST_TEST_REQUIRE(first.size() == 1u);
    // Another worker, before the lease ends: nothing.
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(39), 10, std::chrono::seconds(30))).empty());
    // The first worker crashed; at lease end the job comes back, unchanged.
    const auto again = FEDBLOG_OK(db().claim_jobs(at(40), 10, std::chrono::seconds(30)));
    BOOST_TEST_REQUIRE(again.size() == 1u);
    BOOST_TEST(again[0].id == first[0].id);
    BOOST_TEST(again[0].attempts == 0);
    BOOST_TEST((again[0].leased_until == std::optional<time_point>(at(70))));
}

BOOST_AUTO_TEST_CASE(mark_outcomes_move_jobs_between_states_and_counts)
{
    const auto act = make_activity("https://blog.example/a", at(0));
    FEDBLOG_OK(db().enqueue(
        act,
        {"https://ok.example/inbox", "https://retry.example/inbox", "https://dead.example/inbox"},
        false));
    auto counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.pending == 3);
    BOOST_TEST(counts.delivered == 0);
    BOOST_TEST(counts.dead == 0);

    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(0), 10, std::chrono::seconds(60)));
    BOOST_TEST_REQUIRE(claimed.size() == 3u);
    std::map<std::string, std::int64_t> id_of;
    for (const auto& j : claimed)
        id_of[j.host] = j.id;

    FEDBLOG_OK(db().mark_delivered(id_of["ok.example"], 202));
    FEDBLOG_OK(db().mark_retry(id_of["retry.example"], at(120), 503, "service unavailable"));
    FEDBLOG_OK(db().mark_dead(id_of["dead.example"], 410, "gone"));

    counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.pending == 1);
    BOOST_TEST(counts.delivered == 1);
    BOOST_TEST(counts.dead == 1);

    std::map<std::string, delivery_job> by_host;
    for (auto& j : FEDBLOG_OK(db().jobs_for_activity(act.id)))
        by_host[j.host] = j;
    const auto& ok = by_host["ok.example"];
    BOOST_TEST((ok.state == job_state::delivered));
    BOOST_TEST(ok.last_status == 202);
    BOOST_TEST(ok.attempts == 1);
    BOOST_TEST(!ok.leased_until.has_value());
    const auto& retry = by_host["retry.example"];
    BOOST_TEST((retry.state == job_state::pending));
    BOOST_TEST(retry.attempts == 1);
    BOOST_TEST(retry.last_status == 503);
    BOOST_TEST(retry.last_error == "service unavailable");
    BOOST_TEST((retry.next_attempt == at(120)));
    BOOST_TEST(!retry.leased_until.has_value());
    const auto& dead = by_host["dead.example"];
    BOOST_TEST((dead.state == job_state::dead));
    BOOST_TEST(dead.attempts == 1);
    BOOST_TEST(dead.last_status == 410);
    BOOST_TEST(dead.last_error == "gone");

    // Ids that do not exist change nothing and are not errors.
    FEDBLOG_OK(db().mark_delivered(999'999, 200));
    FEDBLOG_OK(db().mark_retry(999'999, at(1), 500, "x"));
    FEDBLOG_OK(db().mark_dead(999'999, 500, "x"));
    counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.pending + counts.delivered + counts.dead == 3);
}

BOOST_AUTO_TEST_CASE(retried_job_is_due_again_at_its_next_attempt)
{
    const auto act = make_activity("https://blog.example/a", at(0));
    FEDBLOG_OK(db().enqueue(act, {"https://a.example/inbox"}, false));
    auto claimed = FEDBLOG_OK(db().claim_jobs(at(0), 1, std::chrono::seconds(600)));
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    FEDBLOG_OK(db().mark_retry(claimed[0].id, at(100), 0, "connection refused"));

    // The lease is gone, but the job is not due before next_attempt.
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(99), 1, std::chrono::seconds(600))).empty());
    claimed = FEDBLOG_OK(db().claim_jobs(at(100), 1, std::chrono::seconds(600)));
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    BOOST_TEST(claimed[0].attempts == 1);
    BOOST_TEST(claimed[0].last_error == "connection refused");
    FEDBLOG_OK(db().mark_retry(claimed[0].id, at(300), 500, "again"));
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(act.id))[0].attempts == 2);
}

BOOST_AUTO_TEST_CASE(finished_jobs_are_neither_claimed_nor_revived)
{
    const follower f = make_follower("a", "one.example", false);
    FEDBLOG_OK(
        db().add_follower(f, make_activity("https://blog.example/accept/a", at(0)), f.inbox));
    const auto act = make_activity("https://blog.example/a", at(0));
    FEDBLOG_OK(db().enqueue(act, {"https://done.example/inbox"}, true));
    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(0), 10, std::chrono::seconds(1)));
    BOOST_TEST_REQUIRE(claimed.size() == 3u);
    for (const auto& j : claimed)
        if (j.inbox == "https://done.example/inbox")
            FEDBLOG_OK(db().mark_delivered(j.id, 200));

    // Unfollow while the POSTs to its inbox are in flight: they are cancelled...
    FEDBLOG_OK(db().remove_follower(f.actor_id));
    for (const auto& j : claimed)
        if (j.inbox == f.inbox)
        {
            // ...and a late retry report does not bring them back,
            FEDBLOG_OK(db().mark_retry(j.id, at(5), 500, "late"));
            FEDBLOG_OK(db().mark_dead(j.id, 500, "late"));
        }
    for (const auto& j : FEDBLOG_OK(db().jobs_for_activity(act.id)))
        if (j.inbox == f.inbox)
        {
            BOOST_TEST((j.state == job_state::dead));
            BOOST_TEST(j.last_error == "unfollowed");
        }
    // ...while a delivered job stays delivered whatever is reported later.
    for (const auto& j : claimed)
        if (j.inbox == "https://done.example/inbox")
        {
            FEDBLOG_OK(db().mark_dead(j.id, 500, "late"));
            FEDBLOG_OK(db().mark_retry(j.id, at(5), 500, "late"));
        }
    BOOST_TEST(FEDBLOG_OK(db().claim_jobs(at(10'000), 10, std::chrono::seconds(1))).empty());
    const auto counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.pending == 0);
    BOOST_TEST(counts.delivered == 1);
    BOOST_TEST(counts.dead == 2);
}

BOOST_AUTO_TEST_CASE(a_cancelled_job_that_arrived_is_recorded_as_delivered)
{
    const follower f = make_follower("a", "one.example", false);
    FEDBLOG_OK(
        db().add_follower(f, make_activity("https://blog.example/accept/a", at(0)), f.inbox));
    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(0), 10, std::chrono::seconds(60)));
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    FEDBLOG_OK(db().remove_follower(f.actor_id));
    FEDBLOG_OK(db().mark_delivered(claimed[0].id, 202));
    const auto jobs = FEDBLOG_OK(db().jobs_for_activity("https://blog.example/accept/a"));
    BOOST_TEST((jobs[0].state == job_state::delivered));
}

BOOST_AUTO_TEST_CASE(next_due_is_when_the_next_claim_can_succeed)
{
    BOOST_TEST(!FEDBLOG_OK(db().next_due()).has_value());

    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/b", at(200)),
                            {"https://b.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/a", at(100)),
                            {"https://a.example/inbox"}, false));
    BOOST_TEST((FEDBLOG_OK(db().next_due()) == std::optional<time_point>(at(100))));

    // Leased until 150: that job cannot be had before then, the other before 200.
    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(100), 1, std::chrono::seconds(50)));
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    BOOST_TEST((FEDBLOG_OK(db().next_due()) == std::optional<time_point>(at(150))));

    FEDBLOG_OK(db().mark_delivered(claimed[0].id, 200));
    BOOST_TEST((FEDBLOG_OK(db().next_due()) == std::optional<time_point>(at(200))));

    const auto rest = FEDBLOG_OK(db().claim_jobs(at(200), 10, std::chrono::seconds(50)));
    BOOST_TEST_REQUIRE(rest.size() == 1u);
    FEDBLOG_OK(db().mark_dead(rest[0].id, 404, "not found"));
    BOOST_TEST(!FEDBLOG_OK(db().next_due()).has_value());
}

BOOST_AUTO_TEST_CASE(prune_jobs_deletes_only_old_finished_jobs)
{
    FEDBLOG_OK(db().enqueue(
        make_activity("https://blog.example/old", at(100)),
        {"https://a.example/inbox", "https://b.example/inbox", "https://c.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/new", at(5000)),
                            {"https://a.example/inbox"}, false));
    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(10'000), 10, std::chrono::seconds(1)));
    BOOST_TEST_REQUIRE(claimed.size() == 4u);
    for (const auto& j : claimed)
    {
        if (j.host == "a.example")
            FEDBLOG_OK(db().mark_delivered(j.id, 200));
        else if (j.host == "b.example")
            FEDBLOG_OK(db().mark_dead(j.id, 410, "gone"));
        // c.example stays pending
    }
    BOOST_TEST(FEDBLOG_OK(db().prune_jobs(at(1000))) == 2u);
    const auto counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.pending == 1);
    BOOST_TEST(counts.delivered == 1); // the new one
    BOOST_TEST(counts.dead == 0);
    // The activity is still known: re-queuing it is still a no-op.
    BOOST_TEST(FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/old", at(100)),
                                       {"https://z.example/inbox"}, false)) == 0u);
}

//------------------------------------------------------------------------------
// Remote actors and keys

BOOST_AUTO_TEST_CASE(remote_key_put_replace_find)
{
    BOOST_TEST(!FEDBLOG_OK(db().find_remote_key("https://r.example/u#main-key")).has_value());
    remote_key k;
    k.key_id         = "https://r.example/u#main-key";
    k.owner          = "https://r.example/u";
    k.public_key_pem = "-----BEGIN PUBLIC KEY-----\nAAA\n-----END PUBLIC KEY-----\n";
    k.fetched        = at(10);
    FEDBLOG_OK(db().put_remote_key(k));
    auto found = FEDBLOG_OK(db().find_remote_key(k.key_id));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->owner == k.owner);
    BOOST_TEST(found->public_key_pem == k.public_key_pem);
    BOOST_TEST((found->fetched == at(10)));

    // Key rotation: same id, new material.
    k.public_key_pem = "-----BEGIN PUBLIC KEY-----\nBBB\n-----END PUBLIC KEY-----\n";
    k.fetched        = at(20);
    FEDBLOG_OK(db().put_remote_key(k));
    found = FEDBLOG_OK(db().find_remote_key(k.key_id));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->public_key_pem == k.public_key_pem);
    BOOST_TEST((found->fetched == at(20)));
}

BOOST_AUTO_TEST_CASE(remote_actor_put_replace_find)
{
    BOOST_TEST(!FEDBLOG_OK(db().find_remote_actor("https://r.example/u")).has_value());
    remote_actor a;
    a.id                 = "https://r.example/u";
    a.type               = "Person";
    a.preferred_username = "u";
    a.name               = "U";
    a.inbox              = "https://r.example/u/inbox";
    a.shared_inbox       = "https://r.example/inbox";
    a.url                = "https://r.example/@u";
    a.icon_url           = "https://r.example/u.png";
    a.document           = R"({"id":"https://r.example/u"})";
    a.fetched            = at(5);
    FEDBLOG_OK(db().put_remote_actor(a));
    auto found = FEDBLOG_OK(db().find_remote_actor(a.id));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->type == "Person");
    BOOST_TEST(found->preferred_username == "u");
    BOOST_TEST(found->name == "U");
    BOOST_TEST(found->inbox == a.inbox);
    BOOST_TEST(found->shared_inbox == a.shared_inbox);
    BOOST_TEST(found->url == a.url);
    BOOST_TEST(found->icon_url == a.icon_url);
    BOOST_TEST(found->document == a.document);
    BOOST_TEST((found->fetched == at(5)));
    BOOST_TEST(found->gone == false);

    a.name         = "Renamed";
    a.shared_inbox = "";
    a.gone         = true;
    a.fetched      = at(6);
    FEDBLOG_OK(db().put_remote_actor(a));
    found = FEDBLOG_OK(db().find_remote_actor(a.id));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->name == "Renamed");
    BOOST_TEST(found->shared_inbox.empty());
    BOOST_TEST(found->gone == true);
    BOOST_TEST((found->fetched == at(6)));
}

//------------------------------------------------------------------------------
// Inbound de-duplication

BOOST_AUTO_TEST_CASE(record_inbound_is_true_then_false)
{
    const std::string id = "https://r.example/activities/1";
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(id)) == false);
    BOOST_TEST(FEDBLOG_OK(db().record_inbound(id, at(1))) == true);
    BOOST_TEST(FEDBLOG_OK(db().record_inbound(id, at(2))) == false);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(id)) == true);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound(id + "x")) == false);
}

BOOST_AUTO_TEST_CASE(prune_inbound_forgets_only_old_ids)
{
    FEDBLOG_OK(db().record_inbound("https://r.example/old", at(100)));
    FEDBLOG_OK(db().record_inbound("https://r.example/edge", at(200)));
    FEDBLOG_OK(db().record_inbound("https://r.example/new", at(300)));
    BOOST_TEST(FEDBLOG_OK(db().prune_inbound(at(200))) == 1u); // strictly before
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound("https://r.example/old")) == false);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound("https://r.example/edge")) == true);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound("https://r.example/new")) == true);
    // Forgotten ids count as new again.
    BOOST_TEST(FEDBLOG_OK(db().record_inbound("https://r.example/old", at(400))) == true);
    BOOST_TEST(FEDBLOG_OK(db().prune_inbound(at(0))) == 0u);
}

//------------------------------------------------------------------------------
// API tokens

BOOST_AUTO_TEST_CASE(tokens_insert_find_list_revoke_touch)
{
    api_token t;
    t.id           = 777; // ignored
    t.name         = "laptop";
    t.secret_hash  = std::string(64, 'a');
    t.created      = at(10);
    const auto id1 = FEDBLOG_OK(db().insert_token(t));
    t.name         = "phone";
    t.secret_hash  = std::string(64, 'b');
    const auto id2 = FEDBLOG_OK(db().insert_token(t));
    BOOST_TEST(id1 > 0);
    BOOST_TEST(id2 > id1);

    auto found = FEDBLOG_OK(db().find_token(id1));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->id == id1);
    BOOST_TEST(found->name == "laptop");
    BOOST_TEST(found->secret_hash == std::string(64, 'a'));
    BOOST_TEST((found->created == at(10)));
    BOOST_TEST(!found->last_used.has_value());
    BOOST_TEST(found->revoked == false);
    BOOST_TEST(!FEDBLOG_OK(db().find_token(id2 + 100)).has_value());

    FEDBLOG_OK(db().touch_token(id1, at(50)));
    FEDBLOG_OK(db().touch_token(id1, at(40))); // a slower concurrent request: ignored
    BOOST_TEST((FEDBLOG_OK(db().find_token(id1))->last_used == std::optional<time_point>(at(50))));
    FEDBLOG_OK(db().touch_token(id2 + 100, at(50))); // missing: no-op

    BOOST_TEST(FEDBLOG_OK(db().revoke_token(id1)) == true);
    BOOST_TEST(FEDBLOG_OK(db().revoke_token(id1)) == false);
    BOOST_TEST(FEDBLOG_OK(db().revoke_token(id2 + 100)) == false);
    BOOST_TEST(FEDBLOG_OK(db().find_token(id1))->revoked == true);

    const auto all = FEDBLOG_OK(db().list_tokens());
    BOOST_TEST_REQUIRE(all.size() == 2u);
    BOOST_TEST(all[0].id == id1);
    BOOST_TEST(all[0].revoked == true);
    BOOST_TEST(all[1].id == id2);
    BOOST_TEST(all[1].name == "phone");
    BOOST_TEST(all[1].revoked == false);
}

//------------------------------------------------------------------------------
// Hostile input

BOOST_AUTO_TEST_CASE(very_long_strings_round_trip)
{
    post p         = make_post(std::string(10'000, 's'), at(1));
    p.content_html = std::string(2 * 1024 * 1024, 'c');
    p.extra_json   = R"({"x":")" + std::string(512 * 1024, 'j') + R"("})";
    auto act       = make_activity("https://blog.example/" + std::string(8'000, 'i'), at(1));
    act.json       = std::string(1024 * 1024, 'b');
    FEDBLOG_OK(db().insert_post(p, act, {"https://a.example/" + std::string(4'000, 'p')}));

    const auto found = FEDBLOG_OK(db().find_post(p.slug));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->content_html == p.content_html);
    BOOST_TEST(found->extra_json == p.extra_json);
    const auto claimed = FEDBLOG_OK(db().claim_jobs(at(1), 1, std::chrono::seconds(1)));
    BOOST_TEST_REQUIRE(claimed.size() == 1u);
    BOOST_TEST(claimed[0].body == act.json);
    BOOST_TEST(claimed[0].activity_id == act.id);
}

BOOST_AUTO_TEST_CASE(embedded_nul_bytes_round_trip)
{
    using namespace std::string_literals;
    if constexpr (!keeps_nul_in_text)
    {
        // Such a backend must refuse, never silently truncate at the NUL.
        BOOST_TEST((error_of(db().insert_post(make_post("nul\0slug"s, at(1)), std::nullopt, {})) ==
                    error::invalid_argument));
        BOOST_TEST(!FEDBLOG_OK(db().find_post("nul")).has_value());
        return;
    }
    post p         = make_post("nul\0slug"s, at(1));
    p.content_html = "before\0after\0"s;
    FEDBLOG_OK(db().insert_post(p, std::nullopt, {}));
    // "nul" alone is a different slug: comparison uses every byte.
    FEDBLOG_OK(db().insert_post(make_post("nul", at(2)), std::nullopt, {}));

    const auto found = FEDBLOG_OK(db().find_post("nul\0slug"s));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->slug == "nul\0slug"s);
    BOOST_TEST(found->slug.size() == 8u);
    BOOST_TEST(found->content_html == "before\0after\0"s);
    BOOST_TEST(FEDBLOG_OK(db().find_post("nul"))->content_html == "<p>Body of nul</p>");

    BOOST_TEST(FEDBLOG_OK(db().record_inbound("id\0one"s, at(1))) == true);
    BOOST_TEST(FEDBLOG_OK(db().record_inbound("id\0two"s, at(1))) == true);
    BOOST_TEST(FEDBLOG_OK(db().seen_inbound("id"s)) == false);
}

BOOST_AUTO_TEST_CASE(unicode_round_trips_byte_for_byte)
{
    // Precomposed and decomposed é are different byte strings and stay different slugs.
    const std::string nfc = "caf\xC3\xA9";
    const std::string nfd = "cafe\xCC\x81";
    post a                = make_post(nfc, at(1));
    a.title = "\xF0\x9F\x90\x98 \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xE4\xBD\xA0\xE5\xA5\xBD";
    FEDBLOG_OK(db().insert_post(a, std::nullopt, {}));
    FEDBLOG_OK(db().insert_post(make_post(nfd, at(2)), std::nullopt, {}));

    const auto found = FEDBLOG_OK(db().find_post(nfc));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->title == a.title);
    BOOST_TEST(FEDBLOG_OK(db().find_post(nfd))->slug == nfd);
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 2);

    // Invalid UTF-8 is stored as given, not "repaired", or refused as a whole.
    remote_actor r;
    r.id       = "https://r.example/\xFF\xFE";
    r.name     = "\xC3\x28 broken";
    r.document = "{}";
    if constexpr (!keeps_invalid_utf8)
    {
        BOOST_TEST((error_of(db().put_remote_actor(r)) == error::invalid_argument));
        BOOST_TEST(!FEDBLOG_OK(db().find_remote_actor("https://r.example/")).has_value());
        return;
    }
    FEDBLOG_OK(db().put_remote_actor(r));
    const auto back = FEDBLOG_OK(db().find_remote_actor(r.id));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->name == r.name);
}

BOOST_AUTO_TEST_CASE(sql_metacharacters_are_plain_data)
{
    const std::string nasty = "x'); DROP TABLE posts; --\"%_\\";
    post p                  = make_post(nasty, at(1));
    p.title                 = nasty;
    FEDBLOG_OK(db().insert_post(p, std::nullopt, {}));
    FEDBLOG_OK(db().insert_post(make_post("x", at(2)), std::nullopt, {}));
    const auto found = FEDBLOG_OK(db().find_post(nasty));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->title == nasty);
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 2);
    BOOST_TEST(!FEDBLOG_OK(db().find_post("x%")).has_value()); // no LIKE semantics
}

//------------------------------------------------------------------------------
// Concurrency (through the interface: threads, and two store objects on one database)

BOOST_AUTO_TEST_CASE(concurrent_claimers_never_get_the_same_job)
{
    constexpr int job_count = 400;
    std::vector<std::string> inboxes;
    for (int i = 0; i < job_count; ++i)
        inboxes.push_back("https://h" + std::to_string(i) + ".example/inbox");
    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/a", at(0)), inboxes, false));

    // Half the threads go through a second store object, as another process would.
    auto other = open_another();
    std::mutex mutex;
    std::vector<std::int64_t> all_ids;
    std::atomic<int> failures{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t)
        workers.emplace_back([&, t] {
            store& s = (t % 2 == 0) ? db() : *other;
            for (;;)
            {
                auto batch = s.claim_jobs(at(1), 7, std::chrono::hours(1));
                if (!batch)
                {
                    ++failures;
                    return;
                }
                if (batch->empty())
                    return;
                std::lock_guard lock(mutex);
                for (const auto& j : *batch)
                    all_ids.push_back(j.id);
            }
        });
    for (auto& w : workers)
        w.join();

    BOOST_TEST(failures.load() == 0);
    BOOST_TEST(all_ids.size() == static_cast<std::size_t>(job_count));
    const std::set<std::int64_t> distinct(all_ids.begin(), all_ids.end());
    BOOST_TEST(distinct.size() == all_ids.size());
}

BOOST_AUTO_TEST_CASE(concurrent_writers_wait_instead_of_failing_busy)
{
    auto other = open_another();
    std::atomic<int> failures{0};
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t)
        writers.emplace_back([&, t] {
            store& s = (t % 2 == 0) ? db() : *other;
            for (int i = 0; i < 50; ++i)
            {
                const auto slug = "t" + std::to_string(t) + "-" + std::to_string(i);
                const auto act  = make_activity("https://blog.example/c/" + slug, at(i));
                if (!s.insert_post(make_post(slug, at(i)), act, {"https://a.example/inbox"}))
                    ++failures;
                if (!s.record_inbound("https://r.example/" + slug, at(i)))
                    ++failures;
            }
        });
    for (auto& w : writers)
        w.join();
    BOOST_TEST(failures.load() == 0);
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 200);
    BOOST_TEST(FEDBLOG_OK(db().count_jobs()).pending == 200);
}
