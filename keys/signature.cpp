// SPDX-License-Identifier: AGPL-3.0-or-later
// Sign and verify raw bytes with EVP_DigestSign/EVP_DigestVerify.
#include "keys/signature.hpp"

#include "keys/error.hpp"
#include "keys/openssl_error.hpp"
#include "keys/openssl_ptr.hpp"
#include "keys/verify_contexts.hpp"

#include <openssl/rsa.h>

namespace fedblog::keys {

namespace {

bool key_fits(key_type type, algorithm alg) noexcept
{
    return (alg == algorithm::ed25519) == (type == key_type::ed25519);
}

/// Ed25519 hashes internally (PureEdDSA), so it takes no digest.
const EVP_MD* digest_for(algorithm alg) noexcept
{
    switch (alg)
    {
    case algorithm::rsa_v1_5_sha256:
        return EVP_sha256();
    case algorithm::rsa_v1_5_sha512:
    case algorithm::rsa_pss_sha512:
        return EVP_sha512();
    case algorithm::ed25519:
        return nullptr;
    }
    return nullptr;
}

/** Sets the padding explicitly: PKCS#1 v1.5 for the rsa_v1_5_* algorithms, and what RFC 9421
    section 3.3.1 fixes for rsa-pss-sha512 (MGF1 with SHA-512, salt of 64 bytes). Relying on
    OpenSSL's default would be wrong for keys typed RSASSA-PSS, whose default padding is PSS:
    a "v1.5" signature would silently be a PSS one.
*/
bool configure(EVP_PKEY_CTX* pctx, algorithm alg) noexcept
{
    switch (alg)
    {
    case algorithm::rsa_v1_5_sha256:
    case algorithm::rsa_v1_5_sha512:
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) == 1;
    case algorithm::rsa_pss_sha512:
        return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
               EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 64) == 1 &&
               EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha512()) == 1;
    case algorithm::ed25519:
        return true;
    }
    return false;
}

} // namespace

boost::system::result<std::string> sign(const private_key& key, algorithm alg,
                                        std::string_view data)
{
    if (!key || !key_fits(key.type(), alg))
        return error::unsupported_key;

    detail::evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, digest_for(alg), nullptr, key.native()) != 1 ||
        !configure(pctx, alg))
    {
        detail::drain_openssl_errors();
        return error::sign_failed;
    }
    auto const* in   = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t size = 0;
    if (EVP_DigestSign(ctx.get(), nullptr, &size, in, data.size()) != 1)
    {
        detail::drain_openssl_errors();
        return error::sign_failed;
    }
    std::string out(size, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &size, in,
                       data.size()) != 1)
    {
        detail::drain_openssl_errors();
        return error::sign_failed;
    }
    out.resize(size);
    return out;
}

bool verify(const public_key& key, algorithm alg, std::string_view data,
            std::string_view signature) noexcept
{
    if (!key || !key_fits(key.type(), alg))
        return false;
    // What nearly every inbound request is signed with, on a context kept per key.
    if (alg == algorithm::rsa_v1_5_sha256)
        return detail::verify_rsa_v1_5(key.native(), detail::fetched_sha256(), data, signature);
    if (alg == algorithm::rsa_v1_5_sha512)
        return detail::verify_rsa_v1_5(key.native(), detail::fetched_sha512(), data, signature);

    detail::evp_md_ctx_ptr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr; // owned by ctx
    bool const ok =
        ctx &&
        EVP_DigestVerifyInit(ctx.get(), &pctx, digest_for(alg), nullptr, key.native()) == 1 &&
        configure(pctx, alg) &&
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                         signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                         data.size()) == 1;
    if (!ok)
        detail::clear_openssl_errors();
    return ok;
}

} // namespace fedblog::keys
