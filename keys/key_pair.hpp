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

    key_type type() const noexcept;

    /// Modulus size for RSA (e.g. 2048), 256 for Ed25519.
    int bits() const noexcept;

    /// SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----"), as ActivityPub's publicKeyPem.
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

    key_type type() const noexcept;

    /// Unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
    std::string to_pem() const;

    public_key public_part() const;

    evp_pkey_st* native() const noexcept { return key_.get(); }

private:
    std::shared_ptr<evp_pkey_st> key_;
};

/// Generates an RSA key pair (e = 65537). Returns error::keygen_failed on failure.
[[nodiscard]] boost::system::result<private_key> generate_rsa(int bits = 2048);

/// Generates an Ed25519 key pair.
[[nodiscard]] boost::system::result<private_key> generate_ed25519();

/** Decodes a private key from PEM (PKCS#8, or traditional "BEGIN RSA PRIVATE KEY").
    @return the key, or error::bad_pem.
*/
[[nodiscard]] boost::system::result<private_key> private_key_from_pem(std::string_view pem);

/** Decodes a public key from PEM: SubjectPublicKeyInfo ("BEGIN PUBLIC KEY") or PKCS#1
    ("BEGIN RSA PUBLIC KEY"), both seen in the fediverse's publicKeyPem. Leading and trailing
    whitespace and `\r\n` line ends are tolerated.

    @return the key; error::bad_pem when the text is not a key; error::unsupported_key for RSA
    keys under 2048 bits or key types other than RSA and Ed25519.
*/
[[nodiscard]] boost::system::result<public_key> public_key_from_pem(std::string_view pem);

} // namespace fedblog::keys
