// SPDX-License-Identifier: AGPL-3.0-or-later
// Signed GETs of ActivityStreams documents (actors, keys, objects).
#pragma once

#include "keys/deferred_key.hpp"
#include "node/outbound/http_client.hpp"
#include "protocol/json.hpp"

#include <boost/system/result.hpp>

#include <string>

namespace fedblog::node {

/// A fetched document: `status` is the HTTP status; `doc` is set only for 200.
struct fetched_document
{
    unsigned status = 0;
    protocol::json::value doc;
    std::string url; ///< the URL finally answered (after redirects)
};

/** Fetches AS2 documents, signed by the instance actor so servers in authorized-fetch mode
    answer (INTEROP.md G53), with `Accept: application/activity+json, application/ld+json`.

    A 200 answer is used only when its Content-Type is an ActivityStreams type (or plain
    application/json, which a few servers still send), it parses as a JSON object within the
    limits, and its `id` equals the requested URL (fragment removed) — otherwise anyone could
    answer for another object (INTEROP.md C21, C22).

    @par Thread Safety
    Safe to use concurrently; must outlive its calls.
*/
class fetcher
{
public:
    fetcher(http_client& client, keys::deferred_private_key key, std::string key_id);

    /** GETs `url`. @return the document (any status; doc only on 200), or client_error /
        protocol::error::invalid_document / malformed_json.
    */
    asio::awaitable<boost::system::result<fetched_document>> fetch(std::string url);

private:
    http_client& client_;
    keys::deferred_private_key key_;
    std::string key_id_;
};

} // namespace fedblog::node
