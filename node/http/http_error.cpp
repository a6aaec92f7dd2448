// SPDX-License-Identifier: AGPL-3.0-or-later
// The one place where module error codes become HTTP statuses.
#include "node/http/http_error.hpp"

#include "protocol/error.hpp"
#include "storage/error.hpp"

namespace fedblog::node {

http_error to_http_error(const boost::system::error_code& ec, std::string public_text)
{
    using boost::beast::http::status;
    http_error e;
    e.log_detail = ec.message();
    if (ec.category() == protocol::error_category())
    {
        switch (static_cast<protocol::error>(ec.value()))
        {
        case protocol::error::signature_missing:
        case protocol::error::signature_malformed:
        case protocol::error::signature_unsupported_algorithm:
        case protocol::error::signature_headers_insufficient:
        case protocol::error::signature_header_missing:
        case protocol::error::signature_expired:
        case protocol::error::bad_date:
        case protocol::error::signature_invalid:
        case protocol::error::digest_missing:
        case protocol::error::digest_mismatch:
            e.status = status::unauthorized;
            break;
        case protocol::error::json_too_large:
            e.status = status::payload_too_large;
            break;
        default:
            e.status = status::bad_request;
        }
        // Protocol messages are fixed strings that never echo input: safe to show.
        e.public_text = public_text.empty() ? ec.message() : std::move(public_text);
        return e;
    }
    if (ec.category() == storage::error_category())
    {
        switch (static_cast<storage::error>(ec.value()))
        {
        case storage::error::conflict:
            e.status = status::conflict;
            break;
        case storage::error::busy:
        case storage::error::unavailable:
            e.status = status::service_unavailable;
            break;
        default:
            e.status = status::internal_server_error;
        }
        e.public_text = public_text.empty() ? "storage error" : std::move(public_text);
        return e;
    }
    e.status      = status::internal_server_error;
    e.public_text = public_text.empty() ? "internal error" : std::move(public_text);
    return e;
}

} // namespace fedblog::node
