// SPDX-License-Identifier: AGPL-3.0-or-later
// RSA and Ed25519 keys as cheap-to-copy values, with PEM encode/decode.
#pragma once

#include <boost/system/result.hpp>

#include <memory>
#include <string>
#include <string_view>

// Forward declaration keeps OpenSSL headers out of every includer.
struct evp_pkey_st;

namespace fedblog::keys {

enum class key_type
{
    rsa,
    ed25519,
};

/** A public key (RSA or Ed25519).

    Copies share one immutable OpenSSL key object; using it from several threads at once is
    safe (OpenSSL 3 keys are read-only after creation).
*/
class public_key
{
public:
    public_key() = default;

    explicit public_key(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}

    /// True when this holds a key (a default-constructed public_key holds none).
    explicit operator bool() const noexcept { return key_ != nullptr; }

    /// The key's type; key_type::rsa for an empty key. RSA-PSS keys report key_type::rsa.
    key_type type() const noexcept;

    /// Modulus size for RSA (e.g. 2048), 256 for Ed25519, 0 for an empty key.
    int bits() const noexcept;

    /// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), as ActivityPub's publicKeyPem.
    /// Throws std::logic_error on an empty key, std::runtime_error if OpenSSL fails.
    std::string to_pem() const;

    evp_pkey_st* native() const noexcept { return key_.get(); }

private:
    std::shared_ptr<evp_pkey_st> key_;
};

/// A private key; same sharing and thread-safety rules as public_key.
class private_key
{
public:
    private_key() = default;

    explicit private_key(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}

    explicit operator bool() const noexcept { return key_ != nullptr; }

    /// The key's type; key_type::rsa for an empty key.
    key_type type() const noexcept;

    /// Unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Same exceptions as
    /// public_key::to_pem.
    std::string to_pem() const;

    /// The matching public key (holding no private material); empty for an empty key. No size
    /// policy is applied (see private_key_from_pem).
    public_key public_part() const;

    evp_pkey_st* native() const noexcept { return key_.get(); }

private:
    std::shared_ptr<evp_pkey_st> key_;
};

/** PEM text as OpenSSL wants it: surrounding whitespace dropped, CRLF and lone CR turned
    into LF, one final newline. The base64 payload is untouched, so two texts of one key in
    this form are equal. */
[[nodiscard]] std::string normalize_pem(std::string_view pem);

/** Generates an RSA key pair (e = 65537).
    @return the key; error::unsupported_key when `bits` is under 2048 or over 16384 (we never
    create keys that our own public_key_from_pem would refuse); error::keygen_failed when
    OpenSSL fails.
*/
[[nodiscard]] boost::system::result<private_key> generate_rsa(int bits = 2048);

/// Generates an Ed25519 key pair.
[[nodiscard]] boost::system::result<private_key> generate_ed25519();

/** Decodes a private key from PEM (PKCS#8, or traditional "BEGIN RSA PRIVATE KEY").
    Surrounding whitespace and `\r\n` line ends are tolerated; encrypted keys are refused
    (never prompts for a passphrase).

    No minimum RSA size is applied: private keys are our own (generate_rsa enforces 2048 bits)
    or test fixtures such as the 1024-bit key of draft-cavage-http-signatures-12 Appendix C,
    whose public_part() is how tests verify that draft's published signatures.

    @return the key; error::bad_pem when the text is not an unencrypted private key PEM;
    error::unsupported_key for key types other than RSA (rsaEncryption or RSASSA-PSS) and
    Ed25519.
*/
[[nodiscard]] boost::system::result<private_key> private_key_from_pem(std::string_view pem);

/** Decodes a public key from PEM: SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") or PKCS#1
    ("BEGIN RSA PUBLIC KEY"), both seen in the fediverse's publicKeyPem. Leading and trailing
    whitespace and `\r\n` line ends are tolerated.

    `min_rsa_bits` exists for tests that load published vectors made with smaller keys; every
    production caller keeps the default. RSA keys over 16384 bits are refused too, because
    verifying with them costs a remote peer nothing and us a lot.

    @return the key; error::bad_pem when the text is not a public key PEM (a private key PEM is
    refused too); error::unsupported_key for RSA keys under `min_rsa_bits` or over 16384 bits,
    or key types other than RSA and Ed25519.
*/
[[nodiscard]] boost::system::result<public_key> public_key_from_pem(std::string_view pem,
                                                                    int min_rsa_bits = 2048);

} // namespace fedblog::keys
