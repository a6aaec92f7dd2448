// SPDX-License-Identifier: AGPL-3.0-or-later
// Hashes, base64, hex and randomness: the small byte utilities every module needs.
#pragma once

#include <boost/system/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace fedblog::keys {

/// SHA-256 of `data`, 32 raw bytes.
[[nodiscard]] std::string sha256(std::string_view data);

/// SHA-512 of `data`, 64 raw bytes.
[[nodiscard]] std::string sha512(std::string_view data);

/// Standard base64 (RFC 4648 section 4) with padding.
[[nodiscard]] std::string base64_encode(std::string_view bytes);

/** Decodes standard base64. Padding may be omitted, but is required to be correct when
    present; whitespace, the base64url alphabet and non-zero unused trailing bits (RFC 4648
    section 3.5, non-canonical text) are refused. @return the bytes, or error::bad_base64.
*/
[[nodiscard]] boost::system::result<std::string> base64_decode(std::string_view text);

/// base64url without padding (RFC 4648 section 5), for tokens and ids.
[[nodiscard]] std::string base64url_encode(std::string_view bytes);

/// Lowercase hex.
[[nodiscard]] std::string hex_encode(std::string_view bytes);

/// `n` bytes from the OpenSSL CSPRNG. Throws std::runtime_error only if the CSPRNG fails.
[[nodiscard]] std::string random_bytes(std::size_t n);

/// Compares two byte strings in time that depends only on their lengths.
[[nodiscard]] bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

} // namespace fedblog::keys
