// SPDX-License-Identifier: AGPL-3.0-or-later
// An HTTP-facing error: a status, text safe to show the client, and detail for our log.
#pragma once

#include <boost/beast/http/status.hpp>
#include <boost/system/error_code.hpp>

#include <string>

namespace fedblog::node {

/** What a handler returns instead of a response when the request cannot be served.
    `public_text` goes to the client (RFC 9457 problem details `detail`); `log_detail` only
    to our log. Never put remote input or internal paths into public_text.
*/
struct http_error
{
    boost::beast::http::status status = boost::beast::http::status::internal_server_error;
    std::string public_text;
    std::string log_detail;
};

/** Maps an error code from keys/, protocol/ or storage/ to an http_error: signature and
    digest problems → 401 (what fediverse senders expect, INTEROP.md A1), malformed
    documents → 400, storage conflict → 409, busy → 503, the rest → 500.
*/
[[nodiscard]] http_error to_http_error(const boost::system::error_code& ec,
                                       std::string public_text = {});

} // namespace fedblog::node
