// SPDX-License-Identifier: AGPL-3.0-or-later
// A cacheable 200 answer kept as the bytes of its header fields and body.
#pragma once

#include "node/http/types.hpp"

#include <string>
#include <string_view>

namespace fedblog::node {

/** A document that is fetched far more often than it changes (the actor, a cached Note),
    with the header fields of its 200 answer already written out. The server sends such an
    answer as the status line, `fields`, Server and Date, and the body, in one gathered
    write: building it as a Beast message, with its field container set and freed and the
    negotiation helpers run, was over a third of the user-space work of a Note GET
    (bench/README.md, "a Note GET as prebuilt bytes").

    @par Thread Safety
    Immutable once made; share it through a pointer to const.
*/
struct prebuilt_response
{
    std::string body;
    std::string etag; ///< etag_for(body)
    std::string content_type;
    int max_age = 0;
    /// Content-Type, Content-Length, Vary, ETag and Cache-Control, each ending in CRLF: the
    /// fields negotiated_response() gives a 200 answer, in its order.
    std::string fields;
};

/// The prebuilt 200 answer negotiated_response() would give for `body`.
[[nodiscard]] prebuilt_response make_prebuilt_response(std::string body,
                                                       std::string_view content_type, int max_age);

/// negotiated_response() for a prebuilt document: the way for requests the server does not
/// answer from the bytes (a validator to compare, Connection: close, HTTP/1.0).
[[nodiscard]] response negotiated_response(const request& req, const prebuilt_response& doc);

/** True when the server may answer `req` with the prebuilt bytes alone: an HTTP/1.1 GET or
    HEAD that keeps the connection open and carries no If-None-Match (whose 304 the full
    path decides). The answer then needs no Connection field.
*/
[[nodiscard]] bool prebuilt_answers(const request& req);

} // namespace fedblog::node
