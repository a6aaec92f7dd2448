// SPDX-License-Identifier: AGPL-3.0-or-later
// A private key read and checked at start, decoded at its first signature (see the header).
#include "keys/deferred_key.hpp"

#include "keys/error.hpp"
#include "keys/key_file.hpp"

#include <openssl/crypto.h>

#include <atomic>
#include <mutex>
#include <string_view>
#include <utility>

namespace fedblog::keys {

struct deferred_private_key::state
{
    std::once_flag once;
    std::atomic<bool> decoded{false};
    std::string pem;        ///< the file's text until decoded, then cleansed
    std::string public_pem; ///< what the key must match, normalize_pem(); empty: anything
    boost::system::result<private_key> key{error::bad_pem}; ///< set once, under `once`

    state()                        = default;
    state(const state&)            = delete;
    state& operator=(const state&) = delete;

    ~state() { OPENSSL_cleanse(pem.data(), pem.size()); } // a key never used

    void decode() noexcept
    {
        try
        {
            key = private_key_from_pem(pem);
            if (key && !public_pem.empty() &&
                normalize_pem(key->public_part().to_pem()) != public_pem)
                key = error::key_mismatch;
        }
        catch (...)
        {
            key = error::bad_pem; // OpenSSL out of memory while writing the public part
        }
        OPENSSL_cleanse(pem.data(), pem.size());
        pem.clear();
        decoded = true;
    }
};

deferred_private_key::deferred_private_key(private_key key) : state_(std::make_shared<state>())
{
    std::call_once(state_->once, [&] {
        state_->key     = std::move(key);
        state_->decoded = true;
    });
}

boost::system::result<deferred_private_key>
deferred_private_key::from_file(const std::filesystem::path& path, std::string public_pem)
{
    auto pem = read_private_key_pem(path);
    if (!pem)
        return pem.error();
    // A cheap look at the label now, so that a wrong file fails the start, not a delivery.
    const std::string_view text(*pem);
    if (text.find("-----BEGIN PRIVATE KEY-----") == std::string_view::npos &&
        text.find("-----BEGIN RSA PRIVATE KEY-----") == std::string_view::npos)
    {
        OPENSSL_cleanse(pem->data(), pem->size());
        return error::bad_pem;
    }
    deferred_private_key out;
    out.state_             = std::make_shared<state>();
    out.state_->pem        = std::move(*pem);
    out.state_->public_pem = public_pem.empty() ? std::string() : normalize_pem(public_pem);
    return out;
}

boost::system::result<private_key> deferred_private_key::get() const
{
    if (!state_)
        return error::bad_pem;
    std::call_once(state_->once, [this] { state_->decode(); });
    return state_->key;
}

bool deferred_private_key::decoded() const
{
    return state_ && state_->decoded;
}

} // namespace fedblog::keys
