// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for API tokens: the "fbt_<id>_<secret>" format and what create_token stores.

// Test that header file is self-contained.
#include "node/auth.hpp"

#include "keys/encoding.hpp"
#include "storage/open_store.hpp"
#include "tests/node/node_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

using fedblog::node::create_token;
using fedblog::node::parse_token;
using fedblog::node::test::temp_dir;

BOOST_AUTO_TEST_SUITE(node_auth)

BOOST_AUTO_TEST_CASE(parses_well_formed_tokens)
{
    auto t = parse_token("fbt_42_c2VjcmV0");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->id == 42);
    BOOST_TEST(t->secret == "c2VjcmV0");

    // base64url secrets may contain '_' and '-': only the first '_' after the id separates.
    t = parse_token("fbt_7_ab_cd-ef_");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->id == 7);
    BOOST_TEST(t->secret == "ab_cd-ef_");

    // Large ids still fit an int64.
    t = parse_token("fbt_9223372036854775807_x");
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->id == 9223372036854775807LL);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_tokens)
{
    const std::string_view rows[] = {
        "",                          // empty
        "42_secret",                 // missing prefix
        "FBT_42_secret",             // prefix is case-sensitive
        " fbt_42_secret",            // leading space
        "fbt_",                      // prefix only
        "fbt_42",                    // no secret separator
        "fbt_42_",                   // empty secret
        "fbt__secret",               // empty id
        "fbt_abc_secret",            // non-numeric id
        "fbt_4a_secret",             // id with trailing garbage
        "fbt_+4_secret",             // sign
        "fbt_0_secret",              // zero id (ids start at 1)
        "fbt_-3_secret",             // negative id
        "fbt_99999999999999999999_x" // id overflows int64
    };
    for (const auto token : rows)
        BOOST_TEST(!parse_token(token).has_value(), '"' << token << '"');
}

BOOST_AUTO_TEST_CASE(refuses_overlong_tokens)
{
    // 200 bytes in all is the limit; real tokens are about 50.
    const std::string prefix = "fbt_1_";
    BOOST_TEST(parse_token(prefix + std::string(200 - prefix.size(), 'a')).has_value());
    BOOST_TEST(!parse_token(prefix + std::string(201 - prefix.size(), 'a')).has_value());
    BOOST_TEST(!parse_token(prefix + std::string(100000, 'a')).has_value());
}

BOOST_AUTO_TEST_CASE(created_token_stores_only_the_secret_hash)
{
    temp_dir dir;
    std::string why;
    auto store = fedblog::storage::open_store(dir.sqlite_url(), why);
    BOOST_TEST_REQUIRE(store.has_value(), why);

    const auto now   = fedblog::storage::time_point(std::chrono::seconds(1'700'000'000));
    const auto token = create_token(**store, "laptop", now);
    BOOST_TEST_REQUIRE(token.has_value());

    // The full token parses back; the secret is 32 random bytes in unpadded base64url.
    const auto parts = parse_token(*token);
    BOOST_TEST_REQUIRE(parts.has_value(), *token);
    BOOST_TEST(parts->secret.size() == 43u);
    BOOST_TEST(
        parts->secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789-_") == std::string::npos);
    BOOST_TEST(*token == "fbt_" + std::to_string(parts->id) + "_" + parts->secret);

    const auto row = (*store)->find_token(parts->id);
    BOOST_TEST_REQUIRE(row.has_value());
    BOOST_TEST_REQUIRE(row->has_value());
    const auto& stored = **row;
    BOOST_TEST(stored.id == parts->id);
    BOOST_TEST(stored.name == "laptop");
    BOOST_TEST((stored.created == now));
    BOOST_TEST(!stored.revoked);
    BOOST_TEST(!stored.last_used.has_value());
    // Only the hex SHA-256 of the secret, never the secret or the token.
    BOOST_TEST(stored.secret_hash ==
               fedblog::keys::hex_encode(fedblog::keys::sha256(parts->secret)));
    BOOST_TEST(stored.secret_hash.size() == 64u);
    BOOST_TEST(stored.secret_hash.find(parts->secret) == std::string::npos);
    BOOST_TEST(stored.name.find(parts->secret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(created_tokens_are_distinct)
{
    temp_dir dir;
    std::string why;
    auto store = fedblog::storage::open_store(dir.sqlite_url(), why);
    BOOST_TEST_REQUIRE(store.has_value(), why);

    const auto now = fedblog::storage::time_point(std::chrono::seconds(1'700'000'000));
    const auto a   = create_token(**store, "one", now);
    const auto b   = create_token(**store, "two", now);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(*a != *b);
    const auto pa = parse_token(*a);
    const auto pb = parse_token(*b);
    BOOST_TEST(pa->id != pb->id);
    BOOST_TEST(pa->secret != pb->secret);

    const auto all = (*store)->list_tokens();
    BOOST_TEST_REQUIRE(all.has_value());
    BOOST_TEST(all->size() == 2u);
    for (const auto& t : *all)
    {
        BOOST_TEST(t.secret_hash.find(pa->secret) == std::string::npos);
        BOOST_TEST(t.secret_hash.find(pb->secret) == std::string::npos);
    }
}

BOOST_AUTO_TEST_SUITE_END()
