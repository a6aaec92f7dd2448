// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP signatures: the published vectors of draft-cavage-12 and RFC 9421, the shapes Mastodon
// and Fedify send, and hostile headers (each refused with its specific error).

// Test that header file is self-contained.
#include "protocol/http_signature.hpp"

#include "keys/encoding.hpp"
#include "keys/error.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/error.hpp"
#include "tests/support/printing.hpp"
#include "tests/support/published_keys.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace fedblog::protocol;
using namespace std::chrono;
using namespace std::string_literals;
namespace keys      = fedblog::keys;
namespace test_keys = fedblog::test_keys;
using boost::system::error_code;

namespace {

/// An owned request; view() is what the verifier sees.
struct test_request
{
    std::string method = "POST";
    std::string target = "/users/alice/inbox";
    std::string scheme = "https";
    std::string authority;
    header_list headers;
    std::string body;

    request_view view() const { return {method, target, scheme, authority, &headers}; }

    /// Replaces every field called `name` (case-insensitively) by one with `value`.
    void set(const std::string& name, const std::string& value)
    {
        header_list rebuilt;
        for (const auto& [n, v] : headers.fields())
            if (n.size() != name.size() ||
                !std::equal(n.begin(), n.end(), name.begin(), [](char a, char b) {
                    return std::tolower(static_cast<unsigned char>(a)) ==
                           std::tolower(static_cast<unsigned char>(b));
                }))
                rebuilt.add(n, v);
        rebuilt.add(name, value);
        headers = std::move(rebuilt);
    }

    void remove(const std::string& name)
    {
        header_list rebuilt;
        for (const auto& [n, v] : headers.fields())
            if (n != name)
                rebuilt.add(n, v);
        headers = std::move(rebuilt);
    }
};

boost::system::result<pending_verification> prepare(const test_request& r, sys_seconds now)
{
    verify_options options;
    options.now  = now;
    options.body = r.body;
    return prepare_verification(r.view(), options);
}

error_code prepare_error(const test_request& r, sys_seconds now)
{
    auto p = prepare(r, now);
    return p ? error_code{} : p.error();
}

keys::private_key private_key(std::string_view pem)
{
    return keys::private_key_from_pem(pem).value();
}

keys::public_key public_key(std::string_view pem, int min_bits = 2048)
{
    return keys::public_key_from_pem(pem, min_bits).value();
}

// ---------------------------------------------------------------------------------------------
// draft-cavage-http-signatures-12 Appendix C: the test request and the published signatures.
// https://datatracker.ietf.org/doc/html/draft-cavage-http-signatures-12#appendix-C

sys_seconds const cavage_now = sys_days{2014y / January / 5} + 21h + 31min + 40s;

test_request cavage_request()
{
    test_request r;
    r.target = "/foo?param=value&pet=dog";
    r.headers.add("Host", "example.com");
    r.headers.add("Date", "Sun, 05 Jan 2014 21:31:40 GMT");
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Digest", "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=");
    r.headers.add("Content-Length", "18");
    r.body = R"({"hello": "world"})";
    return r;
}

std::string const cavage_c1_signature =
    "SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+FLEEaDV5lp7"
    "q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/5OxEPXe5WozsbM=";
std::string const cavage_c2_signature =
    "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3HMbe"
    "8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0=";
std::string const cavage_c3_signature =
    "vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52LaEU"
    "HFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE=";

std::string const cavage_c1_header =
    R"(keyId="Test",algorithm="rsa-sha256",signature=")" + cavage_c1_signature + '"';
// The draft writes C.2 with a space after the comma; kept, since parsers must accept OWS.
std::string const cavage_c2_header =
    R"(keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date", signature=")" +
    cavage_c2_signature + '"';
std::string const cavage_c3_header =
    R"(keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date content-type digest content-length",signature=")" +
    cavage_c3_signature + '"';

/// The Appendix C public key; RSA-1024, so loaded with the test-only lower minimum.
keys::public_key cavage_public_key()
{
    return public_key(test_keys::cavage_public_pem, 1024);
}

pending_verification manual_pending(std::string signing_string, std::string_view signature_b64)
{
    pending_verification p;
    p.key_id    = "Test";
    p.algorithm = keys::algorithm::rsa_v1_5_sha256;
    p.signing_strings.push_back(std::move(signing_string));
    p.signature = keys::base64_decode(signature_b64).value();
    return p;
}

// ---------------------------------------------------------------------------------------------
// Fediverse-shaped requests signed by us.

sys_seconds const now = sys_days{2026y / November / 25} + 18h + 14min + 24s;

std::string const activity =
    R"({"@context":"https://www.w3.org/ns/activitystreams","id":"https://mastodon.example/)"
    R"(users/bob#follows/1","type":"Follow","actor":"https://mastodon.example/users/bob",)"
    R"("object":"https://blog.example/users/alice"})";

std::string const mastodon_key_id = "https://mastodon.example/users/bob#main-key";

std::vector<std::string> const mastodon_44_headers = {"host", "date", "digest", "content-type",
                                                      "(request-target)"};
std::vector<std::string> const mastodon_43_headers = {"(request-target)", "host", "date", "digest",
                                                      "content-type"};

/// A delivery as Mastodon makes it: Host without port, Date, Digest, Content-Type; the server
/// itself listens on a non-default port.
test_request mastodon_post(sys_seconds signed_at = now)
{
    test_request r;
    r.authority = "blog.example:8443";
    r.headers.add("Host", "blog.example");
    r.headers.add("Date", format_http_date(signed_at));
    r.headers.add("Digest", make_digest_header(activity));
    r.headers.add("Content-Type", "application/activity+json");
    r.headers.add("User-Agent", "Mastodon/4.4.0 (http.rb/5.2.0; +https://mastodon.example/)");
    r.body = activity;
    return r;
}

void sign_cavage_into(test_request& r, const keys::private_key& key,
                      const std::vector<std::string>& covered,
                      std::optional<sys_seconds> created = std::nullopt,
                      std::string_view signed_target     = {})
{
    auto const target = signed_target.empty() ? std::string_view(r.target) : signed_target;
    auto value = sign_cavage(key, mastodon_key_id, r.method, target, r.headers, covered, created);
    BOOST_TEST_REQUIRE(value.has_value());
    r.headers.add("Signature", *value);
}

keys::private_key rsa_key()
{
    return private_key(test_keys::rfc9421_rsa_private_pem);
}

keys::private_key ed25519_key()
{
    return private_key(test_keys::rfc9421_ed25519_private_pem);
}

/// A correctly signed Mastodon 4.4 delivery, the base most hostile cases mutate.
test_request signed_mastodon_post()
{
    test_request r = mastodon_post();
    sign_cavage_into(r, rsa_key(), mastodon_44_headers);
    return r;
}

// ---------------------------------------------------------------------------------------------
// RFC 9421 Appendix B.2: the test request.
// https://www.rfc-editor.org/rfc/rfc9421#appendix-B.2 (text checked against the vendored copies
// in github.com/remitly-oss/httpsig-go testdata/, e.g. b26_request_signed.txt)

sys_seconds const rfc_created = sys_seconds{1618884473s};

std::string const rfc_content_digest =
    "sha-512=:WZDPaVn/"
    "7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:";

test_request rfc_request()
{
    test_request r;
    r.target = "/foo?param=Value&Pet=dog";
    r.headers.add("Host", "example.com");
    r.headers.add("Date", "Tue, 20 Apr 2021 02:07:55 GMT");
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Content-Digest", rfc_content_digest);
    r.headers.add("Content-Length", "18");
    r.body = R"({"hello": "world"})";
    return r;
}

/// RFC 9421 section 4.3: the request after the reverse proxy rewrote Host and added Forwarded.
test_request rfc_proxied_request()
{
    test_request r;
    r.target = "/foo?param=Value&Pet=dog";
    r.headers.add("Host", "origin.host.internal.example");
    r.headers.add("Date", "Tue, 20 Apr 2021 02:07:56 GMT");
    r.headers.add("Content-Type", "application/json");
    r.headers.add("Content-Length", "18");
    r.headers.add("Forwarded", "for=192.0.2.123;host=example.com;proto=https");
    r.headers.add("Content-Digest", rfc_content_digest);
    r.body = R"({"hello": "world"})";
    return r;
}

std::string const rfc_proxy_signature =
    "S6ZzPXSdAMOPjN/6KXfXWNO/f7V6cHm7BXYUh3YD/fRad4BCaRZxP+JH+8XY1I6+8Cy+CM5g92iHgxtRPz+MjniOaYmd"
    "kDcnL9cCpXJleXsOckpURl49GwiyUpZ10KHgOEe11sx3G2gxI8S0jnxQB+Pu68U9vVcasqOWAEObtNKKZd8tSFu7LB5Y"
    "Av0RAGhB8tmpv7sFnIm9y+7X5kXQfi8NMaZaA8i2ZHwpBdg7a6CMfwnnrtflzvZdXAsD3LH2TwevU+/PBPv0B6NMNk93"
    "wUs/vfJvye+YuI87HU38lZHowtznbLVdp770I6VHR6WfgS9ddzirrswsE1w5o0LV/g==";

std::string const rfc_proxy_input =
    R"(proxy_sig=("@method" "@authority" "@path" "content-digest" "content-type" "content-length" "forwarded");created=1618884480;keyid="test-key-rsa";alg="rsa-v1_5-sha256";expires=1618884540)";

/// A correctly signed RFC 9421 POST as Fedify sends one (the base of the hostile cases).
test_request signed_rfc9421_post(std::vector<std::string> components = {"@method", "@target-uri",
                                                                        "content-digest", "date"})
{
    test_request r;
    r.headers.add("Host", "blog.example");
    r.headers.add("Date", format_http_date(now));
    r.headers.add("Content-Type", "application/activity+json");
    r.headers.add("Content-Digest", make_content_digest(activity));
    r.body       = activity;
    auto signed_ = sign_rfc9421(rsa_key(), keys::algorithm::rsa_v1_5_sha256, mastodon_key_id,
                                r.view(), components, now);
    BOOST_TEST_REQUIRE(signed_.has_value());
    r.headers.add("Signature-Input", signed_->signature_input);
    r.headers.add("Signature", signed_->signature);
    return r;
}

/// `r` with its RFC 9421 headers replaced.
test_request with_rfc9421(test_request r, const std::string& input, const std::string& signature)
{
    r.set("Signature-Input", input);
    r.set("Signature", signature);
    return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(http_signature)

// ============================ draft-cavage: parsing ===========================================

BOOST_AUTO_TEST_CASE(parses_quoted_and_token_parameters_in_any_order)
{
    auto sig = parse_cavage_signature(
        R"(signature="aGVsbG8=" , headers="(request-target) Host DATE",created=1402170695, keyId="https://a.example/actor#main-key",algorithm=HS2019)");
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(sig->key_id == "https://a.example/actor#main-key");
    BOOST_TEST(sig->algorithm == "hs2019"); // lowercased
    BOOST_TEST(sig->headers == (std::vector<std::string>{"(request-target)", "host", "date"}),
               boost::test_tools::per_element());
    BOOST_TEST(sig->signature == "hello");
    BOOST_TEST_REQUIRE(sig->created.has_value());
    BOOST_TEST(*sig->created == 1402170695);
    BOOST_TEST(!sig->expires.has_value());
}

BOOST_AUTO_TEST_CASE(tolerates_stray_signature_prefix_and_whitespace)
{
    auto sig = parse_cavage_signature("Signature keyId = \"k\" ,\talgorithm=\"rsa-sha256\" , "
                                      "signature=\"aGVsbG8=\"  ");
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(sig->key_id == "k");
    // A parameter that happens to be named like the prefix still parses as a parameter.
    BOOST_TEST(parse_cavage_signature(R"(keyId="k",Signature = "aGVsbG8=")").has_value());
}

BOOST_AUTO_TEST_CASE(defaults_headers_by_algorithm)
{
    // draft-cavage-12 section 2.1.6 and Mastodon: "date" for rsa-sha256, "(created)" for hs2019.
    auto rsa = parse_cavage_signature(R"(keyId="k",algorithm="rsa-sha256",signature="aGVsbG8=")");
    BOOST_TEST_REQUIRE(rsa.has_value());
    BOOST_TEST(rsa->headers == std::vector<std::string>{"date"}, boost::test_tools::per_element());
    auto hs = parse_cavage_signature(R"(keyId="k",signature="aGVsbG8=")");
    BOOST_TEST_REQUIRE(hs.has_value());
    BOOST_TEST(hs->algorithm == "");
    BOOST_TEST(hs->headers == std::vector<std::string>{"(created)"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(unescapes_quoted_pairs_and_ignores_unknown_parameters)
{
    auto sig = parse_cavage_signature(R"(keyId="a\"b\\c",x-extra="whatever",signature="aGVsbG8=")");
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(sig->key_id == "a\"b\\c");
}

BOOST_AUTO_TEST_CASE(parse_refuses_hostile_signature_headers)
{
    std::string const huge_key(10000, 'k');
    std::string many_commas(10000, ',');
    for (const std::string& bad : {
             ""s,
             "   "s,
             "Signature "s,
             R"(algorithm="rsa-sha256",signature="aGVsbG8=")"s,         // no keyId
             R"(keyId="k",algorithm="rsa-sha256")"s,                    // no signature
             R"(keyId="",signature="aGVsbG8=")"s,                       // empty keyId
             R"(keyId="k",signature="")"s,                              // empty signature
             R"(keyId="k",signature="aGVsbG8=)"s,                       // unterminated quote
             R"(keyId="k,signature=aGVsbG8)"s,                          // unterminated quote
             R"(keyId="k",signature="aGVsbG8=\)"s,                      // dangling escape
             R"(keyId="k",keyId="j",signature="aGVsbG8=")"s,            // duplicate
             R"(keyId="k",keyid="j",signature="aGVsbG8=")"s,            // duplicate in another case
             R"(keyId="k",signature="aGVsbG8=",signature="aGVsbG8=")"s, // duplicate signature
             R"(keyId="k",signature="not base64!")"s,                   // non-base64
             R"(keyId="k",signature=aGVs/bG8=)"s,             // '/' and '=' are not token chars
             R"(keyId="k",signature="aGVsbG8=",)"s,           // trailing comma
             R"(,keyId="k",signature="aGVsbG8=")"s,           // leading comma
             R"(keyId="k" signature="aGVsbG8=")"s,            // missing comma
             R"(keyId="k",signature)"s,                       // parameter without value
             R"(keyId="k",="aGVsbG8=")"s,                     // value without name
             R"(keyId="k",signature="aGVsbG8=",headers="")"s, // explicit empty list
             R"(keyId="k",signature="aGVsbG8=",headers=" ")"s,
             R"(keyId="k",signature="aGVsbG8=",created="soon")"s, // non-numeric created
             R"(keyId="k",signature="aGVsbG8=",created=-5)"s,
             R"(keyId="k",signature="aGVsbG8=",created=1.5)"s, // created has no fraction
             R"(keyId="k",signature="aGVsbG8=",created=1234567890123456)"s, // would overflow
             R"(keyId="k",signature="aGVsbG8=",expires=1.)"s,
             "keyId=\"k\0\",signature=\"aGVsbG8=\""s,             // NUL inside quotes
             "keyId=\"k\",\0signature=\"aGVsbG8=\""s,             // NUL between params
             "keyId=\"k\x01\",signature=\"aGVsbG8=\""s,           // control character
             "keyId=\"k\\\x01\",signature=\"aGVsbG8=\""s,         // escaped control character
             "keyId=\"k\",signature=\"aGVs\x7F" "bG8=\""s,           // DEL inside a long run
             "keyId=\"" + huge_key + "\",signature=\"aGVsbG8=\"", // over the size cap
             many_commas,
             std::string(5000, ','), // under the size cap: the parser itself must refuse it
             "keyId=\"k\"" + std::string(5000, ',') + "signature=\"aGVsbG8=\"",
             "keyId=\"k\"" + many_commas + "signature=\"aGVsbG8=\"",
         })
    {
        auto sig = parse_cavage_signature(bad);
        BOOST_TEST(!sig.has_value(), "accepted: " << bad.substr(0, 100));
        if (!sig)
            BOOST_TEST(sig.error() == error::signature_malformed);
    }
}

BOOST_AUTO_TEST_CASE(parse_refuses_too_many_covered_headers)
{
    std::string list;
    for (int i = 0; i < 65; ++i)
        list += "date ";
    BOOST_TEST(parse_cavage_signature(R"(keyId="k",signature="aGVsbG8=",headers=")" + list + '"')
                   .error() == error::signature_malformed);
}

// ============================ draft-cavage: Appendix C vectors ================================

BOOST_AUTO_TEST_CASE(cavage_c1_default_test)
{
    test_request const r = cavage_request();
    auto parsed          = parse_cavage_signature(cavage_c1_header);
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->headers == std::vector<std::string>{"date"},
               boost::test_tools::per_element());

    auto text = cavage_signing_string(r.view(), cavage_c1_header);
    BOOST_TEST_REQUIRE(text.has_value());
    BOOST_TEST(*text == "date: Sun, 05 Jan 2014 21:31:40 GMT");

    // PKCS#1 v1.5 is deterministic: our signer must reproduce the published value.
    auto value = sign_cavage(private_key(test_keys::cavage_private_pem), "Test", r.method, r.target,
                             r.headers, {"date"});
    BOOST_TEST_REQUIRE(value.has_value());
    BOOST_TEST(*value == R"(keyId="Test",algorithm="rsa-sha256",headers="date",signature=")" +
                             cavage_c1_signature + '"');

    BOOST_TEST(
        finish_verification(manual_pending(*text, cavage_c1_signature), cavage_public_key()));
    // Our policy refuses it as a request, though: a POST must sign its digest.
    test_request signed_ = r;
    signed_.headers.add("Signature", cavage_c1_header);
    BOOST_TEST(prepare_error(signed_, cavage_now) == error::signature_headers_insufficient);
}

BOOST_AUTO_TEST_CASE(cavage_c2_basic_test)
{
    test_request const r = cavage_request();
    auto text            = cavage_signing_string(r.view(), cavage_c2_header);
    BOOST_TEST_REQUIRE(text.has_value());
    BOOST_TEST(*text == "(request-target): post /foo?param=value&pet=dog\n"
                        "host: example.com\n"
                        "date: Sun, 05 Jan 2014 21:31:40 GMT");

    auto value = sign_cavage(private_key(test_keys::cavage_private_pem), "Test", r.method, r.target,
                             r.headers, {"(request-target)", "host", "date"});
    BOOST_TEST_REQUIRE(value.has_value());
    BOOST_TEST(
        *value ==
        R"(keyId="Test",algorithm="rsa-sha256",headers="(request-target) host date",signature=")" +
            cavage_c2_signature + '"');
    BOOST_TEST(
        finish_verification(manual_pending(*text, cavage_c2_signature), cavage_public_key()));

    test_request signed_ = r;
    signed_.headers.add("Signature", cavage_c2_header);
    BOOST_TEST(prepare_error(signed_, cavage_now) == error::signature_headers_insufficient);
}

BOOST_AUTO_TEST_CASE(cavage_c3_all_headers_test_verifies_end_to_end)
{
    test_request r = cavage_request();
    r.headers.add("Signature", cavage_c3_header);
    auto pending = prepare(r, cavage_now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->scheme == signature_scheme::cavage);
    BOOST_TEST(pending->key_id == "Test");
    BOOST_TEST_REQUIRE(pending->signing_strings.size() == 2u); // with and without the query
    BOOST_TEST(pending->signing_strings[0] ==
               "(request-target): post /foo?param=value&pet=dog\n"
               "host: example.com\n"
               "date: Sun, 05 Jan 2014 21:31:40 GMT\n"
               "content-type: application/json\n"
               "digest: SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=\n"
               "content-length: 18");
    BOOST_TEST(pending->signing_strings[1].starts_with("(request-target): post /foo\n"));

    BOOST_TEST(finish_verification(*pending, cavage_public_key()));
    // The same key reached through the private key (no size policy on that path).
    BOOST_TEST(
        finish_verification(*pending, private_key(test_keys::cavage_private_pem).public_part()));
    BOOST_TEST(!finish_verification(*pending, public_key(test_keys::rfc9421_rsa_public_pem)));

    auto value = sign_cavage(
        private_key(test_keys::cavage_private_pem), "Test", "POST", "/foo?param=value&pet=dog",
        cavage_request().headers,
        {"(request-target)", "host", "date", "content-type", "digest", "content-length"});
    BOOST_TEST_REQUIRE(value.has_value());
    BOOST_TEST(*value == cavage_c3_header);
}

BOOST_AUTO_TEST_CASE(cavage_vectors_accept_the_authorization_form)
{
    // Appendix C also shows the same parameters after "Signature " in an Authorization header.
    auto parsed = parse_cavage_signature("Signature " + cavage_c3_header);
    BOOST_TEST_REQUIRE(parsed.has_value());
    BOOST_TEST(parsed->headers.size() == 6u);
}

// ============================ draft-cavage: fediverse shapes ==================================

BOOST_AUTO_TEST_CASE(verifies_mastodon_4_4_signed_post)
{
    test_request r = mastodon_post();
    sign_cavage_into(r, rsa_key(), mastodon_44_headers);
    auto pending = prepare(r, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->scheme == signature_scheme::cavage);
    BOOST_TEST(pending->key_id == mastodon_key_id);
    BOOST_TEST_REQUIRE(pending->algorithm.has_value());
    BOOST_TEST(*pending->algorithm == keys::algorithm::rsa_v1_5_sha256);
    BOOST_TEST(pending->covered == mastodon_44_headers, boost::test_tools::per_element());
    BOOST_TEST(pending->signing_strings.size() == 1u); // no query: one candidate
    BOOST_TEST(pending->signing_strings[0] ==
               "host: blog.example\ndate: Wed, 25 Nov 2026 18:14:24 GMT\ndigest: " +
                   make_digest_header(activity) +
                   "\ncontent-type: application/activity+json\n"
                   "(request-target): post /users/alice/inbox");
    BOOST_TEST(finish_verification(*pending, public_key(test_keys::rfc9421_rsa_public_pem)));
}

BOOST_AUTO_TEST_CASE(verifies_mastodon_4_3_header_order)
{
    test_request r = mastodon_post();
    sign_cavage_into(r, rsa_key(), mastodon_43_headers);
    auto pending = prepare(r, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->signing_strings[0].starts_with("(request-target): post /users/alice/inbox\n"
                                                       "host: blog.example\n"));
    BOOST_TEST(finish_verification(*pending, public_key(test_keys::rfc9421_rsa_public_pem)));
}

BOOST_AUTO_TEST_CASE(signs_like_mastodon)
{
    test_request const r = mastodon_post();
    auto value =
        sign_cavage(rsa_key(), mastodon_key_id, "POST", r.target, r.headers, mastodon_44_headers);
    BOOST_TEST_REQUIRE(value.has_value());
    BOOST_TEST(value->starts_with(
        R"(keyId="https://mastodon.example/users/bob#main-key",algorithm="rsa-sha256",)"
        R"sig(headers="host date digest content-type (request-target)",signature=")sig"));
}

BOOST_AUTO_TEST_CASE(verifies_signed_get_fetch)
{
    test_request r;
    r.method = "GET";
    r.target = "/users/alice";
    r.headers.add("Host", "blog.example");
    r.headers.add("Date", format_http_date(now));
    r.headers.add("Accept", "application/activity+json, application/ld+json");
    sign_cavage_into(r, rsa_key(), {"(request-target)", "host", "date"});
    auto pending = prepare(r, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->signing_strings[0] ==
               "(request-target): get /users/alice\nhost: blog.example\n"
               "date: Wed, 25 Nov 2026 18:14:24 GMT");
    BOOST_TEST(finish_verification(*pending, rsa_key().public_part()));
}

BOOST_AUTO_TEST_CASE(verifies_hs2019_with_created_for_ed25519_and_rsa)
{
    for (const auto& key : {ed25519_key(), rsa_key()})
    {
        test_request r = mastodon_post();
        r.remove("Date"); // (created) replaces it
        sign_cavage_into(r, key, {"(request-target)", "(created)", "host", "digest"}, now - 30s);
        auto const value = r.headers.get("Signature").value();
        BOOST_TEST(value.find(R"(algorithm="hs2019",created=)") != std::string::npos);
        auto pending = prepare(r, now);
        BOOST_TEST_REQUIRE(pending.has_value());
        BOOST_TEST(!pending->algorithm.has_value()); // from the key
        BOOST_TEST(pending->signing_strings[0].find(
                       "\n(created): " + std::to_string((now - 30s).time_since_epoch().count()) +
                       "\n") != std::string::npos);
        BOOST_TEST(finish_verification(*pending, key.public_part()));
        // hs2019 never lets an RSA signature pass for an Ed25519 key or vice versa.
        auto const other = key.type() == keys::key_type::rsa ? ed25519_key() : rsa_key();
        BOOST_TEST(!finish_verification(*pending, other.public_part()));
    }
}

BOOST_AUTO_TEST_CASE(falls_back_to_request_target_without_query)
{
    // Older Mastodon signed only the path (INTEROP.md A6).
    test_request r = mastodon_post();
    r.target       = "/users/alice/inbox?page=2";
    sign_cavage_into(r, rsa_key(), mastodon_43_headers, std::nullopt, "/users/alice/inbox");
    auto pending = prepare(r, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST_REQUIRE(pending->signing_strings.size() == 2u);
    BOOST_TEST(
        pending->signing_strings[1].starts_with("(request-target): post /users/alice/inbox\n"));
    BOOST_TEST(finish_verification(*pending, rsa_key().public_part()));

    // The exact form verifies through the first candidate.
    test_request exact = mastodon_post();
    exact.target       = "/users/alice/inbox?page=2";
    sign_cavage_into(exact, rsa_key(), mastodon_43_headers);
    auto exact_pending = prepare(exact, now);
    BOOST_TEST_REQUIRE(exact_pending.has_value());
    BOOST_TEST(finish_verification(*exact_pending, rsa_key().public_part()));
}

BOOST_AUTO_TEST_CASE(verifies_with_headers_as_received)
{
    // Field names in any case, values with OWS, repeated fields joined in order.
    test_request r;
    r.headers.add("HOST", "blog.example");
    r.headers.add("date", "  " + format_http_date(now) + " ");
    r.headers.add("X-Tag", "a");
    r.headers.add("x-tag", "b");
    r.headers.add("DIGEST", make_digest_header(activity));
    r.body = activity;
    sign_cavage_into(r, rsa_key(), {"(request-target)", "host", "date", "x-tag", "digest"});
    auto pending = prepare(r, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->signing_strings[0].find("\nx-tag: a, b\n") != std::string::npos);
    BOOST_TEST(pending->signing_strings[0].find("\ndate: Wed, 25 Nov 2026 18:14:24 GMT\n") !=
               std::string::npos);
    BOOST_TEST(finish_verification(*pending, rsa_key().public_part()));
}

BOOST_AUTO_TEST_CASE(detects_tampering_after_signing)
{
    keys::public_key const pub = rsa_key().public_part();
    {
        test_request r = signed_mastodon_post();
        r.set("Content-Type", "text/html"); // a covered header changed in transit
        auto pending = prepare(r, now);
        BOOST_TEST_REQUIRE(pending.has_value());
        BOOST_TEST(!finish_verification(*pending, pub));
    }
    {
        test_request r = signed_mastodon_post();
        r.target       = "/inbox"; // replayed to another inbox
        BOOST_TEST(!finish_verification(prepare(r, now).value(), pub));
    }
    {
        test_request r = signed_mastodon_post();
        r.headers.add("X-Unsigned", "anything"); // uncovered headers do not matter
        BOOST_TEST(finish_verification(prepare(r, now).value(), pub));
    }
    {
        test_request r = signed_mastodon_post();
        BOOST_TEST(!finish_verification(prepare(r, now).value(), ed25519_key().public_part()));
        BOOST_TEST(!finish_verification(prepare(r, now).value(), keys::public_key{}));
    }
}

// ============================ draft-cavage: policy and hostile requests =======================

BOOST_AUTO_TEST_CASE(requires_a_signature)
{
    BOOST_TEST(prepare_error(mastodon_post(), now) == error::signature_missing);
    test_request r = mastodon_post();
    request_view v = r.view();
    v.headers      = nullptr;
    verify_options o;
    o.now = now;
    BOOST_TEST(prepare_verification(v, o).error() == error::signature_missing);
}

BOOST_AUTO_TEST_CASE(refuses_unknown_algorithms)
{
    for (std::string const alg :
         {"rsa-sha512", "hmac-sha256", "ecdsa-sha256", "rsa-sha1", "ed25519"})
    {
        test_request r = mastodon_post();
        r.headers.add("Signature",
                      R"(keyId="k",algorithm=")" + alg +
                          R"(",headers="(request-target) host date digest",signature="aGVsbG8=")");
        BOOST_TEST(prepare_error(r, now) == error::signature_unsupported_algorithm, alg);
    }
}

BOOST_AUTO_TEST_CASE(refuses_weak_covered_sets)
{
    struct row
    {
        std::string method;
        std::vector<std::string> covered;
        std::string why;
    };

    for (const row& c : std::vector<row>{
             {"POST", {"(request-target)", "host", "digest"}, "neither date nor (created)"},
             {"POST", {"host", "date", "content-type"}, "neither (request-target) nor digest"},
             {"POST", {"(request-target)", "host", "date"}, "POST without digest"},
             {"GET", {"(request-target)", "date"}, "GET without host"},
         })
    {
        test_request r = mastodon_post();
        r.method       = c.method;
        if (c.method == "GET")
            r.body.clear();
        sign_cavage_into(r, rsa_key(), c.covered);
        BOOST_TEST(prepare_error(r, now) == error::signature_headers_insufficient, c.why);
    }
}

BOOST_AUTO_TEST_CASE(requires_a_digest_for_any_body)
{
    test_request r = mastodon_post();
    r.method       = "PUT"; // not POST, but it has a body
    sign_cavage_into(r, rsa_key(), {"(request-target)", "host", "date"});
    BOOST_TEST(prepare_error(r, now) == error::signature_headers_insufficient);
}

BOOST_AUTO_TEST_CASE(refuses_covered_headers_that_are_absent)
{
    test_request r = signed_mastodon_post();
    r.remove("Content-Type");
    BOOST_TEST(prepare_error(r, now) == error::signature_header_missing);

    test_request get;
    get.method = "GET";
    get.headers.add("Date", format_http_date(now));
    get.headers.add(
        "Signature",
        R"(keyId="k",headers="(request-target) host date",algorithm="rsa-sha256",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(get, now) == error::signature_header_missing); // GET without Host

    test_request pseudo = mastodon_post();
    pseudo.headers.add(
        "Signature",
        R"(keyId="k",headers="(request-target) (algorithm) date digest",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(pseudo, now) == error::signature_header_missing);
}

BOOST_AUTO_TEST_CASE(reports_missing_digest_header)
{
    test_request r = signed_mastodon_post();
    r.remove("Digest");
    BOOST_TEST(prepare_error(r, now) == error::digest_missing);
}

BOOST_AUTO_TEST_CASE(reports_digest_mismatch_and_malformed_digest)
{
    test_request r = signed_mastodon_post();
    r.body += " ";
    BOOST_TEST(prepare_error(r, now) == error::digest_mismatch);

    test_request md5 = mastodon_post();
    md5.set("Digest", "MD5=Sd/dVLAcvNLSq16eXua5uQ==");
    sign_cavage_into(md5, rsa_key(), mastodon_44_headers);
    BOOST_TEST(prepare_error(md5, now) == error::digest_malformed);
}

BOOST_AUTO_TEST_CASE(applies_the_time_window)
{
    // Date may be up to max_age (65 min) old and max_future (1 h) ahead (INTEROP.md A4).
    auto check = [](sys_seconds signed_at) {
        test_request r = mastodon_post(signed_at);
        sign_cavage_into(r, rsa_key(), mastodon_44_headers);
        return prepare_error(r, now);
    };
    BOOST_TEST(!check(now));
    BOOST_TEST(!check(now - 64min));
    BOOST_TEST(!check(now - 65min));
    BOOST_TEST(check(now - 65min - 1s) == error::signature_expired);
    BOOST_TEST(check(now - 24h) == error::signature_expired);
    BOOST_TEST(!check(now + 59min));
    BOOST_TEST(!check(now + 1h));
    BOOST_TEST(check(now + 1h + 1s) == error::signature_expired);
    BOOST_TEST(check(now + 24h * 365) == error::signature_expired);
}

BOOST_AUTO_TEST_CASE(uses_only_signed_times)
{
    // A fresh but unsigned created= must not rescue a stale signed Date.
    test_request r = mastodon_post(now - 3h);
    r.headers.add("Signature", sign_cavage(rsa_key(), mastodon_key_id, "POST", r.target, r.headers,
                                           mastodon_44_headers)
                                       .value() +
                                   ",created=" + std::to_string(now.time_since_epoch().count()));
    // (The value now ends with an rsa-sha256 created= that nobody signed.)
    BOOST_TEST(prepare_error(r, now) == error::signature_expired);
}

BOOST_AUTO_TEST_CASE(honours_signed_expires)
{
    test_request r = mastodon_post();
    r.headers.add(
        "Signature",
        R"(keyId="k",algorithm="hs2019",created=)" +
            std::to_string((now - 10min).time_since_epoch().count()) +
            ",expires=" + std::to_string((now - 2h).time_since_epoch().count()) +
            R"(,headers="(request-target) (created) (expires) host digest",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(r, now) == error::signature_expired);
}

BOOST_AUTO_TEST_CASE(refuses_unparsable_date)
{
    for (std::string const date : {"yesterday", "", "Sun, 06 Nov 1994 08:49:37 UTC", "1795630464"})
    {
        test_request r = mastodon_post();
        r.set("Date", date);
        sign_cavage_into(r, rsa_key(), mastodon_44_headers);
        BOOST_TEST(prepare_error(r, now) == error::bad_date, date);
    }
}

BOOST_AUTO_TEST_CASE(restricts_created_and_expires_to_hs2019)
{
    std::string const created = std::to_string(now.time_since_epoch().count());
    test_request rsa          = mastodon_post();
    rsa.headers.add(
        "Signature",
        R"(keyId="k",algorithm="rsa-sha256",created=)" + created +
            R"(,headers="(request-target) (created) host digest",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(rsa, now) == error::signature_malformed);

    test_request no_param = mastodon_post();
    no_param.headers.add(
        "Signature",
        R"(keyId="k",algorithm="hs2019",headers="(request-target) (created) host digest",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(no_param, now) == error::signature_malformed);

    test_request no_expires = mastodon_post();
    no_expires.headers.add(
        "Signature",
        R"(keyId="k",created=)" + created +
            R"(,headers="(request-target) (created) (expires) host digest",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(no_expires, now) == error::signature_malformed);

    // The default covered set of hs2019 is "(created)", which then must be present.
    test_request bare = mastodon_post();
    bare.headers.add("Signature", R"(keyId="k",signature="aGVsbG8=")");
    BOOST_TEST(prepare_error(bare, now) == error::signature_headers_insufficient);
}

BOOST_AUTO_TEST_CASE(refuses_two_signature_fields)
{
    // Two Signature lines combine into one value with repeated parameters.
    test_request r = signed_mastodon_post();
    r.headers.add("Signature", r.headers.get("Signature").value());
    BOOST_TEST(prepare_error(r, now) == error::signature_malformed);
}

BOOST_AUTO_TEST_CASE(propagates_parse_errors)
{
    test_request r = mastodon_post();
    r.headers.add("Signature", std::string(10000, ','));
    BOOST_TEST(prepare_error(r, now) == error::signature_malformed);
}

BOOST_AUTO_TEST_CASE(sign_cavage_refuses_what_it_cannot_sign)
{
    test_request const r = mastodon_post();
    auto sign_with       = [&](std::string_view key_id, std::vector<std::string> covered) {
        auto v = sign_cavage(rsa_key(), key_id, "POST", r.target, r.headers, covered);
        return v ? error_code{} : v.error();
    };
    BOOST_TEST(sign_with(mastodon_key_id, {"host", "x-absent"}) == error::signature_header_missing);
    BOOST_TEST(sign_with(mastodon_key_id, {}) == error::signature_malformed);
    BOOST_TEST(sign_with(mastodon_key_id, {"(created)"}) == error::signature_malformed);
    BOOST_TEST(sign_with(mastodon_key_id, {"(expires)"}) == error::signature_malformed);
    BOOST_TEST(sign_with(mastodon_key_id, {"Host"}) == error::signature_malformed);
    BOOST_TEST(sign_with(mastodon_key_id, {"host date"}) == error::signature_malformed);
    BOOST_TEST(sign_with("a\"b", {"host"}) == error::signature_malformed);
    BOOST_TEST(sign_with("a\nb", {"host"}) == error::signature_malformed);
    BOOST_TEST(sign_with("", {"host"}) == error::signature_malformed);
    auto empty =
        sign_cavage(keys::private_key{}, mastodon_key_id, "POST", r.target, r.headers, {"host"});
    BOOST_TEST(empty.error() == keys::error::unsupported_key);
}

// ============================ RFC 9421: Appendix B vectors ====================================

BOOST_AUTO_TEST_CASE(rfc9421_b26_ed25519_signature_is_reproduced_byte_for_byte)
{
    // RFC 9421 B.2.6. Ed25519 is deterministic, so signing must give the published value.
    test_request const r = rfc_request();
    rfc9421_sign_options options;
    options.label       = "sig-b26";
    options.include_alg = false;
    auto signed_ =
        sign_rfc9421(ed25519_key(), keys::algorithm::ed25519, "test-key-ed25519", r.view(),
                     {"date", "@method", "@path", "@authority", "content-type", "content-length"},
                     rfc_created, options);
    BOOST_TEST_REQUIRE(signed_.has_value());
    BOOST_TEST(
        signed_->signature_input ==
        R"(sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519")");
    BOOST_TEST(signed_->signature == "sig-b26=:"
                                     "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwU"
                                     "Piu4A0w6vuQv5lIp5WPpBKRCw==:");
}

BOOST_AUTO_TEST_CASE(rfc9421_b26_signature_base_matches_and_verifies)
{
    test_request r = rfc_request();
    r.headers.add(
        "Signature-Input",
        R"(sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519")");
    r.headers.add("Signature", "sig-b26=:"
                               "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0"
                               "w6vuQv5lIp5WPpBKRCw==:");
    auto base = rfc9421_signature_base(r.view(), "sig-b26");
    BOOST_TEST_REQUIRE(base.has_value());
    BOOST_TEST(
        *base ==
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
        "\"@method\": POST\n"
        "\"@path\": /foo\n"
        "\"@authority\": example.com\n"
        "\"content-type\": application/json\n"
        "\"content-length\": 18\n"
        "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@authority\" "
        "\"content-type\" \"content-length\");created=1618884473;keyid=\"test-key-ed25519\"");
    auto const sig = keys::base64_decode(
        "wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==");
    BOOST_TEST(keys::verify(public_key(test_keys::rfc9421_ed25519_public_pem),
                            keys::algorithm::ed25519, *base, sig.value()));
    // Our profile still refuses it as an inbox request: the POST body is not covered.
    BOOST_TEST(prepare_error(r, rfc_created) == error::signature_headers_insufficient);
}

BOOST_AUTO_TEST_CASE(rfc9421_b21_minimal_rsa_pss_signature_verifies)
{
    // RFC 9421 B.2.1: PSS is randomized, so the published signature is verified, not remade.
    test_request r = rfc_request();
    r.headers.add(
        "Signature-Input",
        R"(sig-b21=();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd")");
    r.headers.add(
        "Signature",
        "sig-b21=:d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/"
        "lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+"
        "oxNFlD4dzVuwe8DhTSja8xxbR/"
        "Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+"
        "O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/"
        "SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==:");
    auto base = rfc9421_signature_base(r.view(), "sig-b21");
    BOOST_TEST_REQUIRE(base.has_value());
    BOOST_TEST(
        *base ==
        R"("@signature-params": ();created=1618884473;keyid="test-key-rsa-pss";nonce="b3k2pp5k7z-50gnwp.yemd")");
    auto const sig = keys::base64_decode(
        "d2pmTvmbncD3xQm8E9ZV2828BjQWGgiwAaw5bAkgibUopemLJcWDy/"
        "lkbbHAve4cRAtx31Iq786U7it++wgGxbtRxf8Udx7zFZsckzXaJMkA7ChG52eSkFxykJeNqsrWH5S+"
        "oxNFlD4dzVuwe8DhTSja8xxbR/"
        "Z2cOGdCbzR72rgFWhzx2VjBqJzsPLMIQKhO4DGezXehhWwE56YCE+"
        "O6c0mKZsfxVrogUvA4HELjVKWmAvtl6UnCh8jYzuVG5WSb/QEVPnP5TmcAnLH1g+s++v6d4s8m0gCw1fV5/"
        "SITLq9mhho8K3+7EPYTU8IU1bLhdxO5Nyt8C8ssinQ98Xw9Q==");
    BOOST_TEST(keys::verify(public_key(test_keys::rfc9421_rsa_pss_public_pem),
                            keys::algorithm::rsa_pss_sha512, *base, sig.value()));
    // Covering nothing, it is useless as proof of a request.
    BOOST_TEST(prepare_error(r, rfc_created) == error::signature_headers_insufficient);
}

BOOST_AUTO_TEST_CASE(rfc9421_b23_full_coverage_prepares_the_published_base)
{
    test_request r = rfc_request();
    r.headers.add(
        "Signature-Input",
        R"(sig-b23=("date" "@method" "@path" "@query" "@authority" "content-type" "content-digest" "content-length");created=1618884473;keyid="test-key-rsa-pss")");
    r.headers.add("Signature",
                  "sig-b23=:bbN8oArOxYoyylQQUU6QYwrTuaxLwjAC9fbY2F6SVWvh0yBiMIRGOnMYwZ/"
                  "5MR6fb0Kh1rIRASVxFkeGt683+"
                  "qRpRRU5p2voTp768ZrCUb38K0fUxN0O0iC59DzYx8DFll5GmydPxSmme9v6ULbMFkl+V5B1TP/"
                  "yPViV7KsLNmvKiLJH1pFkh/aYA2HXXZzNBXmIkoQoLd7YfW91kE9o/"
                  "CCoC1xMy7JA1ipwvKvfrs65ldmlu9bpG6A9BmzhuzF8Eim5f8ui9eH8LZH896+"
                  "QIF61ka39VBrohr9iyMUJpvRX2Zbhl5ZJzSRxpJyoEZAFL2FUo5fTIztsDZKEgM4cUA==:");
    auto pending = prepare(r, rfc_created);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->scheme == signature_scheme::rfc9421);
    BOOST_TEST(pending->key_id == "test-key-rsa-pss");
    BOOST_TEST(!pending->algorithm.has_value());
    BOOST_TEST_REQUIRE(pending->signing_strings.size() == 1u);
    BOOST_TEST(
        pending->signing_strings[0] ==
        "\"date\": Tue, 20 Apr 2021 02:07:55 GMT\n"
        "\"@method\": POST\n"
        "\"@path\": /foo\n"
        "\"@query\": ?param=Value&Pet=dog\n"
        "\"@authority\": example.com\n"
        "\"content-type\": application/json\n"
        "\"content-digest\": " +
            rfc_content_digest +
            "\n"
            "\"content-length\": 18\n"
            "\"@signature-params\": (\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" "
            "\"content-type\" \"content-digest\" "
            "\"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"");
    keys::public_key const pub = public_key(test_keys::rfc9421_rsa_pss_public_pem);
    BOOST_TEST(keys::verify(pub, keys::algorithm::rsa_pss_sha512, pending->signing_strings[0],
                            pending->signature));
    // Without alg, finish_verification() reads an RSA key as PKCS#1 v1.5 (what fediverse
    // signers mean); this RFC example relies on out-of-band knowledge that the key is PSS.
    BOOST_TEST(!finish_verification(*pending, pub));
}

BOOST_AUTO_TEST_CASE(rfc9421_b22_query_param_component_is_not_supported)
{
    test_request r = rfc_request();
    r.headers.add(
        "Signature-Input",
        R"(sig-b22=("@authority" "content-digest" "@query-param";name="Pet");created=1618884473;keyid="test-key-rsa-pss";tag="header-example")");
    r.headers.add("Signature", "sig-b22=:AAAA:");
    BOOST_TEST(rfc9421_signature_base(r.view(), "sig-b22").error() == error::signature_malformed);
    BOOST_TEST(prepare_error(r, rfc_created) == error::signature_malformed);
}

BOOST_AUTO_TEST_CASE(rfc9421_section_4_3_rsa_v1_5_signature_is_reproduced_and_verifies)
{
    // RFC 9421 section 4.3: the proxy's rsa-v1_5-sha256 signature with test-key-rsa. PKCS#1
    // v1.5 is deterministic, so this is a byte-for-byte known answer.
    test_request r = rfc_proxied_request();
    rfc9421_sign_options options;
    options.label   = "proxy_sig";
    options.expires = sys_seconds{1618884540s};
    auto signed_ =
        sign_rfc9421(rsa_key(), keys::algorithm::rsa_v1_5_sha256, "test-key-rsa", r.view(),
                     {"@method", "@authority", "@path", "content-digest", "content-type",
                      "content-length", "forwarded"},
                     sys_seconds{1618884480s}, options);
    BOOST_TEST_REQUIRE(signed_.has_value());
    BOOST_TEST(signed_->signature_input == rfc_proxy_input);
    BOOST_TEST(signed_->signature == "proxy_sig=:" + rfc_proxy_signature + ":");

    r.headers.add("Signature-Input", rfc_proxy_input);
    r.headers.add("Signature", "proxy_sig=:" + rfc_proxy_signature + ":");
    auto pending = prepare(r, sys_seconds{1618884480s});
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->key_id == "test-key-rsa");
    BOOST_TEST_REQUIRE(pending->algorithm.has_value());
    BOOST_TEST(*pending->algorithm == keys::algorithm::rsa_v1_5_sha256);
    // The key as RFC 9421 B.1.1 publishes it: PKCS#1 "RSA PUBLIC KEY".
    BOOST_TEST(finish_verification(*pending, public_key(test_keys::rfc9421_rsa_public_pem)));
}

BOOST_AUTO_TEST_CASE(rfc9421_picks_the_first_label_that_passes)
{
    // Section 4.3's full message carries the client's sig1 (ECDSA, which we cannot check with
    // any key we accept, but which passes every key-independent check) before proxy_sig.
    std::string const sig1_input =
        R"(sig1=("@method" "@authority" "@path" "content-digest" "content-type" "content-length");created=1618884475;keyid="test-key-ecc-p256")";
    std::string const sig1 = "sig1=:X5spyd6CFnAG5QnDyHfqoSNICd+BUP4LYMz2Q0JXlb//"
                             "4Ijpzp+kve2w4NIyqeAuM7jTDX+sNalzA8ESSaHD3A==:";
    test_request both      = rfc_proxied_request();
    both.headers.add("Signature-Input", sig1_input + ", " + rfc_proxy_input);
    both.headers.add("Signature", sig1 + ", proxy_sig=:" + rfc_proxy_signature + ":");
    auto pending = prepare(both, sys_seconds{1618884480s});
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(pending->key_id == "test-key-ecc-p256");

    // A first label we cannot check (an algorithm we refuse) is skipped for the next one.
    test_request skip = rfc_proxied_request();
    skip.headers.add(
        "Signature-Input",
        R"(cdn=("@method" "@authority" "@path" "content-digest");created=1618884475;keyid="cdn";alg="hmac-sha256", )" +
            rfc_proxy_input);
    skip.headers.add("Signature", "cdn=:AAAA:, proxy_sig=:" + rfc_proxy_signature + ":");
    auto skipped = prepare(skip, sys_seconds{1618884480s});
    BOOST_TEST_REQUIRE(skipped.has_value());
    BOOST_TEST(skipped->key_id == "test-key-rsa");
    BOOST_TEST(finish_verification(*skipped, public_key(test_keys::rfc9421_rsa_public_pem)));

    // When none passes, the first label's error is reported.
    test_request none = rfc_proxied_request();
    none.headers.add(
        "Signature-Input",
        R"(a=("@method");created=1618884475;keyid="k";alg="hmac-sha256", b=("@method");keyid="k")");
    none.headers.add("Signature", "a=:AAAA:, b=:AAAA:");
    BOOST_TEST(prepare_error(none, sys_seconds{1618884480s}) ==
               error::signature_unsupported_algorithm);
}

// ============================ RFC 9421: fediverse shapes ======================================

BOOST_AUTO_TEST_CASE(rfc9421_round_trips_every_supported_algorithm)
{
    struct row
    {
        keys::private_key key;
        keys::algorithm alg;
        std::string name;
    };

    for (const row& c : std::vector<row>{
             {rsa_key(), keys::algorithm::rsa_v1_5_sha256, "rsa-v1_5-sha256"},
             {rsa_key(), keys::algorithm::rsa_v1_5_sha512, "rsa-v1_5-sha512"},
             {private_key(test_keys::rfc9421_rsa_pss_private_pem), keys::algorithm::rsa_pss_sha512,
              "rsa-pss-sha512"},
             {ed25519_key(), keys::algorithm::ed25519, "ed25519"},
         })
    {
        test_request r;
        r.headers.add("Host", "blog.example");
        r.headers.add("Content-Digest", make_content_digest(activity));
        r.body       = activity;
        auto signed_ = sign_rfc9421(c.key, c.alg, mastodon_key_id, r.view(),
                                    {"@method", "@target-uri", "content-digest"}, now);
        BOOST_TEST_REQUIRE(signed_.has_value());
        BOOST_TEST(signed_->signature_input ==
                   R"(sig1=("@method" "@target-uri" "content-digest");created=1795630464;keyid=")" +
                       mastodon_key_id + R"(";alg=")" + c.name + '"');
        r.headers.add("Signature-Input", signed_->signature_input);
        r.headers.add("Signature", signed_->signature);
        auto pending = prepare(r, now);
        BOOST_TEST_REQUIRE(pending.has_value());
        BOOST_TEST(pending->signing_strings[0].starts_with(
            "\"@method\": POST\n\"@target-uri\": https://blog.example/users/alice/inbox\n"));
        BOOST_TEST(finish_verification(*pending, c.key.public_part()), c.name);
    }
}

BOOST_AUTO_TEST_CASE(rfc9421_verifies_target_uri_signed_with_port_when_host_has_none)
{
    // Mastodon sends Host without the port but signs @target-uri from its URL, with the port.
    test_request signer;
    signer.authority = "blog.example:8443";
    signer.headers.add("Content-Digest", make_content_digest(activity));
    signer.body  = activity;
    auto signed_ = sign_rfc9421(rsa_key(), keys::algorithm::rsa_v1_5_sha256, mastodon_key_id,
                                signer.view(), {"@method", "@target-uri", "content-digest"}, now);
    BOOST_TEST_REQUIRE(signed_.has_value());

    test_request received = signer;
    received.headers.add("Host", "blog.example");
    received.headers.add("Signature-Input", signed_->signature_input);
    received.headers.add("Signature", signed_->signature);
    auto pending = prepare(received, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST_REQUIRE(pending->signing_strings.size() == 2u);
    BOOST_TEST(pending->signing_strings[1].find("https://blog.example:8443/users/alice/inbox") !=
               std::string::npos);
    BOOST_TEST(finish_verification(*pending, rsa_key().public_part()));
}

BOOST_AUTO_TEST_CASE(rfc9421_normalises_authority)
{
    test_request r;
    r.method = "GET";
    r.target = "/users/alice?x=1";
    r.headers.add("Host", "Blog.EXAMPLE:443");
    rfc9421_sign_options options;
    auto signed_ = sign_rfc9421(
        ed25519_key(), keys::algorithm::ed25519, "k", r.view(),
        {"@method", "@authority", "@path", "@query", "@scheme", "@request-target", "@target-uri"},
        now, options);
    BOOST_TEST_REQUIRE(signed_.has_value());
    r.headers.add("Signature-Input", signed_->signature_input);
    r.headers.add("Signature", signed_->signature);
    auto base = rfc9421_signature_base(r.view(), "sig1");
    BOOST_TEST_REQUIRE(base.has_value());
    BOOST_TEST(base->starts_with("\"@method\": GET\n"
                                 "\"@authority\": blog.example\n"
                                 "\"@path\": /users/alice\n"
                                 "\"@query\": ?x=1\n"
                                 "\"@scheme\": https\n"
                                 "\"@request-target\": /users/alice?x=1\n"
                                 "\"@target-uri\": https://blog.example/users/alice?x=1\n"));
    BOOST_TEST(finish_verification(prepare(r, now).value(), ed25519_key().public_part()));
}

BOOST_AUTO_TEST_CASE(rfc9421_empty_query_is_a_lone_question_mark)
{
    test_request r;
    r.method = "GET";
    r.target = "/";
    r.headers.add("Host", "blog.example");
    r.headers.add("Signature-Input", R"(sig1=("@query" "@path");created=1;keyid="k")");
    r.headers.add("Signature", "sig1=:AAAA:");
    BOOST_TEST(rfc9421_signature_base(r.view(), "sig1").value() ==
               "\"@query\": ?\n\"@path\": /\n\"@signature-params\": (\"@query\" "
               "\"@path\");created=1;keyid=\"k\"");
}

BOOST_AUTO_TEST_CASE(rfc9421_reserializes_signature_params_canonically)
{
    // RFC 9421 section 2.3: @signature-params is the serialized inner list, not the raw text.
    test_request r;
    r.headers.add("Host", "blog.example");
    r.headers.add(
        "Signature-Input",
        R"(sig1=(  "@method"   "@authority" );created=0042;  keyid="k";extra=?1;flag;ratio=1.50)");
    r.headers.add("Signature", "sig1=:AAAA:");
    BOOST_TEST(
        rfc9421_signature_base(r.view(), "sig1")
            .value()
            .ends_with(
                R"("@signature-params": ("@method" "@authority");created=42;keyid="k";extra;flag;ratio=1.5)"));
}

// ============================ RFC 9421: policy and hostile requests ===========================

BOOST_AUTO_TEST_CASE(rfc9421_good_request_passes)
{
    test_request const r = signed_rfc9421_post();
    auto pending         = prepare(r, now);
    BOOST_TEST_REQUIRE(pending.has_value());
    BOOST_TEST(finish_verification(*pending, rsa_key().public_part()));
}

BOOST_AUTO_TEST_CASE(rfc9421_refuses_hostile_headers)
{
    test_request const good  = signed_rfc9421_post();
    std::string const input  = good.headers.get("Signature-Input").value();
    std::string const sig    = good.headers.get("Signature").value();
    std::string const params = R"(;created=1795630464;keyid="k")";
    std::string const comps  = R"(("@method" "@target-uri" "content-digest"))";

    struct row
    {
        std::string input;
        std::string signature;
        error why;
        std::string note;
    };

    std::vector<row> const rows{
        {"", sig, error::signature_malformed, "empty Signature-Input"},
        {"   ", sig, error::signature_malformed, "blank Signature-Input"},
        {"sig1", sig, error::signature_malformed, "member is not an inner list"},
        {"sig1=" + comps, sig, error::signature_malformed, "no keyid"},
        {"sig1=" + comps + R"(;created=1795630464;keyid="")", sig, error::signature_malformed,
         "empty keyid"},
        {"sig1=" + comps + R"(;created=1795630464;keyid=k)", sig, error::signature_malformed,
         "keyid is a token"},
        {"sig1=" + comps + R"(;created="1795630464";keyid="k")", sig, error::signature_malformed,
         "created is a string"},
        {"sig1=" + comps + R"(;created=1795630464.5;keyid="k")", sig, error::signature_malformed,
         "created is a decimal"},
        {"sig1=" + comps + params + ";alg=ed25519", sig, error::signature_malformed,
         "alg is a token"},
        {"sig1=" + comps + params + R"(;nonce=1)", sig, error::signature_malformed,
         "nonce is not a string"},
        {"sig1=" + comps + params + R"(;keyid="j")", sig, error::signature_malformed,
         "repeated parameter"},
        {"sig1=" + comps + params + ", sig1=" + comps + params, sig, error::signature_malformed,
         "repeated label"},
        {R"(sig1=("@method" "@method" "@target-uri" "content-digest"))" + params, sig,
         error::signature_malformed, "repeated component"},
        {R"(sig1=("@method" "@target-uri" "Content-Digest"))" + params, sig,
         error::signature_malformed, "uppercase field name"},
        {R"(sig1=("@method" "@target-uri" "content-digest";sf))" + params, sig,
         error::signature_malformed, "component parameter"},
        {R"(sig1=("@method" "@target-uri" "@status" "content-digest"))" + params, sig,
         error::signature_malformed, "unknown derived component"},
        {R"(sig1=(@method "@target-uri" "content-digest"))" + params, sig,
         error::signature_malformed, "component is a token"},
        {R"(sig1=("@method" "@target-uri" "content-digest")" + params, sig,
         error::signature_malformed, "unterminated inner list"},
        {R"(sig1=("@method" "@target-uri" "content-digest))" + params, sig,
         error::signature_malformed, "unterminated string"},
        {"sig1=(\"@method\0\" \"@target-uri\" \"content-digest\")"s + params, sig,
         error::signature_malformed, "NUL in a component"},
        {input + ",", sig, error::signature_malformed, "trailing comma"},
        {input + std::string(10000, ','), sig, error::signature_malformed, "10k commas"},
        {input + std::string(5000, ','), sig, error::signature_malformed,
         "5k commas (under the size cap)"},
        {std::string(5000, ','), sig, error::signature_malformed, "only commas"},
        {input + ", x=\"" + std::string(9000, 'a') + "\"", sig, error::signature_malformed,
         "over the size cap"},
        {input, "", error::signature_malformed, "empty Signature"},
        {input, "sig2=:AAAA:", error::signature_malformed, "no Signature for the label"},
        {input, "sig1=\"AAAA\"", error::signature_malformed, "Signature is not a byte sequence"},
        {input, "sig1=:not base64!:", error::signature_malformed, "Signature is not base64"},
        {input, "sig1=::", error::signature_malformed, "empty signature bytes"},
        {input, "sig1=:AAAA", error::signature_malformed, "unterminated byte sequence"},
        {"sig1=" + comps + R"(;keyid="k")", sig, error::signature_headers_insufficient,
         "no created"},
        {R"(sig1=("@target-uri" "content-digest"))" + params, sig,
         error::signature_headers_insufficient, "no @method"},
        {R"(sig1=("@method" "@path" "content-digest"))" + params, sig,
         error::signature_headers_insufficient, "no @target-uri nor @authority"},
        {R"(sig1=("@method" "@authority" "content-digest"))" + params, sig,
         error::signature_headers_insufficient, "@authority without @path"},
        {R"(sig1=("@method" "@target-uri"))" + params, sig, error::signature_headers_insufficient,
         "POST without content-digest"},
        {"sig1=" + comps + params + R"(;alg="hmac-sha256")", sig,
         error::signature_unsupported_algorithm, "hmac"},
        {"sig1=" + comps + params + R"(;alg="ecdsa-p256-sha256")", sig,
         error::signature_unsupported_algorithm, "ecdsa"},
        {R"(sig1=("@method" "@target-uri" "content-digest" "x-absent"))" + params, sig,
         error::signature_header_missing, "covered header absent"},
        {"sig1=" + comps + R"(;created=1795626024;keyid="k")", sig, error::signature_expired,
         "created 74 minutes ago"},
        {"sig1=" + comps + R"(;created=1795634124;keyid="k")", sig, error::signature_expired,
         "created 61 minutes ahead"},
        {"sig1=" + comps + R"(;created=-1;keyid="k")", sig, error::signature_expired,
         "negative created"},
        {"sig1=" + comps + params + ";expires=1795623264", sig, error::signature_expired,
         "expired two hours ago"},
    };
    for (const row& c : rows)
    {
        auto const ec = prepare_error(with_rfc9421(good, c.input, c.signature), now);
        BOOST_TEST(ec == c.why, c.note << ": got " << ec.message());
    }
}

BOOST_AUTO_TEST_CASE(rfc9421_requires_signature_with_signature_input)
{
    test_request r = signed_rfc9421_post();
    r.remove("Signature");
    BOOST_TEST(prepare_error(r, now) == error::signature_malformed);
}

BOOST_AUTO_TEST_CASE(rfc9421_checks_content_digest)
{
    test_request r = signed_rfc9421_post();
    r.body += "tampered";
    BOOST_TEST(prepare_error(r, now) == error::digest_mismatch);

    test_request missing = signed_rfc9421_post();
    missing.remove("Content-Digest");
    BOOST_TEST(prepare_error(missing, now) == error::digest_missing);

    test_request bad = signed_rfc9421_post();
    bad.set("Content-Digest", "sha-256=abc");
    BOOST_TEST(prepare_error(bad, now) == error::digest_malformed);
}

BOOST_AUTO_TEST_CASE(rfc9421_needs_an_authority_for_authority_components)
{
    test_request r;
    r.method = "GET";
    r.headers.add("Signature-Input",
                  R"(sig1=("@method" "@target-uri");created=1795630464;keyid="k")");
    r.headers.add("Signature", "sig1=:AAAA:");
    BOOST_TEST(prepare_error(r, now) == error::signature_header_missing); // GET without Host
    r.authority = "blog.example";
    BOOST_TEST(!prepare_error(r, now));
}

BOOST_AUTO_TEST_CASE(rfc9421_detects_tampering)
{
    test_request r =
        signed_rfc9421_post({"@method", "@target-uri", "content-digest", "date", "content-type"});
    keys::public_key const pub = rsa_key().public_part();
    BOOST_TEST(finish_verification(prepare(r, now).value(), pub));
    r.set("Content-Type", "text/plain");
    BOOST_TEST(!finish_verification(prepare(r, now).value(), pub));
    test_request moved = signed_rfc9421_post();
    moved.target       = "/inbox";
    BOOST_TEST(!finish_verification(prepare(moved, now).value(), pub));
    test_request method = signed_rfc9421_post();
    method.method       = "PUT";
    BOOST_TEST(!finish_verification(prepare(method, now).value(), pub));
}

BOOST_AUTO_TEST_CASE(rfc9421_alg_must_match_the_key)
{
    // Signed as ed25519 but verified with an RSA key (or the reverse) never passes.
    test_request r;
    r.headers.add("Host", "blog.example");
    r.headers.add("Content-Digest", make_content_digest(activity));
    r.body       = activity;
    auto signed_ = sign_rfc9421(ed25519_key(), keys::algorithm::ed25519, "k", r.view(),
                                {"@method", "@target-uri", "content-digest"}, now);
    r.headers.add("Signature-Input", signed_.value().signature_input);
    r.headers.add("Signature", signed_.value().signature);
    BOOST_TEST(!finish_verification(prepare(r, now).value(), rsa_key().public_part()));
    BOOST_TEST(sign_rfc9421(ed25519_key(), keys::algorithm::rsa_v1_5_sha256, "k", r.view(),
                            {"@method"}, now)
                   .error() == keys::error::unsupported_key);
}

BOOST_AUTO_TEST_CASE(sign_rfc9421_refuses_what_it_cannot_sign)
{
    test_request r;
    r.headers.add("Host", "blog.example");
    auto sign_with = [&](std::string key_id, std::vector<std::string> components,
                         rfc9421_sign_options options = {}) {
        auto v = sign_rfc9421(ed25519_key(), keys::algorithm::ed25519, key_id, r.view(), components,
                              now, options);
        return v ? error_code{} : v.error();
    };
    BOOST_TEST(!sign_with("k", {"@method", "host"}));
    BOOST_TEST(sign_with("k", {"@method", "x-absent"}) == error::signature_header_missing);
    BOOST_TEST(sign_with("k", {"@method", "@method"}) == error::signature_malformed);
    BOOST_TEST(sign_with("k", {"@query-param"}) == error::signature_malformed);
    BOOST_TEST(sign_with("k", {"Host"}) == error::signature_malformed);
    BOOST_TEST(sign_with("", {"@method"}) == error::signature_malformed);
    BOOST_TEST(sign_with("k\n", {"@method"}) == error::signature_malformed);
    rfc9421_sign_options bad_label;
    bad_label.label = "Sig1";
    BOOST_TEST(sign_with("k", {"@method"}, bad_label) == error::signature_malformed);
    rfc9421_sign_options bad_nonce;
    bad_nonce.nonce = "caf\xc3\xa9";
    BOOST_TEST(sign_with("k", {"@method"}, bad_nonce) == error::signature_malformed);

    test_request no_host;
    auto v = sign_rfc9421(ed25519_key(), keys::algorithm::ed25519, "k", no_host.view(),
                          {"@authority"}, now);
    BOOST_TEST(v.error() == error::signature_header_missing);
}

BOOST_AUTO_TEST_CASE(rfc9421_writes_optional_parameters_in_rfc_order)
{
    test_request r;
    r.headers.add("Host", "blog.example");
    rfc9421_sign_options options;
    options.expires = now + 5min;
    options.nonce   = "n-1";
    options.tag     = "fedblog";
    auto signed_    = sign_rfc9421(ed25519_key(), keys::algorithm::ed25519, "k", r.view(),
                                   {"@method", "@target-uri"}, now, options);
    BOOST_TEST_REQUIRE(signed_.has_value());
    BOOST_TEST(
        signed_->signature_input ==
        R"(sig1=("@method" "@target-uri");created=1795630464;keyid="k";alg="ed25519";expires=1795630764;nonce="n-1";tag="fedblog")");
}

BOOST_AUTO_TEST_SUITE_END()
