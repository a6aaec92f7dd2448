// SPDX-License-Identifier: AGPL-3.0-or-later
// The fair claim's choice (per-host caps, round-robin order, early stop), without a database.

// Test that header file is self-contained.
#include "storage/claim_plan.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <vector>

using fedblog::storage::claim_plan;
using ids = std::vector<std::int64_t>;

BOOST_AUTO_TEST_SUITE(claim_plan_rules)

BOOST_AUTO_TEST_CASE(every_hosts_first_job_comes_before_any_hosts_second)
{
    claim_plan plan(10, 0, 0);
    plan.offer(1, "big");
    plan.offer(2, "big");
    plan.offer(3, "big");
    plan.offer(4, "small");
    plan.offer(5, "tiny");
    plan.offer(6, "small");
    BOOST_TEST(plan.chosen() == (ids{1, 4, 5, 2, 6, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_host_gets_at_most_per_host_jobs_counting_its_leased_ones)
{
    claim_plan plan(10, 2, 0);
    plan.leased("big");
    for (std::int64_t id = 1; id <= 4; ++id)
        plan.offer(id, "big");
    plan.offer(5, "small");
    plan.offer(6, "small");
    plan.offer(7, "small");
    BOOST_TEST(plan.chosen() == (ids{1, 5, 6}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_host_at_its_limit_already_gets_nothing)
{
    claim_plan plan(10, 2, 0);
    plan.leased("big");
    plan.leased("big");
    plan.offer(1, "big");
    BOOST_TEST(plan.chosen().empty());
}

BOOST_AUTO_TEST_CASE(an_open_breaker_gets_nothing_and_a_half_open_one_gets_one)
{
    claim_plan plan(10, 4, 5);
    plan.host_health("down", 7, true);
    plan.host_health("probing", 6, false);
    plan.host_health("wobbly", 4, false); // below the threshold: the usual limit
    for (std::int64_t id = 1; id <= 3; ++id)
    {
        plan.offer(id * 10 + 1, "down");
        plan.offer(id * 10 + 2, "probing");
        plan.offer(id * 10 + 3, "wobbly");
    }
    BOOST_TEST(plan.chosen() == (ids{12, 13, 23, 33}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_host_that_is_not_answering_gets_one_job_at_a_time)
{
    claim_plan plan(10, 4, 5);
    plan.unanswered("silent");  // one of its requests is in flight, unanswered
    plan.leased("silent");      // ...and that request's job is leased
    plan.unanswered("quiet");   // not answering, but nothing of it is leased here
    plan.unanswered("unknown"); // a host with no due job changes nothing
    for (std::int64_t id = 1; id <= 3; ++id)
    {
        plan.offer(id * 10 + 1, "silent");
        plan.offer(id * 10 + 2, "quiet");
        plan.offer(id * 10 + 3, "healthy");
    }
    BOOST_TEST(plan.chosen() == (ids{12, 13, 23, 33}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_per_host_limit_lifts_the_unanswered_cap_too)
{
    claim_plan plan(10, 0, 5);
    plan.unanswered("silent");
    plan.leased("silent");
    plan.offer(1, "silent");
    plan.offer(2, "silent");
    BOOST_TEST(plan.chosen() == (ids{1, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_per_host_limit_lifts_the_half_open_cap_but_not_an_open_breaker)
{
    claim_plan plan(10, 0, 5);
    plan.host_health("down", 7, true);
    plan.host_health("probing", 6, false);
    plan.leased("probing");
    plan.offer(1, "down");
    plan.offer(2, "probing");
    plan.offer(3, "probing");
    BOOST_TEST(plan.chosen() == (ids{2, 3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_batch_is_at_most_limit_jobs_oldest_of_each_rank_first)
{
    claim_plan plan(3, 4, 0);
    plan.offer(1, "a");
    plan.offer(2, "a");
    plan.offer(3, "b");
    BOOST_TEST(!plan.settled());
    plan.offer(4, "c");
    // Three hosts have a first job: a later job can only rank after them.
    BOOST_TEST(plan.settled());
    BOOST_TEST(plan.chosen() == (ids{1, 3, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(second_jobs_do_not_settle_the_plan)
{
    // Two hosts with many jobs and a limit of three: a third host's first job, however
    // late, must still be read, because it ranks before every second job.
    claim_plan plan(3, 0, 0);
    for (std::int64_t id = 1; id <= 20; ++id)
        plan.offer(id, id % 2 == 0 ? "a" : "b");
    BOOST_TEST(!plan.settled());
    plan.offer(21, "c");
    BOOST_TEST(plan.settled());
    BOOST_TEST(plan.chosen() == (ids{1, 2, 21}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_limit_of_zero_is_settled_at_once_and_chooses_nothing)
{
    claim_plan plan(0, 4, 0);
    BOOST_TEST(plan.settled());
    plan.offer(1, "a");
    BOOST_TEST(plan.chosen().empty());
}

BOOST_AUTO_TEST_CASE(skipped_hosts_do_not_settle_the_plan)
{
    claim_plan plan(1, 1, 0);
    plan.leased("busy");
    plan.host_health("down", 9, true);
    plan.offer(1, "busy");
    plan.offer(2, "down");
    BOOST_TEST(!plan.settled());
    plan.offer(3, "free");
    BOOST_TEST(plan.settled());
    BOOST_TEST(plan.chosen() == (ids{3}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
