// SPDX-License-Identifier: AGPL-3.0-or-later
// Raw signing and verification over bytes, for the algorithms HTTP signatures use.
#pragma once

#include "keys/key_pair.hpp"

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace fedblog::keys {

/// Signature algorithms; names follow the RFC 9421 registry.
enum class algorithm
{
    rsa_v1_5_sha256, ///< RSASSA-PKCS1-v1_5 with SHA-256 (draft-cavage rsa-sha256/hs2019)
    rsa_v1_5_sha512, ///< RSASSA-PKCS1-v1_5 with SHA-512
    rsa_pss_sha512,  ///< RSASSA-PSS, SHA-512, MGF1-SHA-512, salt 64 bytes (RFC 9421 3.3.1)
    ed25519,         ///< EdDSA over Curve25519 (RFC 9421 3.3.6)
};

/** Signs `data` with `key` under `alg`. RSASSA-PKCS1-v1_5 and Ed25519 output is deterministic;
    RSASSA-PSS output is randomized (RFC 9421 section 7.3.5).
    Thread safety: safe to call concurrently with the same key.
    @return the raw signature bytes; error::unsupported_key when the key is empty or of the
    wrong type for `alg` (RSA vs Ed25519); error::sign_failed when OpenSSL refuses, e.g. a key
    restricted to RSASSA-PSS asked for a PKCS#1 v1.5 signature.
*/
[[nodiscard]] boost::system::result<std::string> sign(const private_key& key, algorithm alg,
                                                      std::string_view data);

/** Verifies a raw `signature` over `data`. The padding is always the one `alg` names, never
    the key's default, so a PSS signature cannot pass as PKCS#1 v1.5 or the reverse.
    @return true only when the signature is valid for this key and algorithm; false for a wrong
    signature, an empty key, a key of the wrong type, or any OpenSSL failure. Never throws.
*/
[[nodiscard]] bool verify(const public_key& key, algorithm alg, std::string_view data,
                          std::string_view signature) noexcept;

} // namespace fedblog::keys
