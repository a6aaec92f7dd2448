// SPDX-License-Identifier: AGPL-3.0-or-later
// The "fedblog.protocol" error category. Messages are shown to remote peers: never add input.
#include "protocol/error.hpp"

#include <string>

namespace fedblog::protocol {

namespace {

// boost::system::error_category has a protected non-virtual destructor on purpose: categories
// are static singletons, never deleted through a base pointer. GCC's -Wnon-virtual-dtor cannot
// know that, so it is silenced for this one class.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"

class category final : public boost::system::error_category
{
public:
    const char* name() const noexcept override { return "fedblog.protocol"; }

    std::string message(int ev) const override
    {
        switch (static_cast<error>(ev))
        {
        case error::malformed_json:
            return "malformed json";
        case error::json_too_deep:
            return "json nested too deeply";
        case error::json_too_large:
            return "json document too large";
        case error::not_an_object:
            return "json document is not an object";
        case error::missing_field:
            return "required field missing or of the wrong type";
        case error::bad_iri:
            return "unusable iri";
        case error::signature_missing:
            return "request not signed";
        case error::signature_malformed:
            return "malformed signature header";
        case error::signature_unsupported_algorithm:
            return "unsupported signature algorithm";
        case error::signature_headers_insufficient:
            return "signature covers too few components";
        case error::signature_header_missing:
            return "signed header missing from request";
        case error::signature_expired:
            return "signature outside the accepted time window";
        case error::bad_date:
            return "unparsable date";
        case error::signature_invalid:
            return "signature does not verify";
        case error::digest_missing:
            return "body digest header missing";
        case error::digest_malformed:
            return "malformed or unsupported body digest";
        case error::digest_mismatch:
            return "body digest does not match";
        case error::bad_resource:
            return "unusable webfinger resource";
        case error::invalid_document:
            return "document violates the protocol";
        }
        return "unknown protocol error";
    }
};

#pragma GCC diagnostic pop

} // namespace

const boost::system::error_category& error_category() noexcept
{
    static const category instance;
    return instance;
}

} // namespace fedblog::protocol
