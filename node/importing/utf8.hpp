// SPDX-License-Identifier: AGPL-3.0-or-later
// UTF-8 validation for imported files, so a wrong encoding is reported with its line
// instead of ending up as mojibake in posts.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace fedblog::node {

/// The 1-based line of the first byte sequence in `text` that is not well-formed UTF-8
/// (overlong forms and surrogates included), or nullopt when it all is.
[[nodiscard]] std::optional<std::size_t> first_invalid_utf8_line(std::string_view text);

} // namespace fedblog::node
