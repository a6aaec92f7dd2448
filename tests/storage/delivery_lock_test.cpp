// SPDX-License-Identifier: AGPL-3.0-or-later
// The deliverers' lock: alone when no other process holds it, and alone again once the
// holder is killed with SIGKILL.

// Test that header file is self-contained.
// clang-format off
#include "storage/delivery_lock.hpp"
// clang-format on

#include "storage/error.hpp"
#include "tests/storage/store_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fedblog::storage::test {

namespace {

delivery_lock take_ok(const std::string& url)
{
    std::string why;
    auto lock = delivery_lock::take(url, why);
    BOOST_TEST_REQUIRE(lock.has_value(), why);
    return std::move(*lock);
}

/// Kills and reaps a forked child unless the test did: a failed check must not leave it
/// paused forever.
struct child_guard
{
    pid_t pid = -1;

    ~child_guard()
    {
        if (pid > 0)
        {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
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
    int ready[2];
    BOOST_TEST_REQUIRE(::pipe(ready) == 0);
    const pid_t child = ::fork();
    BOOST_TEST_REQUIRE(child >= 0);
    child_guard guard{child};
    if (child == 0)
    {
        // The child holds the mark as a running node does, then waits to be killed.
        std::string why;
        auto lock     = delivery_lock::take(url, why);
        const char ok = lock && lock->alone() ? '1' : '0';
        if (lock)
            lock->share();
        (void)::write(ready[1], &ok, 1);
        for (;;)
            ::pause();
    }
    ::close(ready[1]);
    char ok = 0;
    BOOST_TEST_REQUIRE(::read(ready[0], &ok, 1) == 1);
    ::close(ready[0]);
    BOOST_TEST(ok == '1');

    BOOST_TEST(!take_ok(url).alone()); // the child delivers

    ::kill(child, SIGKILL);
    int status = 0;
    BOOST_TEST_REQUIRE(::waitpid(child, &status, 0) == child);
    guard.pid = -1;
    BOOST_TEST(take_ok(url).alone()); // the kernel dropped the dead child's lock
}

BOOST_AUTO_TEST_CASE(postgresql_takes_no_lock_and_is_never_alone)
{
    auto lock = take_ok("postgresql://fedblog@127.0.0.1:1/fedblog");
    BOOST_TEST(!lock.alone());
    lock.share(); // nothing to share: a no-op
}

BOOST_AUTO_TEST_CASE(an_unwritable_directory_is_a_clear_error)
{
    std::string why;
    auto lock = delivery_lock::take("sqlite:/nonexistent-dir/fedblog.db", why);
    BOOST_TEST((error_of(lock) == error::unavailable));
    BOOST_TEST(why.find("/nonexistent-dir/fedblog.db-delivery.lock") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::storage::test
