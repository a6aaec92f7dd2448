// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-signature verification of an inbound POST (or signed GET), end to end.
#pragma once

#include "node/http/http_error.hpp"
#include "node/http/types.hpp"

#include <string>

namespace fedblog::node {

class app;

struct verified_request
{
    enum class outcome
    {
        verified, ///< `signer` holds the key owner's actor id
        rejected, ///< `error` says why (401 / 503)
        key_gone, ///< the key's document answers 410 Gone (its actor was deleted)
    };
    outcome result = outcome::rejected;
    std::string signer;
    std::string key_id;
    http_error error;
};

/** Verifies the request's HTTP signature (draft-cavage or RFC 9421) against its body.

    Order: signature headers and policy (covered headers, Date window, Digest against the
    body: all without network), then the key — from the cache, else fetched with a signed
    GET — then the signature. When the cached key fails, the key is fetched again once and
    the signature retried (the signer may have rotated its key); to keep a stream of bad
    signatures from turning into a stream of fetches, each key id is refetched at most once a
    minute (may_refetch()).
*/
asio::awaitable<verified_request> verify_request(app& a, const request& req);

} // namespace fedblog::node
