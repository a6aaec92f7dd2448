// SPDX-License-Identifier: AGPL-3.0-or-later
// Digest (RFC 3230, as Mastodon uses it) and Content-Digest (RFC 9530).

// Test that header file is self-contained.
#include "protocol/digest_header.hpp"
#include "protocol/error.hpp"
#include "tests/support/printing.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::protocol;
using namespace std::string_literals;

namespace {

// The body of draft-cavage-12 Appendix C and RFC 9421 Appendix B.2, with the digests both
// documents publish for it.
std::string const body       = R"({"hello": "world"})";
std::string const sha256_b64 = "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=";
std::string const sha512_b64 =
    "WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==";

boost::system::error_code digest_error(std::string_view value)
{
    auto r = verify_digest_header(value, body);
    return r ? boost::system::error_code{} : r.error();
}

boost::system::error_code content_digest_error(std::string_view value)
{
    auto r = verify_content_digest(value, body);
    return r ? boost::system::error_code{} : r.error();
}

} // namespace

BOOST_AUTO_TEST_SUITE(digest_header)

BOOST_AUTO_TEST_CASE(makes_digest_as_mastodon_sends_it)
{
    BOOST_TEST(make_digest_header(body) == "SHA-256=" + sha256_b64);
    BOOST_TEST(make_digest_header("") == "SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

BOOST_AUTO_TEST_CASE(makes_content_digest_as_an_sf_dictionary)
{
    BOOST_TEST(make_content_digest(body) == "sha-256=:" + sha256_b64 + ":");
}

BOOST_AUTO_TEST_CASE(accepts_matching_digests_in_any_case_and_order)
{
    for (const std::string& ok : {
             "SHA-256=" + sha256_b64, "sha-256=" + sha256_b64, "Sha-256=" + sha256_b64,
             "SHA-512=" + sha512_b64, "SHA-256=" + sha256_b64 + ",SHA-512=" + sha512_b64,
             "SHA-512=" + sha512_b64 + ", SHA-256=" + sha256_b64,
             " SHA-256 = " + sha256_b64 + " ",                      // OWS around the parts
             "MD5=Sd/dVLAcvNLSq16eXua5uQ==, SHA-256=" + sha256_b64, // unknown ones are skipped
             "SHA-256=" + sha256_b64 + ",,", // empty list elements (RFC 9110 5.6.1)
             "SHA-256=" + sha256_b64.substr(0, sha256_b64.size() - 1), // unpadded base64
         })
        BOOST_TEST(!digest_error(ok), "refused: " << ok);
}

BOOST_AUTO_TEST_CASE(reports_mismatch)
{
    BOOST_TEST(digest_error("SHA-256=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=") ==
               error::digest_mismatch);
    // Every supported digest has to match, not just one of them.
    BOOST_TEST(digest_error("SHA-256=" + sha256_b64 + ",SHA-512=" + sha256_b64) ==
               error::digest_mismatch);
    BOOST_TEST(!verify_digest_header("SHA-256=" + sha256_b64, body + " ").has_value());
}

BOOST_AUTO_TEST_CASE(refuses_unusable_digest_headers)
{
    for (const std::string& bad : {
             ""s,
             " , "s,
             "SHA-256"s,                      // no '='
             "SHA-256=not base64!"s,          // not base64
             "MD5=Sd/dVLAcvNLSq16eXua5uQ=="s, // only algorithms we cannot check
             "SHA=abc"s,
             "SHA-256=" + sha256_b64 + "\0"s,
         })
    {
        auto const ec = digest_error(bad);
        BOOST_TEST(ec == error::digest_malformed, "for " << bad << ": " << ec.message());
    }
}

BOOST_AUTO_TEST_CASE(treats_an_empty_value_as_a_mismatch)
{
    BOOST_TEST(digest_error("SHA-256=") == error::digest_mismatch);
}

BOOST_AUTO_TEST_CASE(accepts_rfc9421_content_digest)
{
    // RFC 9421 Appendix B.2's test request carries this header.
    BOOST_TEST(!content_digest_error("sha-512=:" + sha512_b64 + ":"));
    BOOST_TEST(!content_digest_error("sha-256=:" + sha256_b64 + ":"));
    BOOST_TEST(!content_digest_error("sha-256=:" + sha256_b64 + ":, sha-512=:" + sha512_b64 + ":"));
    BOOST_TEST(!content_digest_error("unixsum=:AAAA:, sha-256=:" + sha256_b64 + ":"));
    BOOST_TEST(!content_digest_error("  sha-256=:" + sha256_b64 + ":;param=1  "));
}

BOOST_AUTO_TEST_CASE(reports_content_digest_mismatch)
{
    BOOST_TEST(content_digest_error("sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:") ==
               error::digest_mismatch);
    BOOST_TEST(content_digest_error("sha-256=:" + sha256_b64 + ":, sha-512=:" + sha256_b64 + ":") ==
               error::digest_mismatch);
}

BOOST_AUTO_TEST_CASE(refuses_content_digest_that_is_not_a_strict_dictionary)
{
    for (const std::string& bad : {
             ""s,
             "SHA-256=:" + sha256_b64 + ":",   // keys are lowercase in RFC 8941
             "sha-256=" + sha256_b64,          // a token, not a byte sequence
             "sha-256=\"" + sha256_b64 + "\"", // a string, not a byte sequence
             "sha-256=:" + sha256_b64,         // unterminated byte sequence
             "sha-256=:not base64!:"s,
             "sha-256=(:" + sha256_b64 + ":)",                             // inner list
             "sha-256=:" + sha256_b64 + ":, sha-256=:" + sha256_b64 + ":", // repeated key
             "sha-256=:" + sha256_b64 + ":,",                              // trailing comma
             "unixsum=:AAAA:"s,                                            // nothing we can check
             "sha-256=:" + sha256_b64 + ":\0"s,
             std::string(10000, ','),
         })
    {
        auto const ec = content_digest_error(bad);
        BOOST_TEST(ec == error::digest_malformed,
                   "for " << bad.substr(0, 80) << ": " << ec.message());
    }
}

BOOST_AUTO_TEST_SUITE_END()
