// SPDX-License-Identifier: AGPL-3.0-or-later
// Permalink slugs from titles or text.
#pragma once

#include <string>
#include <string_view>

namespace fedblog::protocol {

/** A URL-safe slug: lowercase ASCII letters and digits joined by single '-', from the first
    words of `text`, at most `max_len` characters, cut at a word boundary. Letters with
    accents lose them where a plain ASCII letter exists (é → e); other characters separate
    words. @return "" when nothing usable remains (the caller then makes one up).
*/
[[nodiscard]] std::string make_slug(std::string_view text, std::size_t max_len = 60);

/// The longest slug is_valid_slug() accepts.
inline constexpr std::size_t max_slug_length = 200;

/// True when `slug` is non-empty, at most max_slug_length characters and only [a-z0-9-], not
/// starting or ending with '-'.
[[nodiscard]] bool is_valid_slug(std::string_view slug) noexcept;

} // namespace fedblog::protocol
