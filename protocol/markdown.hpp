// SPDX-License-Identifier: AGPL-3.0-or-later
// Markdown to HTML with cmark-gfm (GitHub Flavored Markdown).
#pragma once

#include <string>
#include <string_view>

namespace fedblog::protocol {

/** Renders GitHub Flavored Markdown (tables, autolinks, strikethrough, task lists) to HTML.

    Raw HTML in the source is not passed through (cmark's safe mode replaces it with a
    comment), and `javascript:`/`data:` link targets are dropped, so the output contains only
    what Markdown itself produces. Thread safety: safe to call concurrently.

    @par Specification
    GitHub Flavored Markdown Spec 0.29-gfm.
*/
[[nodiscard]] std::string render_markdown(std::string_view source);

/// The visible text of Markdown (no markup), collapsed to single spaces; for slugs and previews.
[[nodiscard]] std::string markdown_plain_text(std::string_view source);

} // namespace fedblog::protocol
