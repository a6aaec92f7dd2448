// SPDX-License-Identifier: AGPL-3.0-or-later
// unique_ptr aliases that free OpenSSL handles; only keys/*.cpp include this (it pulls in OpenSSL).
#pragma once

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>

#include <memory>

namespace fedblog::keys::detail {

struct evp_pkey_deleter
{
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};

struct evp_pkey_ctx_deleter
{
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};

struct evp_md_ctx_deleter
{
    void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};

struct bio_deleter
{
    void operator()(BIO* p) const noexcept { BIO_free_all(p); }
};

struct decoder_ctx_deleter
{
    void operator()(OSSL_DECODER_CTX* p) const noexcept { OSSL_DECODER_CTX_free(p); }
};

using evp_pkey_ptr     = std::unique_ptr<EVP_PKEY, evp_pkey_deleter>;
using evp_pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, evp_pkey_ctx_deleter>;
using evp_md_ctx_ptr   = std::unique_ptr<EVP_MD_CTX, evp_md_ctx_deleter>;
using bio_ptr          = std::unique_ptr<BIO, bio_deleter>;
using decoder_ctx_ptr  = std::unique_ptr<OSSL_DECODER_CTX, decoder_ctx_deleter>;

/// Moves ownership of `key` into the shared handle that public_key/private_key hold.
inline std::shared_ptr<EVP_PKEY> share(evp_pkey_ptr key)
{
    return std::shared_ptr<EVP_PKEY>(key.release(), evp_pkey_deleter{});
}

} // namespace fedblog::keys::detail
