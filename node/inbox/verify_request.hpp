// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-signature verification of an inbound POST (or signed GET), end to end.
#pragma once

#include "node/http/http_error.hpp"
#include "node/http/types.hpp"
#include "protocol/http_signature.hpp"

#include <optional>
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

/** Verifies a request's HTTP signature (draft-cavage or RFC 9421) against its body.

    Order: signature headers and policy (covered headers, Date window, Digest against the
    body: all without network) when constructed; then the key — from the cache, else fetched
    with a signed GET — then the signature. When the cached key fails, the key is fetched
    again once and the signature retried (the signer may have rotated its key); to keep a
    stream of bad signatures from turning into a stream of fetches, each key id is refetched
    at most once a minute (may_refetch()).

    try_cached() gives the verdict at once where no lookup is needed (a refused signature,
    or a key held in memory), so the inbox can refuse a forged request before it parses the
    body; finish() gives it in every case. `a` and `req` must outlive this object.
*/
class request_verification
{
public:
    request_verification(app& a, const request& req);

    /// The verdict without a trip anywhere, if there is one: std::nullopt when the key must
    /// be looked up in the store or fetched (or, having failed, fetched again).
    [[nodiscard]] std::optional<verified_request> try_cached();

    /// The verdict; looks the key up or fetches it as needed.
    asio::awaitable<verified_request> finish();

private:
    app& app_;
    std::optional<protocol::pending_verification> pending_;
    std::optional<verified_request> refused_;
    bool refetch_ = false; ///< try_cached() found the held key failing: fetch a fresh one
};

} // namespace fedblog::node
