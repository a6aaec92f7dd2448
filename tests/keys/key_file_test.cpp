// SPDX-License-Identifier: AGPL-3.0-or-later
// Key files: exclusive creation, exact modes whatever the umask, refusal of exposed keys.

// Test that header file is self-contained.
#include "keys/key_file.hpp"

#include "keys/deferred_key.hpp"
#include "keys/encoding.hpp"
#include "keys/error.hpp"
#include "tests/support/printing.hpp"
#include "tests/support/published_keys.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

using namespace fedblog::keys;
namespace fs        = std::filesystem;
namespace test_keys = fedblog::test_keys;

namespace {

/// A fresh directory under the system temp dir, removed with everything in it.
struct temp_dir
{
    fs::path path;

    temp_dir()
    {
        path = fs::temp_directory_path() / ("fedblog-keys-test-" + hex_encode(random_bytes(8)));
        fs::create_directory(path);
    }

    temp_dir(const temp_dir&)            = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    ~temp_dir()
    {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
};

/// Sets the process umask for the lifetime of the object.
struct scoped_umask
{
    mode_t previous;

    explicit scoped_umask(mode_t mask) : previous(::umask(mask)) {}

    scoped_umask(const scoped_umask&)            = delete;
    scoped_umask& operator=(const scoped_umask&) = delete;

    ~scoped_umask() { ::umask(previous); }
};

mode_t mode_of(const fs::path& p)
{
    struct stat st
    {};

    BOOST_TEST_REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

std::string read_text(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& p, std::string_view text, fs::perms perms)
{
    {
        std::ofstream out(p, std::ios::binary);
        out << text;
    }
    fs::permissions(p, perms);
}

private_key test_key()
{
    return private_key_from_pem(test_keys::rfc9421_ed25519_private_pem).value();
}

} // namespace

BOOST_AUTO_TEST_SUITE(key_file)

BOOST_AUTO_TEST_CASE(writes_private_key_0600_even_with_permissive_umask)
{
    temp_dir dir;
    scoped_umask const umask_guard(0);
    auto const path = dir.path / "actor.pem";
    BOOST_TEST_REQUIRE(write_private_key_file(path, test_key()).has_value());
    BOOST_TEST(mode_of(path) == 0600u);
    BOOST_TEST(read_text(path) == test_key().to_pem());
}

BOOST_AUTO_TEST_CASE(round_trips_a_private_key)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    BOOST_TEST_REQUIRE(write_private_key_file(path, test_key()).has_value());
    auto loaded = read_private_key_file(path);
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(loaded->public_part().to_pem() == test_keys::rfc9421_ed25519_public_pem);
}

BOOST_AUTO_TEST_CASE(never_overwrites_an_existing_file)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    write_text(path, "precious", fs::perms::owner_read | fs::perms::owner_write);
    BOOST_TEST(write_private_key_file(path, test_key()).error() == error::io_failed);
    BOOST_TEST(read_text(path) == "precious");
    BOOST_TEST(write_public_key_file(path, test_key().public_part()).error() == error::io_failed);
    BOOST_TEST(read_text(path) == "precious");
}

BOOST_AUTO_TEST_CASE(never_writes_through_a_symlink)
{
    temp_dir dir;
    auto const target = dir.path / "elsewhere.pem";
    auto const link   = dir.path / "actor.pem";
    fs::create_symlink(target, link); // dangling: O_EXCL must still refuse it
    BOOST_TEST(write_private_key_file(link, test_key()).error() == error::io_failed);
    BOOST_TEST(!fs::exists(target));
}

BOOST_AUTO_TEST_CASE(reports_unwritable_locations)
{
    temp_dir dir;
    BOOST_TEST(write_private_key_file(dir.path / "missing" / "actor.pem", test_key()).error() ==
               error::io_failed);
    BOOST_TEST(write_private_key_file(dir.path / "actor.pem", private_key{}).error() ==
               error::io_failed);
}

BOOST_AUTO_TEST_CASE(writes_public_key_0644_even_with_strict_umask)
{
    temp_dir dir;
    scoped_umask const umask_guard(077);
    auto const path = dir.path / "actor.pub";
    BOOST_TEST_REQUIRE(write_public_key_file(path, test_key().public_part()).has_value());
    BOOST_TEST(mode_of(path) == 0644u);
    BOOST_TEST(read_text(path) == test_keys::rfc9421_ed25519_public_pem);
}

BOOST_AUTO_TEST_CASE(refuses_private_key_readable_by_others)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    for (auto extra : {fs::perms::group_read, fs::perms::others_read, fs::perms::group_write,
                       fs::perms::others_exec})
    {
        fs::remove(path);
        write_text(path, test_keys::rfc9421_ed25519_private_pem,
                   fs::perms::owner_read | fs::perms::owner_write | extra);
        BOOST_TEST(read_private_key_file(path).error() == error::insecure_permissions);
    }
}

BOOST_AUTO_TEST_CASE(reads_a_private_key_through_a_symlink)
{
    temp_dir dir;
    auto const target = dir.path / "secret.pem";
    write_text(target, test_keys::rfc9421_ed25519_private_pem,
               fs::perms::owner_read | fs::perms::owner_write);
    fs::create_symlink(target, dir.path / "actor.pem");
    BOOST_TEST(read_private_key_file(dir.path / "actor.pem").has_value());
    // The check applies to the file reached, not to the link's own (always 0777) mode.
    fs::permissions(target, fs::perms::others_read, fs::perm_options::add);
    BOOST_TEST(read_private_key_file(dir.path / "actor.pem").error() ==
               error::insecure_permissions);
}

BOOST_AUTO_TEST_CASE(reports_missing_odd_and_garbage_files)
{
    temp_dir dir;
    BOOST_TEST(read_private_key_file(dir.path / "absent.pem").error() == error::io_failed);
    fs::create_directory(dir.path / "dir.pem");
    fs::permissions(dir.path / "dir.pem", fs::perms::owner_all);
    BOOST_TEST(read_private_key_file(dir.path / "dir.pem").error() == error::io_failed);

    write_text(dir.path / "garbage.pem", "not a key", fs::perms::owner_read);
    BOOST_TEST(read_private_key_file(dir.path / "garbage.pem").error() == error::bad_pem);

    write_text(dir.path / "huge.pem", std::string(2 * 1024 * 1024, 'A'), fs::perms::owner_read);
    BOOST_TEST(read_private_key_file(dir.path / "huge.pem").error() == error::io_failed);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(deferred_key)

BOOST_AUTO_TEST_CASE(reads_and_checks_the_file_now_and_decodes_at_first_use)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    write_text(path, test_keys::rfc9421_ed25519_private_pem,
               fs::perms::owner_read | fs::perms::owner_write);
    auto key =
        deferred_private_key::from_file(path, std::string(test_keys::rfc9421_ed25519_public_pem));
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(!key->decoded());
    // The text is kept: the file may go now.
    fs::remove(path);
    const deferred_private_key copy = *key;
    auto decoded                    = copy.get();
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(key->decoded()); // copies share one key
    BOOST_TEST(decoded->public_part().to_pem() == test_keys::rfc9421_ed25519_public_pem);
    BOOST_TEST(key->get()->native() == decoded->native()); // decoded once
}

BOOST_AUTO_TEST_CASE(threads_asking_at_once_get_one_key)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    write_text(path, test_keys::rfc9421_ed25519_private_pem, fs::perms::owner_read);
    auto key = deferred_private_key::from_file(path, {});
    BOOST_TEST_REQUIRE(key.has_value());
    std::vector<const void*> seen(8, nullptr);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < seen.size(); ++i)
        threads.emplace_back([&, i] {
            auto k  = key->get();
            seen[i] = k ? static_cast<const void*>(k->native()) : nullptr;
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(seen[0] != nullptr);
    for (const void* p : seen)
        BOOST_TEST(p == seen[0]);
}

BOOST_AUTO_TEST_CASE(refuses_an_exposed_or_unlabelled_file_at_once)
{
    temp_dir dir;
    write_text(dir.path / "open.pem", test_keys::rfc9421_ed25519_private_pem,
               fs::perms::owner_read | fs::perms::others_read);
    BOOST_TEST(deferred_private_key::from_file(dir.path / "open.pem", {}).error() ==
               error::insecure_permissions);
    write_text(dir.path / "public.pem", test_keys::rfc9421_ed25519_public_pem,
               fs::perms::owner_read);
    BOOST_TEST(deferred_private_key::from_file(dir.path / "public.pem", {}).error() ==
               error::bad_pem);
    BOOST_TEST(deferred_private_key::from_file(dir.path / "absent.pem", {}).error() ==
               error::io_failed);
}

BOOST_AUTO_TEST_CASE(a_key_that_does_not_match_its_public_half_is_refused_when_decoded)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    write_text(path, test_keys::rfc9421_ed25519_private_pem, fs::perms::owner_read);
    // Another key's public half, as a replaced key file without its .pub.pem would give.
    auto key = deferred_private_key::from_file(path, std::string(test_keys::cavage_public_pem));
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(key->get().error() == error::key_mismatch);
    BOOST_TEST(key->get().error() == error::key_mismatch); // the same answer ever after

    // Line ends and a trailing newline an editor added do not make a mismatch.
    std::string crlf;
    for (const char c : test_keys::rfc9421_ed25519_public_pem)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    auto same = deferred_private_key::from_file(path, crlf + "\r\n\n");
    BOOST_TEST_REQUIRE(same.has_value());
    BOOST_TEST(same->get().has_value());
}

BOOST_AUTO_TEST_CASE(a_garbled_key_fails_when_decoded_and_an_empty_one_always)
{
    temp_dir dir;
    auto const path = dir.path / "actor.pem";
    write_text(path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
               fs::perms::owner_read);
    auto key = deferred_private_key::from_file(path, {});
    BOOST_TEST_REQUIRE(key.has_value()); // only the label is looked at now
    BOOST_TEST(key->get().error() == error::bad_pem);
    BOOST_TEST(deferred_private_key().get().error() == error::bad_pem);
    BOOST_TEST(!deferred_private_key().decoded());
    BOOST_TEST(deferred_private_key(test_key()).decoded());
}

BOOST_AUTO_TEST_SUITE_END()
