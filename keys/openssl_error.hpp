// SPDX-License-Identifier: AGPL-3.0-or-later
// The one place that reads OpenSSL's thread-local error queue.
#pragma once

#include <string>

namespace fedblog::keys::detail {

/** Empties this thread's OpenSSL error queue and returns its entries joined by "; ".

    Every failing OpenSSL call leaves entries behind; if they were not drained, a later,
    unrelated call on the same thread could report a stale error. Call this on every failure
    path, even when the text is not used.
*/
std::string drain_openssl_errors();

/// Like drain_openssl_errors(), for noexcept paths that have no use for the text.
void clear_openssl_errors() noexcept;

} // namespace fedblog::keys::detail
