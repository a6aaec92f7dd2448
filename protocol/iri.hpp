// SPDX-License-Identifier: AGPL-3.0-or-later
// IRIs as ActivityPub uses them: absolute http(s) URLs, compared by origin.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace fedblog::protocol {

/// The parts of an absolute http(s) URL we reason about.
struct http_url
{
    std::string scheme;    ///< "http" or "https", lowercase
    std::string host;      ///< lowercase, without brackets for IPv6
    std::string port;      ///< "" when the default for the scheme
    std::string target;    ///< path + query, at least "/"
    std::string authority; ///< host[:port] as it should appear in Host (default port omitted)
};

/** Parses an absolute http or https URL (RFC 3986 via Boost.URL); the fragment is dropped.
    @return the parts, or error::bad_iri for other schemes, relative references, userinfo
    (a classic phishing and SSRF trick), empty hosts or malformed text.
*/
[[nodiscard]] boost::system::result<http_url> parse_http_url(std::string_view text);

/// True when `text` parses with parse_http_url and uses https, or http when `allow_http`.
[[nodiscard]] bool is_fetchable_url(std::string_view text, bool allow_http);

/// `text` without its "#fragment" (key ids are fetched as their document).
[[nodiscard]] std::string_view strip_fragment(std::string_view text) noexcept;

/** Same origin: scheme, host and effective port equal (RFC 6454). Unparsable input is never
    same-origin.
*/
[[nodiscard]] bool same_origin(std::string_view a, std::string_view b);

/// The host (lowercase, no port) of an http(s) URL, or "" when unparsable.
[[nodiscard]] std::string host_of(std::string_view url);

/// Percent-encodes `text` for a query parameter value (RFC 3986 unreserved kept).
[[nodiscard]] std::string url_encode(std::string_view text);

/// Percent-decodes `text` ('+' stays '+'). @return the bytes, or error::bad_iri for a '%' not
/// followed by two hex digits.
[[nodiscard]] boost::system::result<std::string> url_decode(std::string_view text);

} // namespace fedblog::protocol
