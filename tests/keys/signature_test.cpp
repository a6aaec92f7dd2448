// SPDX-License-Identifier: AGPL-3.0-or-later
// Raw sign/verify: known answers from RFC 8032 and draft-cavage-12, and every refusal path.

// Test that header file is self-contained.
#include "keys/signature.hpp"

#include "keys/encoding.hpp"
#include "keys/error.hpp"
#include "tests/support/printing.hpp"
#include "tests/support/published_keys.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace fedblog::keys;
namespace test_keys = fedblog::test_keys;

namespace {

private_key load_private(std::string_view pem)
{
    return private_key_from_pem(pem).value();
}

public_key load_public(std::string_view pem)
{
    return public_key_from_pem(pem).value();
}

} // namespace

BOOST_AUTO_TEST_SUITE(signature)

BOOST_AUTO_TEST_CASE(ed25519_matches_rfc8032_test_1)
{
    // RFC 8032 section 7.1, TEST 1: empty message.
    auto const sig =
        sign(load_private(test_keys::rfc8032_test1_private_pem), algorithm::ed25519, "");
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(hex_encode(*sig) ==
               "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
               "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    BOOST_TEST(
        verify(load_public(test_keys::rfc8032_test1_public_pem), algorithm::ed25519, "", *sig));
}

BOOST_AUTO_TEST_CASE(rsa_sha256_matches_draft_cavage_appendix_c1)
{
    // draft-cavage-http-signatures-12 Appendix C.1: the signing string is the Date line alone,
    // and RSASSA-PKCS1-v1_5 is deterministic, so our output must equal the published value.
    private_key const key = load_private(test_keys::cavage_private_pem);
    auto const sig = sign(key, algorithm::rsa_v1_5_sha256, "date: Sun, 05 Jan 2014 21:31:40 GMT");
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(base64_encode(*sig) ==
               "SjWJWbWN7i0wzBvtPl8rbASWz5xQW6mcJmn+ibttBqtifLN7Sazz6m79cNfwwb8DMJ5cou1s7uEGKKCs+"
               "FLEEaDV5lp7q25WqS+lavg7T8hc0GppauB6hbgEKTwblDHYGEtbGmtdHgVCk9SuS13F0hZ8FD0k/"
               "5OxEPXe5WozsbM=");
    BOOST_TEST(verify(key.public_part(), algorithm::rsa_v1_5_sha256,
                      "date: Sun, 05 Jan 2014 21:31:40 GMT", *sig));
}

BOOST_AUTO_TEST_CASE(rsa_pkcs1_is_deterministic_and_verifies)
{
    private_key const key = load_private(test_keys::rfc9421_rsa_private_pem);
    public_key const pub  = load_public(test_keys::rfc9421_rsa_public_pem);
    for (auto alg : {algorithm::rsa_v1_5_sha256, algorithm::rsa_v1_5_sha512})
    {
        auto const a = sign(key, alg, "payload");
        auto const b = sign(key, alg, "payload");
        BOOST_TEST_REQUIRE(a.has_value());
        BOOST_TEST_REQUIRE(b.has_value());
        BOOST_TEST(*a == *b);
        BOOST_TEST(a->size() == 256u);
        BOOST_TEST(verify(pub, alg, "payload", *a));
    }
    // The hash is part of the algorithm: a SHA-512 signature is not a SHA-256 one.
    auto const sha512_sig = sign(key, algorithm::rsa_v1_5_sha512, "payload").value();
    BOOST_TEST(!verify(pub, algorithm::rsa_v1_5_sha256, "payload", sha512_sig));
}

BOOST_AUTO_TEST_CASE(rsa_pss_is_randomized_and_verifies)
{
    // RFC 9421 section 3.3.1: PSS output differs each time; only verification is comparable.
    private_key const key = load_private(test_keys::rfc9421_rsa_pss_private_pem);
    public_key const pub  = load_public(test_keys::rfc9421_rsa_pss_public_pem);
    auto const a          = sign(key, algorithm::rsa_pss_sha512, "payload");
    auto const b          = sign(key, algorithm::rsa_pss_sha512, "payload");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(*a != *b);
    BOOST_TEST(verify(pub, algorithm::rsa_pss_sha512, "payload", *a));
    BOOST_TEST(verify(pub, algorithm::rsa_pss_sha512, "payload", *b));
    BOOST_TEST(!verify(pub, algorithm::rsa_v1_5_sha512, "payload", *a));

    // An ordinary RSA key can sign PSS as well.
    auto const c = sign(load_private(test_keys::rfc9421_rsa_private_pem), algorithm::rsa_pss_sha512,
                        "payload");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(verify(load_public(test_keys::rfc9421_rsa_public_pem), algorithm::rsa_pss_sha512,
                      "payload", *c));
}

BOOST_AUTO_TEST_CASE(refuses_algorithms_that_do_not_fit_the_key)
{
    private_key const ed  = load_private(test_keys::rfc9421_ed25519_private_pem);
    private_key const rsa = load_private(test_keys::rfc9421_rsa_private_pem);
    BOOST_TEST(sign(ed, algorithm::rsa_v1_5_sha256, "x").error() == error::unsupported_key);
    BOOST_TEST(sign(rsa, algorithm::ed25519, "x").error() == error::unsupported_key);
    BOOST_TEST(sign(private_key{}, algorithm::ed25519, "x").error() == error::unsupported_key);
    // A key restricted to PSS by its OID cannot produce PKCS#1 v1.5 signatures.
    BOOST_TEST(
        sign(load_private(test_keys::rfc9421_rsa_pss_private_pem), algorithm::rsa_v1_5_sha256, "x")
            .error() == error::sign_failed);

    auto const ed_sig = sign(ed, algorithm::ed25519, "x").value();
    BOOST_TEST(!verify(rsa.public_part(), algorithm::ed25519, "x", ed_sig));
    BOOST_TEST(!verify(ed.public_part(), algorithm::rsa_v1_5_sha256, "x", ed_sig));
    BOOST_TEST(!verify(public_key{}, algorithm::ed25519, "x", ed_sig));
}

BOOST_AUTO_TEST_CASE(rejects_tampered_data_and_signatures)
{
    private_key const key = load_private(test_keys::rfc9421_ed25519_private_pem);
    public_key const pub  = key.public_part();
    std::string sig       = sign(key, algorithm::ed25519, "message").value();
    BOOST_TEST(verify(pub, algorithm::ed25519, "message", sig));
    BOOST_TEST(!verify(pub, algorithm::ed25519, "messagf", sig));
    BOOST_TEST(!verify(pub, algorithm::ed25519, "message", ""));
    BOOST_TEST(!verify(pub, algorithm::ed25519, "message", sig.substr(1)));
    BOOST_TEST(!verify(pub, algorithm::ed25519, "message", sig + "x"));
    sig[10] = static_cast<char>(sig[10] ^ 1);
    BOOST_TEST(!verify(pub, algorithm::ed25519, "message", sig));

    private_key const rsa = load_private(test_keys::rfc9421_rsa_private_pem);
    std::string rsa_sig   = sign(rsa, algorithm::rsa_v1_5_sha256, "message").value();
    rsa_sig[0]            = static_cast<char>(rsa_sig[0] ^ 0x80);
    BOOST_TEST(!verify(rsa.public_part(), algorithm::rsa_v1_5_sha256, "message", rsa_sig));
    BOOST_TEST(!verify(rsa.public_part(), algorithm::rsa_v1_5_sha256, "message",
                       std::string(4096, '\xff')));
}

// RSA v1.5 verification reuses a prepared context per key object on each thread (32 of
// them). More key objects than that, on two threads: 34 loaded from two published keys, each
// tried with its own key's signature and the other's; and both digests on one key. Every
// verdict must be the key's own.
BOOST_AUTO_TEST_CASE(rsa_verification_contexts_never_mix_keys_or_digests)
{
    constexpr std::size_t n = 34;
    const std::array<std::string_view, 2> pems{test_keys::cavage_private_pem,
                                               test_keys::rfc9421_rsa_private_pem};
    std::array<std::string, 2> sig_of;
    for (std::size_t k = 0; k < 2; ++k)
        sig_of[k] = sign(load_private(pems[k]), algorithm::rsa_v1_5_sha256, "message").value();
    std::vector<public_key> pubs;
    for (std::size_t i = 0; i < n; ++i)
        pubs.push_back(load_private(pems[i % 2]).public_part()); // a new key object each
    std::atomic<int> right{0};
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&] {
            for (int round = 0; round < 3; ++round)
                for (std::size_t i = 0; i < n; ++i)
                {
                    (verify(pubs[i], algorithm::rsa_v1_5_sha256, "message", sig_of[i % 2])
                         ? right
                         : wrong)++;
                    (verify(pubs[i], algorithm::rsa_v1_5_sha256, "message", sig_of[1 - i % 2])
                         ? wrong
                         : right)++;
                }
        });
    for (auto& th : threads)
        th.join();
    BOOST_TEST(right.load() == 2 * 3 * n * 2);
    BOOST_TEST(wrong.load() == 0);

    private_key const key    = load_private(test_keys::rfc9421_rsa_private_pem);
    const std::string sig512 = sign(key, algorithm::rsa_v1_5_sha512, "message").value();
    BOOST_TEST(verify(key.public_part(), algorithm::rsa_v1_5_sha512, "message", sig512));
    BOOST_TEST(!verify(key.public_part(), algorithm::rsa_v1_5_sha256, "message", sig512));
    BOOST_TEST(verify(key.public_part(), algorithm::rsa_v1_5_sha512, "message", sig512));

    // A key object freed after use: the next one, wherever it is allocated, gets its own
    // context (the cache's hold on the old object keeps its address from being reused).
    {
        public_key first = load_private(pems[0]).public_part();
        BOOST_TEST(verify(first, algorithm::rsa_v1_5_sha256, "message", sig_of[0]));
    }
    public_key second = load_private(pems[1]).public_part();
    BOOST_TEST(!verify(second, algorithm::rsa_v1_5_sha256, "message", sig_of[0]));
    BOOST_TEST(verify(second, algorithm::rsa_v1_5_sha256, "message", sig_of[1]));
}

BOOST_AUTO_TEST_CASE(signs_from_several_threads_with_one_key)
{
    private_key const key = load_private(test_keys::rfc9421_ed25519_private_pem);
    public_key const pub  = key.public_part();
    std::vector<std::thread> threads;
    std::atomic<int> good{0};
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i)
            {
                std::string const msg = std::to_string(t * 1000 + i);
                auto sig              = sign(key, algorithm::ed25519, msg);
                if (sig && verify(pub, algorithm::ed25519, msg, *sig))
                    ++good;
            }
        });
    for (auto& th : threads)
        th.join();
    BOOST_TEST(good.load() == 200);
}

BOOST_AUTO_TEST_SUITE_END()
