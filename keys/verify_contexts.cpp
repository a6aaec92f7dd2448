// SPDX-License-Identifier: AGPL-3.0-or-later
// A small per-thread cache of initialized EVP_PKEY_verify contexts.
#include "keys/verify_contexts.hpp"

#include "keys/openssl_error.hpp"

#include <openssl/rsa.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <utility>

namespace fedblog::keys::detail {

namespace {

struct prepared
{
    EVP_PKEY* key    = nullptr; // kept alive by ctx, so its address cannot be reused
    const EVP_MD* md = nullptr;
    evp_pkey_ctx_ptr ctx;
};

/// The contexts of the keys this thread verified with last, most recent first. Inbox
/// traffic comes from a handful of busy servers at a time; a miss costs one init.
class context_cache
{
public:
    EVP_PKEY_CTX* find_or_make(EVP_PKEY* key, const EVP_MD* md) noexcept
    {
        for (std::size_t i = 0; i < used_; ++i)
            if (slots_[i].key == key && slots_[i].md == md)
            {
                std::rotate(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(i),
                            slots_.begin() + static_cast<std::ptrdiff_t>(i) + 1);
                return slots_[0].ctx.get();
            }
        evp_pkey_ctx_ptr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
        if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
            EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
            EVP_PKEY_CTX_set_signature_md(ctx.get(), md) != 1)
            return nullptr;
        // The least recent falls out (freeing its context and its hold on the key).
        if (used_ < slots_.size())
            ++used_;
        std::rotate(slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(used_) - 1,
                    slots_.begin() + static_cast<std::ptrdiff_t>(used_));
        slots_[0] = prepared{key, md, std::move(ctx)};
        return slots_[0].ctx.get();
    }

private:
    std::array<prepared, 32> slots_{};
    std::size_t used_ = 0;
};

const EVP_MD* fetch_once(const char* name) noexcept
{
    // Fetched objects are reference-counted; these live as long as the process.
    return EVP_MD_fetch(nullptr, name, nullptr);
}

} // namespace

const EVP_MD* fetched_sha256() noexcept
{
    static const EVP_MD* const md = fetch_once("SHA2-256");
    return md;
}

const EVP_MD* fetched_sha512() noexcept
{
    static const EVP_MD* const md = fetch_once("SHA2-512");
    return md;
}

bool verify_rsa_v1_5(EVP_PKEY* key, const EVP_MD* md, std::string_view data,
                     std::string_view signature) noexcept
{
    thread_local context_cache contexts;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_size = 0;
    EVP_PKEY_CTX* ctx        = nullptr;
    bool const ok            = key != nullptr && md != nullptr &&
                    EVP_Digest(data.data(), data.size(), digest, &digest_size, md, nullptr) == 1 &&
                    (ctx = contexts.find_or_make(key, md)) != nullptr &&
                    EVP_PKEY_verify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                                    signature.size(), digest, digest_size) == 1;
    if (!ok)
        clear_openssl_errors();
    return ok;
}

} // namespace fedblog::keys::detail
