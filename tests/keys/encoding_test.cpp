// SPDX-License-Identifier: AGPL-3.0-or-later
// Known answers and hostile inputs for keys/encoding.hpp.

// Test that header file is self-contained.
#include "keys/encoding.hpp"
#include "keys/error.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

using namespace fedblog::keys;
using namespace std::string_literals;

BOOST_AUTO_TEST_SUITE(encoding)

BOOST_AUTO_TEST_CASE(sha256_matches_fips_180_vectors)
{
    // FIPS 180-2 appendix B.1 ("abc") and the empty message.
    BOOST_TEST(hex_encode(sha256("abc")) ==
               "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    BOOST_TEST(hex_encode(sha256("")) ==
               "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    BOOST_TEST(sha256("x").size() == 32u);
}

BOOST_AUTO_TEST_CASE(sha512_matches_fips_180_vector)
{
    BOOST_TEST(hex_encode(sha512("abc")) ==
               "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
               "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    BOOST_TEST(sha512("").size() == 64u);
}

BOOST_AUTO_TEST_CASE(body_digests_match_the_http_signature_drafts)
{
    // The body of draft-cavage-12 Appendix C and RFC 9421 Appendix B.2 and the digests both
    // documents publish for it.
    std::string const body = R"({"hello": "world"})";
    BOOST_TEST(base64_encode(sha256(body)) == "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
    BOOST_TEST(
        base64_encode(sha512(body)) ==
        "WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==");
}

BOOST_AUTO_TEST_CASE(base64_encodes_rfc4648_vectors)
{
    // RFC 4648 section 10.
    BOOST_TEST(base64_encode("") == "");
    BOOST_TEST(base64_encode("f") == "Zg==");
    BOOST_TEST(base64_encode("fo") == "Zm8=");
    BOOST_TEST(base64_encode("foo") == "Zm9v");
    BOOST_TEST(base64_encode("foob") == "Zm9vYg==");
    BOOST_TEST(base64_encode("fooba") == "Zm9vYmE=");
    BOOST_TEST(base64_encode("foobar") == "Zm9vYmFy");
}

BOOST_AUTO_TEST_CASE(base64_decodes_rfc4648_vectors)
{
    for (const std::string plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"})
    {
        auto decoded = base64_decode(base64_encode(plain));
        BOOST_TEST_REQUIRE(decoded.has_value());
        BOOST_TEST(*decoded == plain);
    }
}

BOOST_AUTO_TEST_CASE(base64_round_trips_every_byte_value)
{
    std::string all;
    for (int i = 0; i < 256; ++i)
        all += static_cast<char>(i);
    for (std::size_t len = 0; len <= all.size(); len += 37)
    {
        auto decoded = base64_decode(base64_encode(all.substr(0, len)));
        BOOST_TEST_REQUIRE(decoded.has_value());
        BOOST_TEST(*decoded == all.substr(0, len));
    }
}

BOOST_AUTO_TEST_CASE(base64_accepts_missing_padding)
{
    // Some signers strip padding; the bytes are still unambiguous.
    BOOST_TEST(base64_decode("Zg").value() == "f");
    BOOST_TEST(base64_decode("Zm8").value() == "fo");
}

BOOST_AUTO_TEST_CASE(base64_refuses_hostile_input)
{
    for (const std::string& bad : {
             "Zg="s,            // padding present but incomplete
             "Zm9=="s,          // too much padding for the quantum
             "Z==="s,           // three pad characters
             "Z"s,              // a lone character cannot encode a byte
             "Zg==Zg=="s,       // padding in the middle
             "="s,              // padding only
             "Zm9v\n"s,         // whitespace is not accepted
             " Zm9v"s,          // leading space
             "Zm 9v"s,          // inner space
             "Zm9v\0"s,         // NUL byte
             "-_8"s,            // base64url alphabet
             "Zh=="s,           // non-zero unused bits (RFC 4648 section 3.5)
             "Zm9vYmE\xc3\xa9"s // non-ASCII
         })
    {
        auto decoded = base64_decode(bad);
        BOOST_TEST(!decoded.has_value(), "accepted: " << bad);
        if (!decoded)
            BOOST_TEST(decoded.error() == error::bad_base64);
    }
}

BOOST_AUTO_TEST_CASE(base64url_uses_url_alphabet_without_padding)
{
    BOOST_TEST(base64url_encode("\xfb\xff"s) == "-_8");
    BOOST_TEST(base64_encode("\xfb\xff"s) == "+/8=");
    BOOST_TEST(base64url_encode("f") == "Zg");
}

BOOST_AUTO_TEST_CASE(hex_is_lowercase)
{
    BOOST_TEST(hex_encode("\x00\x0f\xab\xff"s) == "000fabff");
    BOOST_TEST(hex_encode("") == "");
}

BOOST_AUTO_TEST_CASE(random_bytes_have_requested_length_and_differ)
{
    BOOST_TEST(random_bytes(0).empty());
    BOOST_TEST(random_bytes(32).size() == 32u);
    std::set<std::string> seen;
    for (int i = 0; i < 16; ++i)
        seen.insert(random_bytes(16));
    BOOST_TEST(seen.size() == 16u);
}

BOOST_AUTO_TEST_CASE(constant_time_equal_compares_bytes)
{
    BOOST_TEST(constant_time_equal("", ""));
    BOOST_TEST(constant_time_equal("abc", "abc"));
    BOOST_TEST(!constant_time_equal("abc", "abd"));
    BOOST_TEST(!constant_time_equal("abc", "ab"));
    BOOST_TEST(!constant_time_equal("a\0b"s, "a\0c"s));
}

BOOST_AUTO_TEST_SUITE_END()
