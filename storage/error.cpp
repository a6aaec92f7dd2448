// SPDX-License-Identifier: AGPL-3.0-or-later
// The "fedblog.storage" error category.
#include "storage/error.hpp"

#include <string>

namespace fedblog::storage {

namespace {

// boost::system::error_category has a protected non-virtual destructor by design (categories
// are never deleted through a base pointer); GCC's -Wnon-virtual-dtor still flags derivation.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

class category final : public boost::system::error_category
{
public:
    const char* name() const noexcept override { return "fedblog.storage"; }

    std::string message(int ev) const override
    {
        switch (static_cast<error>(ev))
        {
        case error::conflict:
            return "uniqueness conflict";
        case error::busy:
            return "database busy";
        case error::unavailable:
            return "database unavailable";
        case error::schema_mismatch:
            return "schema version mismatch";
        case error::backend:
            return "storage backend failure";
        case error::bad_url:
            return "bad store url";
        case error::invalid_argument:
            return "invalid argument";
        }
        return "unknown storage error";
    }
};

#pragma GCC diagnostic pop

} // namespace

const boost::system::error_category& error_category() noexcept
{
    static const category instance;
    return instance;
}

} // namespace fedblog::storage
