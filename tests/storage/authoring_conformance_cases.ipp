// SPDX-License-Identifier: AGPL-3.0-or-later
// Conformance cases for authoring_store (revisions, pins, hashtags, imports, media, settings)
// and the post fields it adds. Included per backend by store_conformance_test.cpp, like
// store_conformance_cases.ipp (same fixture members).
// No #pragma once: each inclusion defines the cases in a different suite.

//------------------------------------------------------------------------------
// Authoring

BOOST_AUTO_TEST_CASE(hashtags_pinned_and_import_key_round_trip)
{
    post p       = make_post("tagged", at(100));
    p.hashtags   = {"cats", "caf\xC3\xA9"};
    p.import_key = "wxr:42";
    p.pinned     = at(5); // ignored by insert_post
    FEDBLOG_OK(db().insert_post(p, std::nullopt, {}));
    const auto found = FEDBLOG_OK(db().find_post("tagged"));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST((std::set<std::string>(found->hashtags.begin(), found->hashtags.end()) ==
                std::set<std::string>{"cats", "caf\xC3\xA9"}));
    BOOST_TEST(found->import_key == "wxr:42");
    BOOST_TEST(!found->pinned.has_value());
    // A post without tags reads back with none.
    FEDBLOG_OK(db().insert_post(make_post("plain", at(101)), std::nullopt, {}));
    BOOST_TEST(FEDBLOG_OK(db().find_post("plain"))->hashtags.empty());
    BOOST_TEST(FEDBLOG_OK(db().find_post("plain"))->import_key.empty());
}

BOOST_AUTO_TEST_CASE(tag_listing_follows_inserts_updates_and_deletes)
{
    post a     = make_post("a", at(1));
    a.hashtags = {"cats"};
    post b     = make_post("b", at(2));
    b.hashtags = {"cats", "dogs"};
    post c     = make_post("c", at(3));
    c.hashtags = {"dogs"};
    for (const auto& p : {a, b, c})
        FEDBLOG_OK(db().insert_post(p, std::nullopt, {}));

    auto slugs = [&](std::string_view tag) {
        std::vector<std::string> out;
        for (const auto& p : FEDBLOG_OK(db().list_posts_tagged(tag, 0, 10)))
            out.push_back(p.slug);
        return out;
    };
    BOOST_TEST((slugs("cats") == std::vector<std::string>{"b", "a"}));
    BOOST_TEST(FEDBLOG_OK(db().count_posts_tagged("dogs")) == 2);
    BOOST_TEST(FEDBLOG_OK(db().count_posts_tagged("nothing")) == 0);
    BOOST_TEST(FEDBLOG_OK(db().list_posts_tagged("cats", 1, 10)).size() == 1u);

    // An update replaces the set; a delete removes the post from every listing.
    post edit     = make_post("b", at(2));
    edit.hashtags = {"birds"};
    edit.updated  = at(10);
    FEDBLOG_OK(db().update_post(edit, std::nullopt, {}));
    BOOST_TEST((slugs("cats") == std::vector<std::string>{"a"}));
    BOOST_TEST((slugs("birds") == std::vector<std::string>{"b"}));
    FEDBLOG_OK(db().delete_post("c", at(11), std::nullopt, {}));
    BOOST_TEST(slugs("dogs").empty());
    BOOST_TEST(FEDBLOG_OK(db().count_posts_tagged("dogs")) == 0);
}

BOOST_AUTO_TEST_CASE(each_update_keeps_the_previous_revision)
{
    FEDBLOG_OK(db().insert_post(make_post("essay", at(100)), std::nullopt, {}));
    BOOST_TEST(FEDBLOG_OK(db().list_revisions("essay")).empty());

    post v2         = make_post("essay", at(100));
    v2.content_html = "<p>second</p>";
    v2.updated      = at(200);
    FEDBLOG_OK(db().update_post(v2, std::nullopt, {}));
    post v3         = make_post("essay", at(100));
    v3.content_html = "<p>third</p>";
    v3.updated      = at(300);
    FEDBLOG_OK(db().update_post(v3, std::nullopt, {}));

    const auto revs = FEDBLOG_OK(db().list_revisions("essay"));
    BOOST_TEST_REQUIRE(revs.size() == 2u);
    BOOST_TEST(revs[0].content_html == "<p>Body of essay</p>");
    BOOST_TEST((revs[0].valid_from == at(100)));
    BOOST_TEST((revs[0].replaced == at(200)));
    BOOST_TEST(revs[1].content_html == "<p>second</p>");
    BOOST_TEST((revs[1].valid_from == at(200)));
    BOOST_TEST((revs[1].replaced == at(300)));
    BOOST_TEST(FEDBLOG_OK(db().find_post("essay"))->content_html == "<p>third</p>");
    // An update of a missing post keeps nothing.
    FEDBLOG_OK(db().update_post(make_post("missing", at(1)), std::nullopt, {}));
    BOOST_TEST(FEDBLOG_OK(db().list_revisions("missing")).empty());
}

BOOST_AUTO_TEST_CASE(pinning_changes_state_once_and_announces_only_changes)
{
    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", false),
                                 make_activity("https://blog.example/accept/a", at(1)),
                                 "https://one.example/users/a/inbox"));
    FEDBLOG_OK(db().insert_post(make_post("first", at(1)), std::nullopt, {}));
    FEDBLOG_OK(db().insert_post(make_post("second", at(2)), std::nullopt, {}));

    const auto add1 = make_activity("https://blog.example/add/1", at(10));
    const auto add2 = make_activity("https://blog.example/add/2", at(11));
    const auto add3 = make_activity("https://blog.example/add/3", at(12));
    BOOST_TEST(FEDBLOG_OK(db().set_pinned("first", at(10), add1)) == true);
    BOOST_TEST(FEDBLOG_OK(db().set_pinned("first", at(11), add2)) == false);
    BOOST_TEST(FEDBLOG_OK(db().set_pinned("second", at(12), add3)) == true);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(add1.id)).size() == 1u);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(add2.id)).empty());

    auto pinned = FEDBLOG_OK(db().list_pinned());
    BOOST_TEST_REQUIRE(pinned.size() == 2u);
    BOOST_TEST(pinned[0].slug == "second"); // most recently pinned first
    BOOST_TEST((pinned[1].pinned == std::optional<time_point>(at(10))));

    const auto remove = make_activity("https://blog.example/remove/1", at(20));
    BOOST_TEST(FEDBLOG_OK(db().set_pinned("second", std::nullopt, remove)) == true);
    BOOST_TEST(FEDBLOG_OK(db().set_pinned("second", std::nullopt, std::nullopt)) == false);
    BOOST_TEST(FEDBLOG_OK(db().set_pinned("missing", at(21), std::nullopt)) == false);
    FEDBLOG_OK(db().delete_post("first", at(22), std::nullopt, {}));
    BOOST_TEST(FEDBLOG_OK(db().list_pinned()).empty()); // deleted posts are not featured
}

BOOST_AUTO_TEST_CASE(import_is_all_or_nothing_and_idempotent)
{
    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", false),
                                 make_activity("https://blog.example/accept/a", at(1)),
                                 "https://one.example/users/a/inbox"));
    std::vector<post> batch;
    for (int i = 0; i < 3; ++i)
    {
        post p       = make_post("old-" + std::to_string(i), at(10 + i));
        p.import_key = "text:" + std::to_string(i);
        p.federated  = false;
        p.hashtags   = {"archive"};
        batch.push_back(p);
    }
    auto first = FEDBLOG_OK(db().import_posts(batch, {}));
    BOOST_TEST(first.imported == 3u);
    BOOST_TEST(first.skipped == 0u);
    BOOST_TEST(FEDBLOG_OK(db().count_posts_tagged("archive")) == 3);
    BOOST_TEST(FEDBLOG_OK(db().find_post("old-1"))->federated == false);
    // Nothing was queued: imports are not pushed to followers.
    BOOST_TEST(FEDBLOG_OK(db().count_jobs()).pending == 1); // the Accept only

    // The same batch again (even with other slugs) imports nothing.
    for (auto& p : batch)
        p.slug += "-again";
    auto second = FEDBLOG_OK(db().import_posts(batch, {}));
    BOOST_TEST(second.imported == 0u);
    BOOST_TEST(second.skipped == 3u);
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 3);

    // A slug clash anywhere in a batch stores none of it.
    std::vector<post> clash;
    post fresh       = make_post("fresh", at(50));
    fresh.import_key = "text:fresh";
    post taken       = make_post("old-0", at(51));
    taken.import_key = "text:taken";
    clash            = {fresh, taken};
    BOOST_TEST((error_of(db().import_posts(clash, {})) == error::conflict));
    BOOST_TEST(!FEDBLOG_OK(db().find_post("fresh")).has_value());

    // A missing or repeated key is the caller's error.
    post keyless = make_post("keyless", at(60));
    BOOST_TEST((error_of(db().import_posts({keyless}, {})) == error::invalid_argument));
    BOOST_TEST((error_of(db().import_posts({fresh, fresh}, {})) == error::invalid_argument));
}

BOOST_AUTO_TEST_CASE(media_and_settings_round_trip)
{
    media_file m;
    m.name       = "0123456789abcdef0123456789abcdef.png";
    m.media_type = "image/png";
    m.width      = 640;
    m.height     = 480;
    m.bytes      = 12345;
    m.created    = at(7);
    BOOST_TEST(FEDBLOG_OK(db().put_media(m)) == true);
    BOOST_TEST(FEDBLOG_OK(db().put_media(m)) == false);
    const auto found = FEDBLOG_OK(db().find_media(m.name));
    BOOST_TEST_REQUIRE(found.has_value());
    BOOST_TEST(found->width == 640);
    BOOST_TEST(found->height == 480);
    BOOST_TEST(found->bytes == 12345);
    BOOST_TEST(found->media_type == "image/png");
    BOOST_TEST(!FEDBLOG_OK(db().find_media("nope.png")).has_value());

    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", false),
                                 make_activity("https://blog.example/accept/a", at(1)),
                                 "https://one.example/users/a/inbox"));
    const auto update = make_activity("https://blog.example/users/author#update-1", at(8));
    FEDBLOG_OK(db().put_setting("avatar", "a.png", update));
    FEDBLOG_OK(db().put_setting("avatar", "b.png", std::nullopt));
    FEDBLOG_OK(db().put_setting("header", "h.png", std::nullopt));
    const auto settings = FEDBLOG_OK(db().list_settings());
    BOOST_TEST_REQUIRE(settings.size() == 2u);
    BOOST_TEST(settings[0].first == "avatar");
    BOOST_TEST(settings[0].second == "b.png");
    BOOST_TEST(settings[1].second == "h.png");
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity(update.id)).size() == 1u);
}
