// SPDX-License-Identifier: AGPL-3.0-or-later
// Signs outgoing Beast requests the way Mastodon does (INTEROP.md B12-B16).
#pragma once

#include "keys/key_pair.hpp"
#include "node/net.hpp"
#include "node/outbound/http_client.hpp"

#include <boost/system/result.hpp>

#include <string_view>

namespace fedblog::node {

/** Adds a draft-cavage `Signature` to `msg` (which must already carry Host and Date).

    POSTs get `Digest: SHA-256=...` and `Content-Type: application/activity+json` (unless a
    content type is set) and sign `(request-target) host date digest content-type`; GETs
    sign `(request-target) host date`. Algorithm rsa-sha256 for RSA keys.
    @return success, or the signing error.
*/
[[nodiscard]] boost::system::result<void> sign_request(http::request<http::string_body>& msg,
                                                       const keys::private_key& key,
                                                       std::string_view key_id);

/** Signs a delivery POST that already carries Host, Date, `Digest` (computed once per
    activity, not per request) and Content-Type: adds `Signature` covering
    `(request-target) host date digest content-type`, as sign_request() does for POSTs.
    CPU-bound (one RSA-2048 private-key operation, about a millisecond): the delivery
    engine runs it on its signing thread pool, never on an I/O thread.
    @return success, or the signing error (a missing header, a key failure).
    @par Thread Safety
    Safe to call concurrently on distinct messages; `key` is only read.
*/
[[nodiscard]] boost::system::result<void>
sign_prepared(prepared_request& msg, const keys::private_key& key, std::string_view key_id);

} // namespace fedblog::node
