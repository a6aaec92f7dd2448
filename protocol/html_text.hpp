// SPDX-License-Identifier: AGPL-3.0-or-later
// Small text helpers for HTML output: escaping and plain-text paragraphs.
#pragma once

#include <string>
#include <string_view>

namespace fedblog::protocol {

/// Escapes & < > " ' so `text` is safe in element content and in quoted attribute values.
[[nodiscard]] std::string escape_html(std::string_view text);

/** Plain text to HTML: each blank-line-separated block becomes a <p>, single newlines
    become <br>, everything escaped.
*/
[[nodiscard]] std::string text_to_html(std::string_view text);

} // namespace fedblog::protocol
