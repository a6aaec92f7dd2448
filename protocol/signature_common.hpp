// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal helpers shared by the draft-cavage and RFC 9421 halves of http_signature.
#pragma once

#include "protocol/http_signature.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace fedblog::protocol::detail {

/** Both Signature (cavage) and Signature-Input/Signature (RFC 9421) values above this size
    are refused before parsing. Real ones are well under 2 KiB (an RSA-4096 signature is 684
    base64 characters); the cap bounds the work and memory a hostile header can cause.
*/
inline constexpr std::size_t max_signature_header_size = 8192;

/// Most components a signature may cover. Fediverse signers cover at most about eight; the
/// cap bounds the size of signing strings built from repeated large headers.
inline constexpr std::size_t max_covered_components = 64;

[[nodiscard]] std::string to_lower(std::string_view text);

[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

/// Strips leading and trailing SP/HTAB (HTTP OWS).
[[nodiscard]] std::string_view trim_ows(std::string_view text) noexcept;

/** The value of header `name` as it enters a signing string: every field line with its OWS
    trimmed, lines joined with ", " in the order received. Both draft-cavage-12 section 2.3 and
    RFC 9421 section 2.1 define it this way. std::nullopt when the header is absent.
*/
[[nodiscard]] std::optional<std::string> signing_field_value(const header_list* headers,
                                                             std::string_view name);

/// True when `method` equals `expected`, ignoring case (see prepare_verification).
[[nodiscard]] bool method_is(std::string_view method, std::string_view expected) noexcept;

/** Whether the body must be covered by a digest: always for POST, and for any request that
    carries a body (draft-cavage as Mastodon and Fedify apply it, INTEROP.md A3 and H).
*/
[[nodiscard]] bool body_digest_required(const request_view& request,
                                        const verify_options& options) noexcept;

/** Applies the time window of prepare_verification() to a signed creation time and an
    optional signed expiry. @return error::signature_expired when outside.
*/
[[nodiscard]] boost::system::result<void> check_time_window(sys_seconds created,
                                                            std::optional<sys_seconds> expires,
                                                            const verify_options& options);

[[nodiscard]] boost::system::result<pending_verification>
prepare_cavage(const request_view& request, const verify_options& options);

[[nodiscard]] boost::system::result<pending_verification>
prepare_rfc9421(const request_view& request, const verify_options& options);

} // namespace fedblog::protocol::detail
