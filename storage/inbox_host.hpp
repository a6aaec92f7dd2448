// SPDX-License-Identifier: AGPL-3.0-or-later
// The delivery "host" of an inbox URL: the key the delivery engine uses for per-host limits.
#pragma once

#include "storage/store.hpp"

#include <string>
#include <string_view>

namespace fedblog::storage {

/** Returns the normalised authority of `inbox_url` as stored in delivery_job::host.

    The result is the host, lowercased, followed by ":port" when the URL names a port other
    than its scheme's default: "https://Example.COM:443/inbox" gives "example.com",
    "http://127.0.0.1:8080/inbox" gives "127.0.0.1:8080", "https://[::1]:8443/x" gives
    "[::1]:8443". User info is dropped. Two inboxes get the same host exactly when a
    connection to one is a connection to the other, so per-host limits count them together.

    @return the host; error::invalid_argument unless `inbox_url` is an absolute http or https
    URL with a non-empty host (nothing else can be delivered to).

    @par Thread Safety
    Pure function; safe from any thread.
*/
[[nodiscard]] result<std::string> inbox_host(std::string_view inbox_url);

} // namespace fedblog::storage
