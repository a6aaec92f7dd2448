// SPDX-License-Identifier: AGPL-3.0-or-later
// Body digests: the legacy `Digest` header (RFC 3230) and `Content-Digest` (RFC 9530).
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace fedblog::protocol {

/** "SHA-256=<base64>" for `body`, as Mastodon sends it.
    @par Specification
    RFC 3230 section 4.3.2; INTEROP.md B13.
*/
[[nodiscard]] std::string make_digest_header(std::string_view body);

/** Checks a `Digest` header value against `body`.

    The value is split on ',' and then on the first '='; algorithm names are matched
    case-insensitively and OWS around the parts is ignored; empty list elements are skipped.
    SHA-256 and SHA-512 are checked (base64, padding optional); other algorithms are skipped.
    @return success when a supported digest is present and every supported one matches;
    error::digest_malformed when none is supported or the value cannot be parsed;
    error::digest_mismatch when a supported digest differs.

    @par Specification
    RFC 3230 section 4.3.2; Mastodon `HttpSignature#verify_body_digest!` (INTEROP.md A5).
*/
[[nodiscard]] boost::system::result<void> verify_digest_header(std::string_view value,
                                                               std::string_view body);

/** "sha-256=:<base64>:" for `body` (an RFC 8941 dictionary with one member).
    @par Specification
    RFC 9530 section 2.
*/
[[nodiscard]] std::string make_content_digest(std::string_view body);

/** Checks a `Content-Digest` header (RFC 9530) against `body`; sha-256 and sha-512 are
    checked, others ignored. Same error contract as verify_digest_header; digest_malformed
    also covers a value that is not a strict RFC 8941 dictionary (repeated keys refused) or a
    sha-256/sha-512 member that is not a byte sequence. Mastodon answers 400 to this case
    (INTEROP.md A1).

    @par Specification
    RFC 9530 sections 2 and 5; RFC 8941 section 3.2.
*/
[[nodiscard]] boost::system::result<void> verify_content_digest(std::string_view value,
                                                                std::string_view body);

} // namespace fedblog::protocol
