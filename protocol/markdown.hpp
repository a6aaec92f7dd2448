// SPDX-License-Identifier: AGPL-3.0-or-later
// Markdown to HTML with cmark-gfm (GitHub Flavored Markdown).
#pragma once

#include <string>
#include <string_view>

// cmark-gfm's handles, declared as its header does, so this header need not include it.
struct cmark_parser;
struct cmark_node;

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

/** Feeds `source` to `parser` and finishes it, holding the lock every cmark-gfm parse in this
    process must hold: cmark-gfm keeps the inline parser's special-character table in
    process-wide arrays that each cmark_parser_finish() edits, so concurrent parses drop each
    other's extensions. Registers the GFM core extensions on first use, so call it (or
    ensure_markdown_extensions()) before looking one up.
    @return the document (owned by the caller: cmark_node_free()), or nullptr if cmark failed.
*/
[[nodiscard]] cmark_node* parse_markdown_locked(cmark_parser* parser, std::string_view source);

/// Registers cmark-gfm's core extensions (table, autolink, ...) once per process.
void ensure_markdown_extensions();

} // namespace fedblog::protocol
