// SPDX-License-Identifier: AGPL-3.0-or-later
// The "fedblog.keys" error category.
#include "keys/error.hpp"

#include <string>

namespace fedblog::keys {

namespace {

// boost::system::error_category has a protected non-virtual destructor on purpose: categories
// are static singletons, never deleted through a base pointer. GCC's -Wnon-virtual-dtor cannot
// know that, so it is silenced for this one class.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

class category final : public boost::system::error_category
{
public:
    const char* name() const noexcept override { return "fedblog.keys"; }

    std::string message(int ev) const override
    {
        switch (static_cast<error>(ev))
        {
        case error::bad_pem:
            return "malformed pem key";
        case error::unsupported_key:
            return "unsupported key type or size";
        case error::keygen_failed:
            return "key generation failed";
        case error::sign_failed:
            return "signing failed";
        case error::bad_base64:
            return "malformed base64";
        case error::io_failed:
            return "key file i/o failed";
        case error::insecure_permissions:
            return "key file is accessible by other users";
        case error::key_mismatch:
            return "private key does not match its published public key";
        }
        return "unknown keys error";
    }
};

#pragma GCC diagnostic pop

} // namespace

const boost::system::error_category& error_category() noexcept
{
    static const category instance;
    return instance;
}

} // namespace fedblog::keys
