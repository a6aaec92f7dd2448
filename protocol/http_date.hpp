// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP-date (RFC 9110 5.6.7) and RFC 3339 timestamps.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace fedblog::protocol {

using sys_seconds = std::chrono::sys_seconds;

/** "Sun, 06 Nov 1994 08:49:37 GMT" (IMF-fixdate), for years 0000-9999. Locale-independent.
    @par Specification
    RFC 9110 section 5.6.7.
*/
[[nodiscard]] std::string format_http_date(sys_seconds t);

/** Parses IMF-fixdate, and the obsolete RFC 850 and asctime forms (RFC 9110 5.6.7 says a
    recipient MUST accept all three). Names are case-sensitive, "GMT" is required, surrounding
    SP/HTAB is ignored, the weekday must be a valid name but is not checked against the date,
    and second 60 (a leap second) is accepted. An RFC 850 two-digit year more than 50 years
    ahead of the current year means the previous century. Locale-independent.
    @return std::nullopt for anything else.

    @par Specification
    RFC 9110 section 5.6.7.
*/
[[nodiscard]] std::optional<sys_seconds> parse_http_date(std::string_view text);

/** "2026-11-25T18:14:24Z" (xsd:dateTime as ActivityStreams uses it), always UTC.
    @par Specification
    RFC 3339 section 5.6.
*/
[[nodiscard]] std::string format_rfc3339(sys_seconds t);

/** Parses RFC 3339 / xsd:dateTime with 'Z' or a numeric offset ("+02:00"), optional
    fractional seconds (dropped); 't' and 'z' may be lowercase (RFC 3339 section 5.6 note).
    A timestamp without an offset is refused: its instant is unknowable.
    @return std::nullopt on malformed input or a year outside 0000-9999.

    @par Specification
    RFC 3339 section 5.6.
*/
[[nodiscard]] std::optional<sys_seconds> parse_rfc3339(std::string_view text);

/** parse_rfc3339() to the millisecond: remote objects' `published` and `updated` need it,
    since an edit may follow its post within the same second and must still be newer.
*/
[[nodiscard]] std::optional<std::chrono::sys_time<std::chrono::milliseconds>>
parse_rfc3339_ms(std::string_view text);

} // namespace fedblog::protocol
