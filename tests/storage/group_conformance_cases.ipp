// SPDX-License-Identifier: AGPL-3.0-or-later
// Conformance cases for store::grouped() (group commit), per backend; see
// store_conformance_cases.ipp for the fixture this is included into.
// No #pragma once: each inclusion defines the cases in a different suite.

//------------------------------------------------------------------------------
// Group commit

namespace group_cases {

inline reaction make_like(std::string actor, std::string id)
{
    reaction r;
    r.post_slug   = "liked";
    r.actor_id    = "https://" + actor + ".example/users/" + actor;
    r.actor_host  = actor + ".example";
    r.kind        = "like";
    r.activity_id = std::move(id);
    r.created     = at(5);
    return r;
}

} // namespace group_cases

BOOST_AUTO_TEST_CASE(a_group_commits_its_writes_together_and_reads_see_them_first)
{
    FEDBLOG_OK(db().insert_post(make_post("liked", at(1)), std::nullopt, {}));
    auto other = open_another();
    bool inside_checked = false;
    FEDBLOG_OK(db().grouped([&] {
        BOOST_TEST(FEDBLOG_OK(db().add_inbound_reaction(group_cases::make_like("a", "like/1"))));
        BOOST_TEST(FEDBLOG_OK(db().add_inbound_reaction(group_cases::make_like("b", "like/2"))));
        // The group's own reads see its writes; the same Like again is not new.
        BOOST_TEST(!FEDBLOG_OK(db().add_inbound_reaction(group_cases::make_like("a", "like/1"))));
        BOOST_TEST(FEDBLOG_OK(db().seen_inbound("like/2")));
        BOOST_TEST(FEDBLOG_OK(db().count_reactions("liked")).likes == 2);
        // Another connection sees nothing before the commit.
        BOOST_TEST(FEDBLOG_OK(other->count_reactions("liked")).likes == 0);
        BOOST_TEST(!FEDBLOG_OK(other->seen_inbound("like/1")));
        inside_checked = true;
    }));
    BOOST_TEST(inside_checked);
    BOOST_TEST(FEDBLOG_OK(other->count_reactions("liked")).likes == 2);
    BOOST_TEST(FEDBLOG_OK(other->seen_inbound("like/1")));
    BOOST_TEST(FEDBLOG_OK(other->seen_inbound("like/2")));
}

BOOST_AUTO_TEST_CASE(a_failing_write_in_a_group_is_undone_alone)
{
    FEDBLOG_OK(db().add_follower(make_follower("f", "one.example", false),
                                 make_activity("https://blog.example/accept/1", at(1)),
                                 "https://one.example/users/f/inbox"));
    FEDBLOG_OK(db().grouped([&] {
        FEDBLOG_OK(db().insert_post(make_post("first", at(10)), std::nullopt, {}));
        post again  = make_post("first", at(20));
        again.title = "second";
        // A conflict that would have queued a delivery: neither the post nor its job stays.
        BOOST_TEST((error_of(db().insert_post(again,
                                              make_activity("https://blog.example/create/2", at(20)),
                                              {"https://extra.example/inbox"})) ==
                    error::conflict));
        FEDBLOG_OK(db().insert_post(make_post("third", at(30)), std::nullopt, {}));
    }));
    const auto first = FEDBLOG_OK(db().find_post("first"));
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(first->title == make_post("first", at(10)).title);
    BOOST_TEST(FEDBLOG_OK(db().find_post("third")).has_value());
    BOOST_TEST(FEDBLOG_OK(db().count_posts()) == 2);
    BOOST_TEST(FEDBLOG_OK(db().jobs_for_activity("https://blog.example/create/2")).empty());
}

BOOST_AUTO_TEST_CASE(a_group_inside_a_group_joins_it)
{
    auto other = open_another();
    FEDBLOG_OK(db().grouped([&] {
        FEDBLOG_OK(db().record_inbound("outer", at(1)));
        FEDBLOG_OK(db().grouped([&] { FEDBLOG_OK(db().record_inbound("inner", at(1))); }));
        // The inner group did not commit on its own.
        BOOST_TEST(!FEDBLOG_OK(other->seen_inbound("inner")));
    }));
    BOOST_TEST(FEDBLOG_OK(other->seen_inbound("outer")));
    BOOST_TEST(FEDBLOG_OK(other->seen_inbound("inner")));
}

BOOST_AUTO_TEST_CASE(an_exception_leaves_nothing_of_the_group)
{
    BOOST_CHECK_THROW(db().grouped([&] {
        FEDBLOG_OK(db().record_inbound("thrown/1", at(1)));
        throw std::runtime_error("caller failed");
    }),
                      std::runtime_error);
    BOOST_TEST(!FEDBLOG_OK(db().seen_inbound("thrown/1")));
    // The store, and its connection, work as before.
    BOOST_TEST(FEDBLOG_OK(db().record_inbound("after/1", at(2))));
    FEDBLOG_OK(db().grouped([&] { FEDBLOG_OK(db().record_inbound("after/2", at(2))); }));
    BOOST_TEST(FEDBLOG_OK(open_another()->seen_inbound("after/2")));
}

BOOST_AUTO_TEST_CASE(groups_on_two_threads_commit_independently)
{
    FEDBLOG_OK(db().insert_post(make_post("liked", at(1)), std::nullopt, {}));
    constexpr int per_thread = 40;
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < per_thread; i += 4)
            {
                auto four = [&] {
                    for (int k = i; k < i + 4; ++k)
                    {
                        const std::string n = "t" + std::to_string(t) + "n" + std::to_string(k);
                        (void)db().add_inbound_reaction(group_cases::make_like(n, "like/" + n));
                    }
                };
                // As the contract says: a group that could not commit (PostgreSQL's two
                // SERIALIZABLE groups may collide) is run again call by call.
                if (!db().grouped(four))
                    four();
            }
        });
    for (auto& th : threads)
        th.join();
    BOOST_TEST(FEDBLOG_OK(db().count_reactions("liked")).likes == 2 * per_thread);
}

BOOST_AUTO_TEST_CASE(a_failed_read_dooms_the_group_and_nothing_of_it_is_written)
{
    using namespace std::string_literals;
    if constexpr (keeps_nul_in_text)
    {
        // SQLite reads NUL bytes: nothing in a group fails on its own here. The doom path
        // is the same code on both backends.
        BOOST_TEST((FEDBLOG_OK(db().post_state_of("nul\0slug"s)) == post_state::missing));
        return;
    }
    auto done = db().grouped([&] {
        FEDBLOG_OK(db().record_inbound("doomed/1", at(1)));
        // The read an inbound Like makes in its group, with a slug PostgreSQL refuses.
        BOOST_TEST((error_of(db().post_state_of("nul\0slug"s)) == error::invalid_argument));
        // From here on every call fails fast: the caller will run them again on their own.
        BOOST_TEST((error_of(db().record_inbound("doomed/2", at(1))) == error::busy));
        BOOST_TEST((error_of(db().seen_inbound("doomed/1")) == error::busy));
    });
    BOOST_TEST((error_of(done) == error::invalid_argument));
    BOOST_TEST(!FEDBLOG_OK(db().seen_inbound("doomed/1")));
    BOOST_TEST(!FEDBLOG_OK(db().seen_inbound("doomed/2")));
}
