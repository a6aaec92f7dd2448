// SPDX-License-Identifier: AGPL-3.0-or-later
// The deliverers' lock: alone when no other process holds it, and alone again once the
// holder is killed with SIGKILL; on PostgreSQL, the leases of an owner killed with SIGKILL
// are released and a live one's are not.

// Test that header file is self-contained.
// clang-format off
#include "storage/delivery_lock.hpp"
// clang-format on

#include "storage/delivery_store.hpp"
#include "storage/error.hpp"
#include "storage/open_store.hpp"
#include "tests/storage/store_test_support.hpp"
#include "tests/support/pg_scratch_schema.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fedblog::storage::test {

namespace {

delivery_lock take_ok(const std::string& url)
{
    std::string why;
    auto lock = delivery_lock::take(url, why);
    BOOST_TEST_REQUIRE(lock.has_value(), why);
    return std::move(*lock);
}

/** A forked process that runs `work(report_and_wait)`: work sets up what a running node
    holds, then calls report_and_wait(number), which hands the number to the parent and waits,
    with work's locals still alive, to be killed (a work that returns reports 0). The parent
    gets the report at construction; kill9() kills and reaps the child, and the destructor does
    so unless the test did: a failed check must not leave it paused forever.
*/
class paused_child
{
public:
    template <class Work>
    explicit paused_child(Work work)
    {
        int ready[2];
        BOOST_TEST_REQUIRE(::pipe(ready) == 0);
        pid_ = ::fork();
        BOOST_TEST_REQUIRE(pid_ >= 0);
        if (pid_ == 0)
        {
            const int out        = ready[1];
            auto report_and_wait = [out](std::int64_t result) {
                (void)::write(out, &result, sizeof result);
                for (;;)
                    ::pause();
            };
            work(report_and_wait);
            report_and_wait(0);
        }
        ::close(ready[1]);
        const auto n = ::read(ready[0], &report_, sizeof report_);
        ::close(ready[0]);
        BOOST_TEST_REQUIRE(n == static_cast<ssize_t>(sizeof report_));
    }

    paused_child(const paused_child&)            = delete;
    paused_child& operator=(const paused_child&) = delete;

    ~paused_child()
    {
        if (pid_ > 0)
        {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }

    /// What `work` returned in the child.
    [[nodiscard]] std::int64_t report() const noexcept { return report_; }

    /// SIGKILL, as a crash would, and the child reaped.
    void kill9()
    {
        ::kill(pid_, SIGKILL);
        BOOST_TEST_REQUIRE(::waitpid(pid_, nullptr, 0) == pid_);
        pid_ = -1;
    }

private:
    pid_t pid_           = -1;
    std::int64_t report_ = 0;
};

} // namespace

BOOST_AUTO_TEST_SUITE(delivery_lock_rules)

BOOST_AUTO_TEST_CASE(the_first_deliverer_is_alone_and_a_second_is_not)
{
    temp_dir dir;
    const auto url = dir.sqlite_url();
    auto first     = take_ok(url);
    BOOST_TEST(first.alone());
    first.share();
    {
        auto second = take_ok(url); // a second open file: flock() sees it as another holder
        BOOST_TEST(!second.alone());
    }
    const auto file = dir.path() / "fedblog.db-delivery.lock";
    BOOST_TEST(std::filesystem::exists(file));

    struct stat st
    {};

    BOOST_TEST_REQUIRE(::stat(file.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
}

BOOST_AUTO_TEST_CASE(the_bare_path_form_locks_the_same_file)
{
    temp_dir dir;
    auto first = take_ok(dir.sqlite_url());
    first.share();
    BOOST_TEST(!take_ok((dir.path() / "fedblog.db").string()).alone());
}

BOOST_AUTO_TEST_CASE(a_deliverer_killed_with_sigkill_leaves_the_next_one_alone)
{
    temp_dir dir;
    const auto url = dir.sqlite_url();
    // The child holds the mark as a running node does, then waits to be killed.
    paused_child child([&](auto report_and_wait) {
        std::string why;
        auto lock     = delivery_lock::take(url, why);
        const bool ok = lock && lock->alone();
        if (lock)
            lock->share();
        report_and_wait(ok ? 1 : 0);
    });
    BOOST_TEST(child.report() == 1);

    BOOST_TEST(!take_ok(url).alone()); // the child delivers

    child.kill9();
    BOOST_TEST(take_ok(url).alone()); // the kernel dropped the dead child's lock
}

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES
BOOST_AUTO_TEST_CASE(a_postgresql_server_that_cannot_be_reached_is_a_clear_error)
{
    std::string why;
    auto lock = delivery_lock::take("postgresql://fedblog:s3cret@127.0.0.1:1/fedblog", why);
    BOOST_TEST((error_of(lock) == error::unavailable));
    BOOST_TEST(!why.empty());
    BOOST_TEST(why.find("s3cret") == std::string::npos, why);
}
#else
BOOST_AUTO_TEST_CASE(without_postgresql_a_postgresql_url_takes_no_lock)
{
    auto lock = take_ok("postgresql://fedblog@127.0.0.1:1/fedblog");
    BOOST_TEST(!lock.alone());
    BOOST_TEST(lock.owner() == 0);
}
#endif

BOOST_AUTO_TEST_CASE(sqlite_leases_name_no_owner_and_release_orphans_does_nothing)
{
    temp_dir dir;
    std::string why;
    auto store = open_store(dir.sqlite_url(), why);
    BOOST_TEST_REQUIRE(store.has_value(), why);
    FEDBLOG_OK((*store)->enqueue(make_activity("https://blog.example/create/1", at(0)),
                                 {"https://a.example/inbox"}, false));
    claim_options o;
    o.now   = at(1);
    o.limit = 1;
    o.lease = std::chrono::hours(1);
    BOOST_TEST_REQUIRE(FEDBLOG_OK((*store)->claim_batch(o)).jobs.size() == 1u);
    auto lock = take_ok(dir.sqlite_url());
    BOOST_TEST(lock.owner() == 0);
    BOOST_TEST(FEDBLOG_OK(lock.release_orphans(**store, at(2))) == 0u);
    BOOST_TEST(FEDBLOG_OK((*store)->lease_owners(at(2))).empty());
}

BOOST_AUTO_TEST_CASE(an_unwritable_directory_is_a_clear_error)
{
    std::string why;
    auto lock = delivery_lock::take("sqlite:/nonexistent-dir/fedblog.db", why);
    BOOST_TEST((error_of(lock) == error::unavailable));
    BOOST_TEST(why.find("/nonexistent-dir/fedblog.db-delivery.lock") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

#ifdef FEDBLOG_STORAGE_HAS_POSTGRES

BOOST_AUTO_TEST_SUITE(delivery_lock_postgresql,
                      *boost::unit_test::precondition(fedblog::test::pg_dsn_is_set))

BOOST_AUTO_TEST_CASE(a_live_owners_leases_stay_and_a_killed_ones_go_at_once)
{
    fedblog::test::pg_scratch_schema schema;
    const std::string url = schema.url();
    {
        std::string why;
        auto setup = open_store(url, why);
        BOOST_TEST_REQUIRE(setup.has_value(), why);
        FEDBLOG_OK((*setup)->enqueue(
            make_activity("https://blog.example/create/1", at(0)),
            {"https://a.example/inbox", "https://b.example/inbox", "https://c.example/inbox"},
            false));
    }
    // A delivering process: its own owner lock, two jobs leased under its number. It
    // reports its number (0 on a failure) and waits to be killed.
    paused_child child([&](auto report_and_wait) {
        std::string why;
        auto lock  = delivery_lock::take(url, why);
        auto store = open_store(url, why);
        if (!lock || !store)
            return;
        claim_options o;
        o.now      = at(1);
        o.limit    = 2;
        o.lease    = std::chrono::hours(1);
        o.owner    = lock->owner();
        auto batch = (*store)->claim_batch(o);
        report_and_wait(batch && batch->jobs.size() == 2 ? lock->owner() : 0);
    });
    const std::int64_t child_owner = child.report();
    BOOST_TEST_REQUIRE(child_owner != 0);

    std::string why;
    auto store = open_store(url, why);
    BOOST_TEST_REQUIRE(store.has_value(), why);
    auto survivor     = take_ok(url);
    const auto itself = survivor.owner();
    BOOST_TEST(!survivor.alone());
    BOOST_TEST(itself > 0);
    BOOST_TEST(survivor.owner() != child_owner);
    BOOST_TEST(FEDBLOG_OK((*store)->lease_owners(at(2))) ==
                   (std::vector<std::int64_t>{child_owner}),
               boost::test_tools::per_element());
    // The child lives: its leases stay.
    BOOST_TEST(FEDBLOG_OK(survivor.release_orphans(**store, at(2))) == 0u);

    child.kill9();
    // The server ends the dead session as soon as it reads the closed socket.
    std::size_t released = 0;
    const auto deadline  = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (released == 0 && std::chrono::steady_clock::now() < deadline)
    {
        released = FEDBLOG_OK(survivor.release_orphans(**store, at(2)));
        if (released == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_TEST(released == 2u);
    BOOST_TEST(FEDBLOG_OK((*store)->lease_owners(at(2))).empty());
    claim_options o;
    o.now   = at(2);
    o.limit = 10;
    o.lease = std::chrono::hours(1);
    o.owner = survivor.owner();
    BOOST_TEST(FEDBLOG_OK((*store)->claim_batch(o)).jobs.size() == 3u); // the two and the third
    // The survivor's own leases are never its orphans, and its session kept its number.
    BOOST_TEST(FEDBLOG_OK(survivor.release_orphans(**store, at(3))) == 0u);
    BOOST_TEST(survivor.owner() == itself);
    BOOST_TEST(FEDBLOG_OK((*store)->lease_owners(at(3))) ==
                   (std::vector<std::int64_t>{survivor.owner()}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_lost_session_is_renewed_under_a_new_owner_number)
{
    fedblog::test::pg_scratch_schema schema;
    std::string why;
    auto store = open_store(schema.url(), why);
    BOOST_TEST_REQUIRE(store.has_value(), why);
    auto lock         = take_ok(schema.url());
    const auto before = lock.owner();

    // The server ends the lock's session, as a restart or a cut connection would.
    auto admin = postgres::connection::open(fedblog::test::pg_dsn(), why);
    BOOST_TEST_REQUIRE(admin.has_value(), why);
    auto terminate = (*admin)->prepare(
        "SELECT count(pg_terminate_backend(pid)) FROM pg_locks WHERE locktype = 'advisory' "
        "AND classid = CAST(?1 AS oid) AND objid = CAST(?2 AS oid) AND objsubid = 2");
    BOOST_TEST_REQUIRE(terminate.has_value());
    auto row = (*terminate)->bind(1, std::int64_t{0x66626c67}).bind(2, before).step();
    BOOST_TEST_REQUIRE((row && *row));
    BOOST_TEST_REQUIRE((*terminate)->column_int64(0) == 1);

    // Other processes may already treat the old number as gone: the lock takes a new one.
    BOOST_TEST(FEDBLOG_OK(lock.release_orphans(**store, at(1))) == 0u);
    BOOST_TEST(lock.owner() > 0);
    BOOST_TEST(lock.owner() != before);
    const auto after = lock.owner();
    BOOST_TEST(FEDBLOG_OK(lock.release_orphans(**store, at(1))) == 0u);
    BOOST_TEST(lock.owner() == after); // held, so kept
}

BOOST_AUTO_TEST_CASE(two_processes_never_hold_one_owner_number)
{
    fedblog::test::pg_scratch_schema schema;
    std::vector<delivery_lock> locks;
    std::set<std::int64_t> owners;
    for (int i = 0; i < 8; ++i)
    {
        locks.push_back(take_ok(schema.url()));
        owners.insert(locks.back().owner());
    }
    BOOST_TEST(owners.size() == 8u);
    BOOST_TEST(*owners.begin() > 0);
}

BOOST_AUTO_TEST_SUITE_END()

#endif

} // namespace fedblog::storage::test
