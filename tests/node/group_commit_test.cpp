// SPDX-License-Identifier: AGPL-3.0-or-later
// group_commit: calls that queue up together share a transaction, each keeps its own result.
#include "node/group_commit.hpp"

#include "storage/error.hpp"
#include "storage/open_store.hpp"
#include "tests/node/node_test_support.hpp"
#include "tests/support/pg_scratch_schema.hpp"

#include <boost/test/unit_test.hpp>

#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace fedblog::node {
namespace {

using namespace std::string_literals;

storage::time_point at(int seconds)
{
    return storage::time_point(std::chrono::seconds(1'700'000'000 + seconds));
}

std::unique_ptr<storage::store> open(const std::string& url)
{
    std::string why;
    auto opened = storage::open_store(url, why);
    BOOST_TEST_REQUIRE(opened.has_value(), "open_store: " << why);
    return std::move(*opened);
}

storage::reaction like(int actor, const std::string& id)
{
    storage::reaction r;
    r.post_slug   = "liked";
    r.actor_id    = "https://h" + std::to_string(actor) + ".example/users/a";
    r.actor_host  = "h" + std::to_string(actor) + ".example";
    r.kind        = "like";
    r.activity_id = id;
    r.created     = at(2);
    return r;
}

/** A one-thread database pool held busy until release(): the calls made meanwhile all
    queue up, so the groups they form are known exactly. */
struct held_pool
{
    asio::thread_pool pool{1};
    std::promise<void> gate;

    held_pool()
    {
        asio::post(pool, [opened = gate.get_future().share()] { opened.wait(); });
    }

    ~held_pool()
    {
        release();
        pool.join();
    }

    void release()
    {
        if (!released)
            gate.set_value();
        released = true;
    }

    bool released = false;
};

/// Spawns `call` (a coroutine lambda) on `io` for each index; the caller then runs `io`.
template <class Call>
void spawn_each(asio::io_context& io, int n, Call call)
{
    for (int i = 0; i < n; ++i)
        asio::co_spawn(
            io, [call, i]() -> asio::awaitable<void> { co_await call(i); }, asio::detached);
}

} // namespace

BOOST_AUTO_TEST_SUITE(group_commit_rules)

BOOST_AUTO_TEST_CASE(calls_that_queue_together_share_groups_and_keep_their_own_results)
{
    test::temp_dir dir;
    auto store = open(dir.sqlite_url());
    BOOST_TEST_REQUIRE(store
                           ->insert_post(
                               [] {
                                   storage::post p;
                                   p.slug         = "liked";
                                   p.title        = "Liked";
                                   p.content_html = "<p>x</p>";
                                   p.published    = at(1);
                                   return p;
                               }(),
                               std::nullopt, {})
                           .has_value());
    asio::io_context io;
    held_pool held;
    group_commit groups(held.pool, *store, 64);

    // 100 actors Like the post twice each, with distinct activity ids: in queue order, the
    // first of each pair is new and the second (a later call in the same group or a later
    // group) is not, which only holds if calls see the group's earlier writes.
    constexpr int n = 200;
    std::vector<std::optional<bool>> results(n);
    spawn_each(io, n, [&](int i) -> asio::awaitable<void> {
        auto r = co_await groups.run([&, i](storage::store& s) {
            return s.add_inbound_reaction(
                like(i % 100, "https://h.example/likes/" + std::to_string(i)));
        });
        if (r)
            results[static_cast<std::size_t>(i)] = *r;
    });
    io.poll(); // every coroutine has queued its call
    held.release();
    io.run(); // until the last caller was resumed

    const auto counts = groups.written();
    BOOST_TEST(counts.calls == std::size_t(n));
    BOOST_TEST(counts.groups == 4u); // 64 + 64 + 64 + 8
    for (int i = 0; i < n; ++i)
    {
        BOOST_TEST_REQUIRE(results[static_cast<std::size_t>(i)].has_value(), "call " << i);
        BOOST_TEST(*results[static_cast<std::size_t>(i)] == (i < 100), "call " << i);
    }
    auto reactions = store->count_reactions("liked");
    BOOST_TEST_REQUIRE(reactions.has_value());
    BOOST_TEST(reactions->likes == 100);
    BOOST_TEST(store->seen_inbound("https://h.example/likes/199").value());
}

BOOST_AUTO_TEST_CASE(a_call_that_throws_fails_alone)
{
    test::temp_dir dir;
    auto store = open(dir.sqlite_url());
    asio::io_context io;
    held_pool held;
    group_commit groups(held.pool, *store, 64);

    std::vector<std::string> outcome(3);
    spawn_each(io, 3, [&](int i) -> asio::awaitable<void> {
        try
        {
            auto r                               = co_await groups.run([&, i](storage::store& s) {
                if (i == 1)
                    throw std::runtime_error("thrown by call 1");
                return s.record_inbound("https://h.example/a/" + std::to_string(i), at(1));
            });
            outcome[static_cast<std::size_t>(i)] = r && *r ? "recorded" : "failed";
        }
        catch (const std::runtime_error& e)
        {
            outcome[static_cast<std::size_t>(i)] = e.what();
        }
    });
    io.poll();
    held.release();
    io.run();

    BOOST_TEST(groups.written().groups == 1u);
    BOOST_TEST(outcome[0] == "recorded");
    BOOST_TEST(outcome[1] == "thrown by call 1");
    BOOST_TEST(outcome[2] == "recorded");
    BOOST_TEST(store->seen_inbound("https://h.example/a/0").value());
    BOOST_TEST(store->seen_inbound("https://h.example/a/2").value());
}

BOOST_AUTO_TEST_CASE(a_lone_call_runs_at_once_on_its_own)
{
    test::temp_dir dir;
    auto store = open(dir.sqlite_url());
    asio::io_context io;
    asio::thread_pool pool(1);
    group_commit groups(pool, *store, 64);
    std::optional<bool> result;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            auto r = co_await groups.run([&](storage::store& s) {
                return s.record_inbound("https://h.example/alone", at(1));
            });
            if (r)
                result = *r;
        },
        asio::detached);
    io.run();
    pool.join();
    BOOST_TEST((result == std::optional<bool>(true)));
    BOOST_TEST(groups.written().groups == 1u);
    BOOST_TEST(groups.written().calls == 1u);
}

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES

// PostgreSQL cannot hold a NUL byte in text, so a lookup with one fails, which dooms the
// group's transaction: every call is then run again on its own, and each caller gets what
// it would have got alone. (On SQLite nothing inside a group can fail that way.)
BOOST_AUTO_TEST_CASE(a_group_that_cannot_commit_is_run_again_call_by_call,
                     *boost::unit_test::precondition(fedblog::test::pg_dsn_is_set))
{
    fedblog::test::pg_scratch_schema schema;
    auto store = open(schema.url());
    {
        asio::io_context io;
        held_pool held;
        group_commit groups(held.pool, *store, 64);

        std::vector<std::string> outcome(3);
        spawn_each(io, 3, [&](int i) -> asio::awaitable<void> {
            auto r = co_await groups.run([&, i](storage::store& s) -> storage::result<bool> {
                if (i == 1)
                {
                    auto found = s.find_post("nul\0slug"s);
                    if (!found)
                        return {boost::system::in_place_error, found.error()};
                    return false;
                }
                return s.record_inbound("https://h.example/b/" + std::to_string(i), at(1));
            });
            outcome[static_cast<std::size_t>(i)] =
                r ? (*r ? "recorded" : "not new") : r.error().message();
        });
        io.poll();
        held.release();
        io.run();

        BOOST_TEST(groups.written().groups == 1u);
        BOOST_TEST(outcome[0] == "recorded");
        BOOST_TEST(outcome[1] ==
                   storage::make_error_code(storage::error::invalid_argument).message());
        BOOST_TEST(outcome[2] == "recorded");
    }
    // What the callers were told was committed is there.
    BOOST_TEST(store->seen_inbound("https://h.example/b/0").value());
    BOOST_TEST(store->seen_inbound("https://h.example/b/2").value());
    store.reset(); // connections go before the schema is dropped
}

#endif

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::node
