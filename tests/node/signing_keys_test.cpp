// SPDX-License-Identifier: AGPL-3.0-or-later
// The node's signing keys: decoded at the first signature when their public halves can be
// trusted, at start when not.

// Test that header file is self-contained.
#include "node/signing_keys.hpp"

#include "keys/error.hpp"
#include "keys/key_file.hpp"
#include "tests/node/node_test_support.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using fedblog::node::load_signing_keys;
using fedblog::node::test::temp_dir;
namespace fs   = std::filesystem;
namespace keys = fedblog::keys;

namespace {

/// Writes NAME.pem and NAME.pub.pem as `init` does; returns the key.
keys::private_key write_pair(const fs::path& dir, const std::string& name)
{
    auto key = keys::generate_ed25519().value();
    BOOST_TEST_REQUIRE(keys::write_private_key_file(dir / (name + ".pem"), key).has_value());
    BOOST_TEST_REQUIRE(
        keys::write_public_key_file(dir / (name + ".pub.pem"), key.public_part()).has_value());
    return key;
}

std::string read_text(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Replaces `path` (a 0644 public key file) with `text`, dated `age` before its key.
void replace_public(const fs::path& path, const std::string& text, const fs::path& key,
                    std::chrono::seconds age)
{
    fs::remove(path);
    std::ofstream(path, std::ios::binary) << text;
    fs::last_write_time(path, fs::last_write_time(key) - age);
}

} // namespace

BOOST_AUTO_TEST_SUITE(signing_keys)

BOOST_AUTO_TEST_CASE(keys_as_init_writes_them_wait_for_the_first_signature)
{
    temp_dir dir;
    const auto author   = write_pair(dir.path(), "author");
    const auto instance = write_pair(dir.path(), "instance");
    auto loaded         = load_signing_keys(dir.path());
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(!loaded->author.key.decoded());
    BOOST_TEST(!loaded->instance.key.decoded());
    BOOST_TEST(loaded->author.public_pem == author.public_part().to_pem());
    BOOST_TEST(loaded->instance.public_pem == instance.public_part().to_pem());

    auto decoded = loaded->author.key.get();
    BOOST_TEST_REQUIRE(decoded.has_value());
    BOOST_TEST(decoded->public_part().to_pem() == author.public_part().to_pem());
    BOOST_TEST(!loaded->instance.key.decoded()); // each key on its own
}

BOOST_AUTO_TEST_CASE(a_public_file_older_than_its_key_or_missing_is_not_trusted)
{
    temp_dir dir;
    const auto author   = write_pair(dir.path(), "author");
    const auto instance = write_pair(dir.path(), "instance");
    // The author's key replaced by hand: its old public file (another key's) is older.
    const auto other = keys::generate_ed25519().value();
    replace_public(dir.path() / "author.pub.pem", other.public_part().to_pem(),
                   dir.path() / "author.pem", std::chrono::hours(1));
    fs::remove(dir.path() / "instance.pub.pem");

    auto loaded = load_signing_keys(dir.path());
    BOOST_TEST_REQUIRE(loaded.has_value());
    // Decoded now, and the public half taken from the key itself.
    BOOST_TEST(loaded->author.key.decoded());
    BOOST_TEST(loaded->author.public_pem == author.public_part().to_pem());
    BOOST_TEST(loaded->instance.key.decoded());
    BOOST_TEST(loaded->instance.public_pem == instance.public_part().to_pem());
    BOOST_TEST(loaded->author.key.get().has_value());
}

BOOST_AUTO_TEST_CASE(a_newer_public_file_of_another_key_fails_the_first_signature)
{
    temp_dir dir;
    write_pair(dir.path(), "author");
    write_pair(dir.path(), "instance");
    const auto other = keys::generate_ed25519().value();
    replace_public(dir.path() / "author.pub.pem", other.public_part().to_pem(),
                   dir.path() / "author.pem", std::chrono::seconds(-60));

    auto loaded = load_signing_keys(dir.path());
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(loaded->author.public_pem == read_text(dir.path() / "author.pub.pem"));
    BOOST_TEST(loaded->author.key.get().error() == keys::error::key_mismatch);
    BOOST_TEST(loaded->instance.key.get().has_value());
}

BOOST_AUTO_TEST_CASE(an_exposed_or_missing_key_fails_the_start)
{
    temp_dir dir;
    write_pair(dir.path(), "author");
    write_pair(dir.path(), "instance");
    fs::permissions(dir.path() / "instance.pem", fs::perms::others_read, fs::perm_options::add);
    BOOST_TEST(load_signing_keys(dir.path()).error() == keys::error::insecure_permissions);
    fs::remove(dir.path() / "instance.pem");
    BOOST_TEST(load_signing_keys(dir.path()).error() == keys::error::io_failed);
}

BOOST_AUTO_TEST_CASE(a_public_file_that_is_no_public_key_is_not_trusted)
{
    temp_dir dir;
    const auto author = write_pair(dir.path(), "author");
    write_pair(dir.path(), "instance");
    replace_public(dir.path() / "author.pub.pem", "not a key\n", dir.path() / "author.pem",
                   std::chrono::seconds(-60));
    auto loaded = load_signing_keys(dir.path());
    BOOST_TEST_REQUIRE(loaded.has_value());
    BOOST_TEST(loaded->author.key.decoded());
    BOOST_TEST(loaded->author.public_pem == author.public_part().to_pem());
}

BOOST_AUTO_TEST_SUITE_END()
