// SPDX-License-Identifier: AGPL-3.0-or-later
// Signs outgoing Beast requests the way Mastodon does (INTEROP.md B12-B16).
#pragma once

#include "keys/key_pair.hpp"
#include "node/net.hpp"

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

} // namespace fedblog::node
