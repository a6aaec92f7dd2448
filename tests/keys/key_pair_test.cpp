// SPDX-License-Identifier: AGPL-3.0-or-later
// Key generation and PEM decoding, with the published test keys of the signature drafts.

// Test that header file is self-contained.
#include "keys/error.hpp"
#include "keys/key_pair.hpp"
#include "keys/signature.hpp"
#include "tests/support/printing.hpp"
#include "tests/support/published_keys.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::keys;
namespace test_keys = fedblog::test_keys;

namespace {

bool starts_with(const std::string& text, std::string_view prefix)
{
    return text.compare(0, prefix.size(), prefix) == 0;
}

/// Replaces every "\n" with `eol`.
std::string with_line_ends(std::string_view pem, std::string_view eol)
{
    std::string out;
    for (char c : pem)
    {
        if (c == '\n')
            out += eol;
        else
            out += c;
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(key_pair)

BOOST_AUTO_TEST_CASE(generates_rsa_2048_that_signs_and_round_trips_through_pem)
{
    // The one test that pays for real RSA generation; everything else uses fixtures.
    auto key = generate_rsa();
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(key->type() == key_type::rsa);
    public_key const pub = key->public_part();
    BOOST_TEST(pub.bits() == 2048);
    BOOST_TEST(starts_with(key->to_pem(), "-----BEGIN PRIVATE KEY-----\n"));
    BOOST_TEST(starts_with(pub.to_pem(), "-----BEGIN PUBLIC KEY-----\n"));

    auto reloaded = private_key_from_pem(key->to_pem());
    BOOST_TEST_REQUIRE(reloaded.has_value());
    BOOST_TEST(reloaded->public_part().to_pem() == pub.to_pem());

    auto pub_reloaded = public_key_from_pem(pub.to_pem());
    BOOST_TEST_REQUIRE(pub_reloaded.has_value());
    auto const sig = sign(*key, algorithm::rsa_v1_5_sha256, "hello");
    BOOST_TEST_REQUIRE(sig.has_value());
    BOOST_TEST(verify(*pub_reloaded, algorithm::rsa_v1_5_sha256, "hello", *sig));
}

BOOST_AUTO_TEST_CASE(refuses_to_generate_weak_or_absurd_rsa)
{
    BOOST_TEST(generate_rsa(1024).error() == error::unsupported_key);
    BOOST_TEST(generate_rsa(0).error() == error::unsupported_key);
    BOOST_TEST(generate_rsa(1 << 20).error() == error::unsupported_key);
}

BOOST_AUTO_TEST_CASE(generates_ed25519)
{
    auto key = generate_ed25519();
    BOOST_TEST_REQUIRE(key.has_value());
    BOOST_TEST(key->type() == key_type::ed25519);
    BOOST_TEST(key->public_part().type() == key_type::ed25519);
    BOOST_TEST(key->public_part().bits() == 256);
    auto reloaded = private_key_from_pem(key->to_pem());
    BOOST_TEST_REQUIRE(reloaded.has_value());
    BOOST_TEST(reloaded->public_part().to_pem() == key->public_part().to_pem());
}

BOOST_AUTO_TEST_CASE(decodes_pkcs1_public_key_as_published_in_rfc9421)
{
    auto pub = public_key_from_pem(test_keys::rfc9421_rsa_public_pem);
    BOOST_TEST_REQUIRE(pub.has_value());
    BOOST_TEST(pub->type() == key_type::rsa);
    BOOST_TEST(pub->bits() == 2048);
    auto priv = private_key_from_pem(test_keys::rfc9421_rsa_private_pem);
    BOOST_TEST_REQUIRE(priv.has_value());
    // Same key whether it came as PKCS#1 or from the private key; re-encoded as SPKI.
    BOOST_TEST(pub->to_pem() == priv->public_part().to_pem());
}

BOOST_AUTO_TEST_CASE(decodes_spki_public_keys)
{
    auto rsa = public_key_from_pem(test_keys::rfc9421_rsa_pss_public_pem);
    BOOST_TEST_REQUIRE(rsa.has_value());
    BOOST_TEST(rsa->type() == key_type::rsa);
    BOOST_TEST(rsa->to_pem() == test_keys::rfc9421_rsa_pss_public_pem);

    auto ed = public_key_from_pem(test_keys::rfc9421_ed25519_public_pem);
    BOOST_TEST_REQUIRE(ed.has_value());
    BOOST_TEST(ed->type() == key_type::ed25519);
    BOOST_TEST(ed->bits() == 256);
    BOOST_TEST(ed->to_pem() == test_keys::rfc9421_ed25519_public_pem);
}

BOOST_AUTO_TEST_CASE(tolerates_crlf_and_surrounding_whitespace)
{
    // As seen in publicKeyPem values in the wild: Windows line ends, a leading newline,
    // trailing spaces, no final newline.
    std::string const expected = std::string(test_keys::rfc9421_rsa_pss_public_pem);
    for (std::string const& text :
         {with_line_ends(test_keys::rfc9421_rsa_pss_public_pem, "\r\n"),
          "\n\n  " + std::string(test_keys::rfc9421_rsa_pss_public_pem) + "  \n\t",
          with_line_ends(test_keys::rfc9421_rsa_pss_public_pem, "\r"),
          expected.substr(0, expected.size() - 1)})
    {
        auto pub = public_key_from_pem(text);
        BOOST_TEST_REQUIRE(pub.has_value());
        BOOST_TEST(pub->to_pem() == expected);
    }
    auto pkcs1 = public_key_from_pem(
        "\r\n" + with_line_ends(test_keys::rfc9421_rsa_public_pem, "\r\n") + "\r\n");
    BOOST_TEST(pkcs1.has_value());
    auto priv =
        private_key_from_pem(with_line_ends(test_keys::rfc9421_ed25519_private_pem, "\r\n"));
    BOOST_TEST(priv.has_value());
}

BOOST_AUTO_TEST_CASE(refuses_rsa_under_2048_bits_unless_asked)
{
    // The draft-cavage Appendix C key is RSA-1024: refused by default, loadable for tests.
    BOOST_TEST(public_key_from_pem(test_keys::cavage_public_pem).error() == error::unsupported_key);
    auto pub = public_key_from_pem(test_keys::cavage_public_pem, 1024);
    BOOST_TEST_REQUIRE(pub.has_value());
    BOOST_TEST(pub->bits() == 1024);
    // The private key path applies no minimum, so public_part() yields the same key.
    auto priv = private_key_from_pem(test_keys::cavage_private_pem);
    BOOST_TEST_REQUIRE(priv.has_value());
    BOOST_TEST(priv->public_part().to_pem() == pub->to_pem());
    BOOST_TEST(public_key_from_pem(test_keys::rfc9421_rsa_public_pem, 4096).error() ==
               error::unsupported_key);
}

BOOST_AUTO_TEST_CASE(refuses_other_key_types)
{
    BOOST_TEST(public_key_from_pem(test_keys::rfc9421_ecc_p256_public_pem).error() ==
               error::unsupported_key);
}

BOOST_AUTO_TEST_CASE(refuses_text_that_is_not_a_public_key)
{
    std::string const pem(test_keys::rfc9421_rsa_pss_public_pem);
    std::string corrupted = pem;
    corrupted[40]         = corrupted[40] == 'A' ? 'B' : 'A';
    std::string truncated = pem.substr(0, 80) + "\n-----END PUBLIC KEY-----\n";
    std::string no_end    = pem.substr(0, pem.find("-----END"));
    for (std::string const& bad :
         {std::string(), std::string("   \r\n"), std::string("not a key"),
          std::string(test_keys::rfc9421_rsa_private_pem), // a private key is never accepted here
          std::string(test_keys::cavage_private_pem), truncated, no_end, corrupted,
          std::string("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n"),
          std::string("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"),
          std::string("-----BEGIN PUBLIC KEY-----\0\n-----END PUBLIC KEY-----\n", 53),
          std::string(70 * 1024, 'A')})
    {
        auto pub = public_key_from_pem(bad);
        BOOST_TEST(!pub.has_value());
        if (!pub)
            BOOST_TEST((pub.error() == error::bad_pem || pub.error() == error::unsupported_key));
    }
    BOOST_TEST(public_key_from_pem("not a key").error() == error::bad_pem);
    BOOST_TEST(public_key_from_pem(test_keys::rfc9421_rsa_private_pem).error() == error::bad_pem);
}

BOOST_AUTO_TEST_CASE(decodes_private_keys_in_every_published_form)
{
    auto traditional = private_key_from_pem(test_keys::rfc9421_rsa_private_pem);
    BOOST_TEST_REQUIRE(traditional.has_value());
    BOOST_TEST(traditional->type() == key_type::rsa);
    // Re-encoded as PKCS#8 whatever the input form.
    BOOST_TEST(starts_with(traditional->to_pem(), "-----BEGIN PRIVATE KEY-----\n"));

    auto pss = private_key_from_pem(test_keys::rfc9421_rsa_pss_private_pem);
    BOOST_TEST_REQUIRE(pss.has_value());
    BOOST_TEST(pss->type() == key_type::rsa);

    auto ed = private_key_from_pem(test_keys::rfc9421_ed25519_private_pem);
    BOOST_TEST_REQUIRE(ed.has_value());
    BOOST_TEST(ed->type() == key_type::ed25519);
    BOOST_TEST(ed->public_part().to_pem() == test_keys::rfc9421_ed25519_public_pem);
}

BOOST_AUTO_TEST_CASE(refuses_encrypted_private_keys_without_prompting)
{
    // With OpenSSL's default callback this would block reading a passphrase from the terminal.
    BOOST_TEST(private_key_from_pem(test_keys::encrypted_rsa_private_pem).error() ==
               error::bad_pem);
    BOOST_TEST(private_key_from_pem("-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n"
                                    "-----END ENCRYPTED PRIVATE KEY-----\n")
                   .error() == error::bad_pem);
}

BOOST_AUTO_TEST_CASE(refuses_text_that_is_not_a_private_key)
{
    BOOST_TEST(private_key_from_pem("").error() == error::bad_pem);
    BOOST_TEST(private_key_from_pem(test_keys::rfc9421_rsa_pss_public_pem).error() ==
               error::bad_pem);
    std::string corrupted(test_keys::rfc9421_ed25519_private_pem);
    corrupted[35] = corrupted[35] == 'A' ? 'B' : 'A';
    BOOST_TEST(!private_key_from_pem(corrupted).has_value());
}

BOOST_AUTO_TEST_CASE(empty_keys_report_nothing)
{
    public_key const pub;
    private_key const priv;
    BOOST_TEST(!pub);
    BOOST_TEST(!priv);
    BOOST_TEST(pub.bits() == 0);
    BOOST_TEST(!priv.public_part());
    BOOST_CHECK_THROW((void)pub.to_pem(), std::logic_error);
    BOOST_CHECK_THROW((void)priv.to_pem(), std::logic_error);
}

BOOST_AUTO_TEST_CASE(copies_share_one_key)
{
    auto priv = private_key_from_pem(test_keys::rfc9421_ed25519_private_pem);
    BOOST_TEST_REQUIRE(priv.has_value());
    private_key const copy = *priv;
    BOOST_TEST(copy.native() == priv->native());
}

BOOST_AUTO_TEST_SUITE_END()
