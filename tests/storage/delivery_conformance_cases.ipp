// SPDX-License-Identifier: AGPL-3.0-or-later
// Conformance cases for the delivery engine's store contract: fair claims, batched outcomes,
// host health (breaker, unavailable, revival), expiry and the views behind `deliveries`.
//
// Included per backend by store_conformance_test.cpp, like store_conformance_cases.ipp
// (same fixture members). No #pragma once: each inclusion defines cases in another suite.

//------------------------------------------------------------------------------
// Fair claims

BOOST_AUTO_TEST_CASE(claim_batch_is_round_robin_over_hosts_and_shares_bodies)
{
    // A big host with five inboxes and two small ones: the batch starts with one job of
    // each host, so the big one cannot crowd the others out.
    const auto act = make_activity("https://blog.example/create/1", at(10));
    std::vector<std::string> inboxes;
    for (int i = 0; i < 5; ++i)
        inboxes.push_back("https://big.example/users/u" + std::to_string(i) + "/inbox");
    inboxes.push_back("https://small.example/inbox");
    inboxes.push_back("https://tiny.example/inbox");
    FEDBLOG_OK(db().enqueue(act, inboxes, false));

    claim_options o;
    o.now      = at(20);
    o.limit    = 4;
    o.lease    = std::chrono::seconds(60);
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 4u);
    std::set<std::string> first_three;
    for (std::size_t i = 0; i < 3; ++i)
        first_three.insert(batch.jobs[i].host);
    BOOST_TEST(first_three ==
               (std::set<std::string>{"big.example", "small.example", "tiny.example"}));
    BOOST_TEST(batch.jobs[3].host == "big.example");
    // Bodies are not copied per job; the activity comes once.
    BOOST_TEST_REQUIRE(batch.activities.size() == 1u);
    BOOST_TEST(batch.activities[0].id == act.id);
    BOOST_TEST(batch.activities[0].json == act.json);
    BOOST_TEST(batch.activities[0].signer == "author");
    for (const auto& j : batch.jobs)
    {
        BOOST_TEST(j.body.empty());
        BOOST_TEST((j.leased_until == std::optional<time_point>(at(80))));
    }
}

BOOST_AUTO_TEST_CASE(claim_batch_reaches_a_later_hosts_first_job_before_earlier_seconds)
{
    // Two busy hosts whose jobs are all due first, and a third host whose only job is due
    // later: with room for three, the third host's job ranks before the busy hosts' second
    // jobs, however far down the queue it is.
    const auto early = make_activity("https://blog.example/create/1", at(10));
    std::vector<std::string> inboxes;
    for (int i = 0; i < 30; ++i)
        inboxes.push_back("https://" + std::string(i % 2 == 0 ? "a" : "b") + ".example/users/u" +
                          std::to_string(i) + "/inbox");
    FEDBLOG_OK(db().enqueue(early, inboxes, false));
    const auto late = make_activity("https://blog.example/create/2", at(15));
    FEDBLOG_OK(db().enqueue(late, {"https://c.example/inbox"}, false));

    claim_options o;
    o.now      = at(20);
    o.limit    = 3;
    o.per_host = 4;
    o.lease    = std::chrono::seconds(60);
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 3u);
    std::set<std::string> hosts;
    for (const auto& j : batch.jobs)
        hosts.insert(j.host);
    BOOST_TEST(hosts == (std::set<std::string>{"a.example", "b.example", "c.example"}));
    BOOST_TEST(batch.jobs[2].host == "c.example"); // rank 0, due last
    BOOST_TEST(batch.activities.size() == 2u);

    // The next claim goes on with the busy hosts' older jobs, up to their limit.
    o.limit    = 100;
    auto again = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST(again.jobs.size() == 6u); // three more of a and of b each
}

BOOST_AUTO_TEST_CASE(claim_batch_walks_past_more_due_jobs_than_one_read_holds)
{
    // 1,300 jobs of one host due first (the claim reads due jobs a page at a time), then two
    // other hosts' jobs, due at the same instant as the last of them and later: the claim
    // must read on until it has them, and pick the same-instant one by id order.
    std::vector<std::string> inboxes;
    for (int i = 0; i < 1300; ++i)
        inboxes.push_back("https://busy.example/users/u" + std::to_string(i) + "/inbox");
    inboxes.push_back("https://same.example/inbox");
    FEDBLOG_OK(
        db().enqueue(make_activity("https://blog.example/create/1", at(10)), inboxes, false));
    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/create/2", at(15)),
                            {"https://late.example/inbox"}, false));

    claim_options o;
    o.now      = at(20);
    o.limit    = 3;
    o.per_host = 2;
    o.lease    = std::chrono::seconds(60);
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    std::multiset<std::string> hosts;
    for (const auto& j : batch.jobs)
        hosts.insert(j.host);
    BOOST_TEST(hosts ==
               (std::multiset<std::string>{"busy.example", "late.example", "same.example"}));
    BOOST_TEST(FEDBLOG_OK(db().delivery_stats(at(20))).leased == 3);
}

BOOST_AUTO_TEST_CASE(claim_batch_limits_leased_jobs_per_host)
{
    const auto act = make_activity("https://blog.example/create/1", at(10));
    std::vector<std::string> inboxes;
    for (int i = 0; i < 6; ++i)
        inboxes.push_back("https://big.example/users/u" + std::to_string(i) + "/inbox");
    inboxes.push_back("https://small.example/inbox");
    FEDBLOG_OK(db().enqueue(act, inboxes, false));

    claim_options o;
    o.now      = at(20);
    o.limit    = 100;
    o.per_host = 2;
    o.lease    = std::chrono::seconds(60);
    auto first = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST(first.jobs.size() == 3u); // two of big, one of small
    // Still leased: big.example is at its limit, however many jobs it has due.
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.empty());
    // One finishes: one more of big.example may go.
    for (const auto& j : first.jobs)
    {
        if (j.host == "big.example")
        {
            FEDBLOG_OK(db().mark_delivered(j.id, 202));
            break;
        }
    }
    auto second = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(second.jobs.size() == 1u);
    BOOST_TEST(second.jobs[0].host == "big.example");
    // An expired lease no longer counts (its worker died): big.example may have two again,
    // and small.example's job, whose lease ran out too, comes back.
    o.now = at(200);
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 3u);
}

BOOST_AUTO_TEST_CASE(claim_batch_skips_hosts_whose_breaker_is_open)
{
    const auto act = make_activity("https://blog.example/create/1", at(10));
    FEDBLOG_OK(
        db().enqueue(act, {"https://down.example/inbox", "https://up.example/inbox"}, false));
    // Five failures open the breaker of down.example for 30 s (default policy).
    host_policy policy;
    std::vector<job_outcome> failures;
    for (int i = 0; i < policy.breaker_threshold; ++i)
    {
        job_outcome f;
        f.job_id         = 999'000 + i; // no such job: only the host record changes
        f.host           = "down.example";
        f.inbox          = "https://down.example/inbox";
        f.kind           = outcome_kind::retry;
        f.attempt.at     = at(10);
        f.attempt.status = 503;
        f.attempt.error  = "status 503";
        failures.push_back(f);
    }
    auto effects = FEDBLOG_OK(db().record_outcomes(failures, policy));
    BOOST_TEST_REQUIRE(effects.hosts.size() == 1u);
    BOOST_TEST(effects.hosts[0].failures == 5);
    BOOST_TEST((effects.hosts[0].retry_at == std::optional<time_point>(at(40))));

    claim_options o;
    o.now                = at(20);
    o.limit              = 10;
    o.per_host           = 4;
    o.half_open_failures = policy.breaker_threshold;
    auto batch           = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 1u);
    BOOST_TEST(batch.jobs[0].host == "up.example");
    // The queue knows it is waiting on the host, and when it can go on.
    BOOST_TEST(FEDBLOG_OK(db().delivery_stats(at(20))).waiting_on_hosts == 1);
    FEDBLOG_OK(db().mark_delivered(batch.jobs[0].id, 202));
    BOOST_TEST((FEDBLOG_OK(db().next_due()) == std::optional<time_point>(at(40))));
    // Half-open after the breaker period: one probe at a time.
    o.now = at(40);
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 1u);
}

//------------------------------------------------------------------------------
// Outcomes

BOOST_AUTO_TEST_CASE(claims_and_outcomes_longer_than_one_statements_list_cover_every_job)
{
    // 600 jobs on 300 hosts: a claim leases them, and an outcome batch marks them and reads
    // its hosts, in chunks of at most 256; each job once, in the claim's round-robin order.
    constexpr int hosts = 300;
    const auto act      = make_activity("https://blog.example/create/big", at(0));
    std::vector<std::string> inboxes;
    for (int round = 0; round < 2; ++round)
        for (int h = 0; h < hosts; ++h)
            inboxes.push_back("https://h" + std::to_string(h) + ".example/users/u" +
                              std::to_string(round) + "/inbox");
    FEDBLOG_OK(db().enqueue(act, inboxes, false));

    // The last 20 hosts have failed before, so they have health records to read.
    std::vector<job_outcome> earlier;
    for (int h = hosts - 20; h < hosts; ++h)
    {
        job_outcome f;
        f.job_id         = 999'000 + h; // no such job: only the host record changes
        f.host           = "h" + std::to_string(h) + ".example";
        f.inbox          = "https://" + f.host + "/inbox";
        f.kind           = outcome_kind::retry;
        f.attempt.at     = at(1);
        f.attempt.status = 503;
        earlier.push_back(f);
    }
    FEDBLOG_OK(db().record_outcomes(earlier, host_policy{}));

    claim_options o;
    o.now      = at(2);
    o.limit    = 600;
    o.lease    = std::chrono::seconds(60);
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 600u);
    std::set<std::int64_t> ids;
    std::set<std::string> first_round;
    for (std::size_t i = 0; i < batch.jobs.size(); ++i)
    {
        ids.insert(batch.jobs[i].id);
        if (i < static_cast<std::size_t>(hosts))
            first_round.insert(batch.jobs[i].host);
        BOOST_TEST((batch.jobs[i].leased_until == std::optional<time_point>(at(62))));
    }
    BOOST_TEST(ids.size() == 600u);
    BOOST_TEST(first_round.size() == static_cast<std::size_t>(hosts));

    std::vector<job_outcome> outcomes;
    for (const auto& j : batch.jobs)
    {
        job_outcome r;
        r.job_id           = j.id;
        r.inbox            = j.inbox;
        r.host             = j.host;
        r.kind             = outcome_kind::delivered;
        r.status           = j.id % 2 == 0 ? 202 : 200;
        r.attempt.at       = at(3);
        r.attempt.answered = true;
        outcomes.push_back(r);
    }
    auto effects = FEDBLOG_OK(db().record_outcomes(outcomes, host_policy{}));
    // Only the hosts with a record report it (healthy again); the others have none.
    BOOST_TEST(effects.hosts.size() == 20u);
    for (const auto& h : effects.hosts)
        BOOST_TEST(h.failures == 0);

    const auto jobs = FEDBLOG_OK(db().jobs_for_activity(act.id));
    BOOST_TEST_REQUIRE(jobs.size() == 600u);
    for (const auto& j : jobs)
    {
        BOOST_TEST((j.state == job_state::delivered));
        BOOST_TEST(j.last_status == (j.id % 2 == 0 ? 202 : 200));
        BOOST_TEST(j.attempts == 1);
        BOOST_TEST(!j.leased_until);
    }
}

BOOST_AUTO_TEST_CASE(record_outcomes_marks_jobs_and_tracks_host_health)
{
    const auto act = make_activity("https://blog.example/create/1", at(0));
    FEDBLOG_OK(db().enqueue(act,
                            {"https://ok.example/inbox", "https://flaky.example/inbox",
                             "https://refusing.example/inbox"},
                            false));
    claim_options o;
    o.now      = at(1);
    o.limit    = 10;
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 3u);
    std::vector<job_outcome> outcomes;
    for (const auto& j : batch.jobs)
    {
        job_outcome r;
        r.job_id     = j.id;
        r.inbox      = j.inbox;
        r.host       = j.host;
        r.attempt.at = at(2);
        if (j.host == "ok.example")
        {
            r.kind             = outcome_kind::delivered;
            r.status           = 202;
            r.attempt.answered = true;
        }
        else if (j.host == "flaky.example")
        {
            r.kind           = outcome_kind::retry;
            r.status         = 503;
            r.error          = "status 503";
            r.next_attempt   = at(60);
            r.attempt.status = 503;
            r.attempt.error  = "status 503";
        }
        else
        {
            r.kind             = outcome_kind::dead;
            r.status           = 403;
            r.error            = "status 403";
            r.attempt.answered = true; // a final answer is still an answer
        }
        outcomes.push_back(r);
    }
    auto effects = FEDBLOG_OK(db().record_outcomes(outcomes, host_policy{}));
    // Only the failing host gets a record.
    BOOST_TEST_REQUIRE(effects.hosts.size() == 1u);
    BOOST_TEST(effects.hosts[0].host == "flaky.example");
    BOOST_TEST(effects.hosts[0].failures == 1);
    BOOST_TEST((effects.hosts[0].failing_since == std::optional<time_point>(at(2))));
    BOOST_TEST(effects.hosts[0].last_status == 503);

    std::map<std::string, delivery_job> by_host;
    for (auto& j : FEDBLOG_OK(db().jobs_for_activity(act.id)))
        by_host[j.host] = j;
    BOOST_TEST((by_host["ok.example"].state == job_state::delivered));
    BOOST_TEST((by_host["flaky.example"].state == job_state::pending));
    BOOST_TEST((by_host["flaky.example"].next_attempt == at(60)));
    BOOST_TEST(!by_host["flaky.example"].leased_until.has_value());
    BOOST_TEST(by_host["flaky.example"].attempts == 1);
    BOOST_TEST((by_host["refusing.example"].state == job_state::dead));
    BOOST_TEST(by_host["refusing.example"].last_status == 403);

    const auto failing = FEDBLOG_OK(db().failing_hosts(10));
    BOOST_TEST_REQUIRE(failing.size() == 1u);
    BOOST_TEST(failing[0].host == "flaky.example");
}

BOOST_AUTO_TEST_CASE(gone_removes_the_follower_of_a_personal_inbox_only)
{
    FEDBLOG_OK(db().add_follower(make_follower("a", "one.example", false),
                                 make_activity("https://blog.example/accept/a", at(1)),
                                 "https://one.example/users/a/inbox"));
    FEDBLOG_OK(db().add_follower(make_follower("b", "two.example", true),
                                 make_activity("https://blog.example/accept/b", at(1)),
                                 "https://two.example/users/b/inbox"));
    const auto act = make_activity("https://blog.example/create/1", at(5));
    FEDBLOG_OK(db().enqueue(act, {}, true));
    claim_options o;
    o.now      = at(6);
    o.limit    = 10;
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    std::vector<job_outcome> outcomes;
    for (const auto& j : batch.jobs)
    {
        if (j.activity_id != act.id)
            continue;
        job_outcome r;
        r.job_id           = j.id;
        r.inbox            = j.inbox;
        r.host             = j.host;
        r.kind             = outcome_kind::gone;
        r.status           = 410;
        r.error            = "status 410";
        r.attempt.at       = at(7);
        r.attempt.answered = true;
        outcomes.push_back(r);
    }
    BOOST_TEST_REQUIRE(outcomes.size() == 2u); // a's personal inbox, b's shared inbox
    auto effects = FEDBLOG_OK(db().record_outcomes(outcomes, host_policy{}));
    BOOST_TEST(effects.followers_removed == 1u);
    BOOST_TEST(!FEDBLOG_OK(db().find_follower("https://one.example/users/a")).has_value());
    // A 410 from a shared inbox says nothing about each follower behind it.
    BOOST_TEST(FEDBLOG_OK(db().find_follower("https://two.example/users/b")).has_value());
    for (const auto& j : FEDBLOG_OK(db().jobs_for_activity(act.id)))
    {
        BOOST_TEST((j.state == job_state::dead));
        BOOST_TEST(j.last_status == 410);
    }
}

BOOST_AUTO_TEST_CASE(a_failing_host_that_answers_gets_its_waiting_jobs_at_once)
{
    const auto act = make_activity("https://blog.example/create/1", at(0));
    FEDBLOG_OK(db().enqueue(
        act, {"https://back.example/users/a/inbox", "https://back.example/users/b/inbox"}, false));
    claim_options o;
    o.now      = at(1);
    o.limit    = 10;
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 2u);
    // Both fail: they wait an hour.
    std::vector<job_outcome> failed;
    for (const auto& j : batch.jobs)
    {
        job_outcome r;
        r.job_id       = j.id;
        r.inbox        = j.inbox;
        r.host         = j.host;
        r.kind         = outcome_kind::retry;
        r.next_attempt = at(3600);
        r.attempt.at   = at(2);
        failed.push_back(r);
    }
    FEDBLOG_OK(db().record_outcomes(failed, host_policy{}));
    o.now = at(100);
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.empty());

    // The host sent us something that verified: it is back, its jobs are due now.
    BOOST_TEST(FEDBLOG_OK(db().revive_host("back.example", at(100))));
    BOOST_TEST(FEDBLOG_OK(db().failing_hosts(10)).empty());
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 2u);
    // Reviving a healthy host changes nothing.
    BOOST_TEST(!FEDBLOG_OK(db().revive_host("back.example", at(101))));
    BOOST_TEST(!FEDBLOG_OK(db().revive_host("never-seen.example", at(101))));
}

BOOST_AUTO_TEST_CASE(a_host_failing_for_days_becomes_unavailable_until_it_answers)
{
    const auto act = make_activity("https://blog.example/create/1", at(0));
    FEDBLOG_OK(db().enqueue(act, {"https://dead.example/inbox"}, false));
    host_policy policy;
    const auto day = std::chrono::hours(24);
    auto fail_at   = [&](time_point when) {
        job_outcome r;
        r.job_id        = 999'999; // host record only
        r.host          = "dead.example";
        r.inbox         = "https://dead.example/inbox";
        r.kind          = outcome_kind::retry;
        r.attempt.at    = when;
        r.attempt.error = "connection refused";
        return FEDBLOG_OK(db().record_outcomes({r}, policy)).hosts.at(0);
    };
    auto h = fail_at(at(0));
    BOOST_TEST(!h.unavailable_since.has_value());
    h = fail_at(at(0) + 2 * day);
    BOOST_TEST(!h.unavailable_since.has_value());
    h = fail_at(at(0) + 3 * day);
    BOOST_TEST_REQUIRE(h.unavailable_since.has_value());
    BOOST_TEST((*h.unavailable_since == at(0) + 3 * day));
    // Probed once a day from now on.
    BOOST_TEST((h.retry_at == std::optional<time_point>(at(0) + 4 * day)));
    BOOST_TEST(FEDBLOG_OK(db().delivery_stats(at(0) + 3 * day)).unavailable_hosts == 1);

    // It answers: healthy again, all marks gone.
    job_outcome ok;
    ok.job_id           = 999'999;
    ok.host             = "dead.example";
    ok.inbox            = "https://dead.example/inbox";
    ok.kind             = outcome_kind::delivered;
    ok.attempt.at       = at(0) + 4 * day;
    ok.attempt.answered = true;
    h                   = FEDBLOG_OK(db().record_outcomes({ok}, policy)).hosts.at(0);
    BOOST_TEST(h.failures == 0);
    BOOST_TEST(!h.unavailable_since.has_value());
    BOOST_TEST(!h.retry_at.has_value());
    BOOST_TEST(FEDBLOG_OK(db().delivery_stats(at(0) + 4 * day)).unavailable_hosts == 0);
}

BOOST_AUTO_TEST_CASE(retry_after_holds_the_host)
{
    job_outcome r;
    r.job_id              = 999'999;
    r.host                = "busy.example";
    r.inbox               = "https://busy.example/inbox";
    r.kind                = outcome_kind::retry;
    r.attempt.at          = at(10);
    r.attempt.status      = 429;
    r.attempt.retry_after = at(10 + 3600);
    const auto h          = FEDBLOG_OK(db().record_outcomes({r}, host_policy{})).hosts.at(0);
    BOOST_TEST((h.retry_at == std::optional<time_point>(at(3610))));
}

BOOST_AUTO_TEST_CASE(release_jobs_makes_leased_jobs_claimable_again)
{
    const auto act = make_activity("https://blog.example/create/1", at(0));
    FEDBLOG_OK(db().enqueue(act, {"https://a.example/inbox", "https://b.example/inbox"}, false));
    claim_options o;
    o.now      = at(1);
    o.limit    = 10;
    o.lease    = std::chrono::hours(1);
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 2u);
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.empty());
    FEDBLOG_OK(db().release_jobs({batch.jobs[0].id}));
    auto again = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(again.jobs.size() == 1u);
    BOOST_TEST(again.jobs[0].id == batch.jobs[0].id);
    BOOST_TEST(again.jobs[0].attempts == 0);
}

BOOST_AUTO_TEST_CASE(release_all_leases_frees_every_leased_pending_job_and_only_those)
{
    const auto act = make_activity("https://blog.example/create/1", at(0));
    FEDBLOG_OK(db().enqueue(
        act, {"https://a.example/inbox", "https://b.example/inbox", "https://c.example/inbox"},
        false));
    claim_options o;
    o.now      = at(1);
    o.limit    = 2;
    o.lease    = std::chrono::hours(1);
    auto batch = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST_REQUIRE(batch.jobs.size() == 2u);
    // One of the leased jobs is delivered meanwhile: it has no lease left to clear.
    FEDBLOG_OK(db().mark_delivered(batch.jobs[0].id, 202));

    BOOST_TEST(FEDBLOG_OK(db().release_all_leases()) == 1u);
    o.limit    = 10;
    auto again = FEDBLOG_OK(db().claim_batch(o));
    BOOST_TEST(again.jobs.size() == 2u); // the released one and the never-claimed one
    BOOST_TEST(FEDBLOG_OK(db().release_all_leases()) == 2u);
    BOOST_TEST(FEDBLOG_OK(db().release_all_leases()) == 0u);
    const auto counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.delivered == 1);
    BOOST_TEST(counts.pending == 2);
}

BOOST_AUTO_TEST_CASE(lease_owners_lists_running_owners_and_release_leases_of_frees_one_owner)
{
    const auto act = make_activity("https://blog.example/create/1", at(0));
    FEDBLOG_OK(db().enqueue(act,
                            {"https://a.example/inbox", "https://b.example/inbox",
                             "https://c.example/inbox", "https://d.example/inbox"},
                            false));
    claim_options o;
    o.now   = at(1);
    o.lease = std::chrono::hours(1);
    o.limit = 2;
    o.owner = 41;
    BOOST_TEST_REQUIRE(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 2u);
    o.limit = 1;
    o.owner = 42;
    BOOST_TEST_REQUIRE(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 1u);
    o.owner = 0; // names no owner: never listed, never released by owner
    BOOST_TEST_REQUIRE(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 1u);

    auto owners = FEDBLOG_OK(db().lease_owners(at(2)));
    std::sort(owners.begin(), owners.end());
    BOOST_TEST(owners == (std::vector<std::int64_t>{41, 42}), boost::test_tools::per_element());
    // Leases that have ended name no running owner.
    BOOST_TEST(FEDBLOG_OK(db().lease_owners(at(1) + std::chrono::hours(2))).empty());

    BOOST_TEST(FEDBLOG_OK(db().release_leases_of(41)) == 2u);
    BOOST_TEST(FEDBLOG_OK(db().release_leases_of(41)) == 0u);
    BOOST_TEST(FEDBLOG_OK(db().lease_owners(at(2))) == (std::vector<std::int64_t>{42}),
               boost::test_tools::per_element());
    // Only owner 41's two jobs are claimable again.
    o.limit = 10;
    o.owner = 43;
    BOOST_TEST(FEDBLOG_OK(db().claim_batch(o)).jobs.size() == 2u);
    const auto counts = FEDBLOG_OK(db().count_jobs());
    BOOST_TEST(counts.pending == 4);
}

//------------------------------------------------------------------------------
// Expiry and views

BOOST_AUTO_TEST_CASE(expire_jobs_ends_old_pending_jobs_with_a_reason)
{
    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/old", at(0)),
                            {"https://down.example/inbox", "https://slow.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(make_activity("https://blog.example/new", at(1000)),
                            {"https://down.example/inbox"}, false));
    job_outcome r;
    r.job_id        = 999'999;
    r.host          = "down.example";
    r.inbox         = "https://down.example/inbox";
    r.kind          = outcome_kind::retry;
    r.attempt.at    = at(5);
    r.attempt.error = "connection refused";
    FEDBLOG_OK(db().record_outcomes({r}, host_policy{}));

    BOOST_TEST(FEDBLOG_OK(db().expire_jobs(at(500), at(2000))) == 2u);
    std::map<std::string, delivery_job> by_host;
    for (auto& j : FEDBLOG_OK(db().jobs_for_activity("https://blog.example/old")))
        by_host[j.host] = j;
    BOOST_TEST((by_host["down.example"].state == job_state::dead));
    BOOST_TEST(by_host["down.example"].last_error == "expired: host failing: connection refused");
    BOOST_TEST(by_host["slow.example"].last_error == "expired");
    // The newer job stays.
    BOOST_TEST(FEDBLOG_OK(db().count_jobs()).pending == 1);
    const auto dead = FEDBLOG_OK(db().dead_jobs(10));
    BOOST_TEST(dead.size() == 2u);
}

BOOST_AUTO_TEST_CASE(delivery_stats_and_activities_for_object_describe_the_queue)
{
    auto create      = make_activity("https://blog.example/create/1", at(100));
    create.object_id = "https://blog.example/posts/hello";
    auto update      = make_activity("https://blog.example/update/1", at(200));
    update.object_id = "https://blog.example/posts/hello";
    auto other       = make_activity("https://blog.example/create/2", at(150));
    other.object_id  = "https://blog.example/posts/other";
    FEDBLOG_OK(db().enqueue(create, {"https://a.example/inbox", "https://b.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(update, {"https://a.example/inbox"}, false));
    FEDBLOG_OK(db().enqueue(other, {"https://a.example/inbox"}, false));

    const auto acts = FEDBLOG_OK(db().activities_for_object("https://blog.example/posts/hello"));
    BOOST_TEST_REQUIRE(acts.size() == 2u);
    BOOST_TEST(acts[0].id == create.id);
    BOOST_TEST(acts[1].id == update.id);
    BOOST_TEST(acts[0].json == create.json);

    claim_options o;
    o.now   = at(160);
    o.limit = 1;
    FEDBLOG_OK(db().claim_batch(o));
    const auto s = FEDBLOG_OK(db().delivery_stats(at(160)));
    BOOST_TEST(s.counts.pending == 4);
    BOOST_TEST(s.due == 3); // the update is due at 200
    BOOST_TEST(s.leased == 1);
    BOOST_TEST((s.oldest_pending == std::optional<time_point>(at(100))));
    BOOST_TEST((s.next_attempt == std::optional<time_point>(at(100))));
    BOOST_TEST(s.failing_hosts == 0);
}
