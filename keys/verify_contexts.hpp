// SPDX-License-Identifier: AGPL-3.0-or-later
// Prepared RSA PKCS#1 v1.5 verification contexts, reused per thread (only keys/*.cpp).
#pragma once

#include "keys/openssl_ptr.hpp"

#include <string_view>

namespace fedblog::keys::detail {

/** Verifies an RSASSA-PKCS1-v1_5 signature over `data` hashed with `md` (SHA-256 or
    SHA-512), with a context prepared once per key and thread.

    EVP_DigestVerifyInit() looks the algorithms up in OpenSSL 3's provider store on every
    call, which costs about as much as the RSA public-key operation itself: the inbox
    verifies every request, refused ones included. A verify context, once initialized, may
    run any number of verifications with the same parameters (EVP_PKEY_verify(3)), so each
    thread keeps one for each of the keys it used last.

    @return true when the signature verifies; false for any failure (errors are cleared).
*/
[[nodiscard]] bool verify_rsa_v1_5(EVP_PKEY* key, const EVP_MD* md, std::string_view data,
                                   std::string_view signature) noexcept;

/// SHA-256 and SHA-512, fetched from the default provider once.
[[nodiscard]] const EVP_MD* fetched_sha256() noexcept;
[[nodiscard]] const EVP_MD* fetched_sha512() noexcept;

} // namespace fedblog::keys::detail
