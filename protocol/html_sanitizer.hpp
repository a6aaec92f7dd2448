// SPDX-License-Identifier: AGPL-3.0-or-later
// The allowlist HTML sanitizer every piece of remote and author HTML goes through, and its text
// twin.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fedblog::protocol {

/** What sanitize_html() keeps beyond the base allowlist. The defaults are the remote policy. */
struct sanitize_options
{
    /// Also keep <img src alt title width height> with an http(s) src. Author content only:
    /// a remote image would let the sender track every reader.
    bool allow_images = false;
    /// Also keep h1-h6, hr, table/thead/tbody/tr/th/td (tfoot becomes tbody), s, sub, sup:
    /// what our Markdown renderer produces.
    bool allow_rich_blocks = false;
    /// Longer input is cut to this many bytes (at a UTF-8 boundary) before parsing.
    std::size_t max_input_bytes = std::size_t{512} * 1024;
};

/** Parses `html` as an HTML5 fragment (gumbo, body context) and re-serializes only the
    allowlisted elements and attributes.

    @par Policy
    - Kept elements: p, br, a, span, strong, em, b, i, u, del, blockquote, code, pre, ul, ol, li
      (DESIGN.md "Protocol rules"), plus the sanitize_options extras.
    - Kept attributes, all others dropped (class, style, id, on*, title, target, lang, ...):
      - `a href`, only an absolute http or https URL with a host, as Boost.URL's parse_uri
        reads it after trimming leading/trailing C0 controls and spaces (what browsers trim).
        Bytes >= 0x80 and the characters space ^ ` { | } are percent-encoded first (as
        browsers do); anything else the URI grammar forbids (tab, newline, '\', '"', '<', ...)
        rejects the link, so "java\tscript:", "//host", "/path", "data:" and "javascript:" all
        fail. An `a` without an acceptable href, or inside another kept `a`, is unwrapped.
      - `a rel` is always exactly "nofollow noopener noreferrer ugc" (rel="tag" etc. dropped).
      - `ol start`, when it is an optional sign and digits that fit in 32 bits (re-serialized).
      - With allow_rich_blocks: `th align`/`td align` when left, center or right (cmark-gfm
        table alignment).
      - With allow_images: `img src` (same URL rule; no valid src drops the img), `alt`,
        `title`, and `width`/`height` of 1-5 digits.
    - Elements dropped together with their content: script, style, template, iframe, object,
      embed, applet, noscript, noembed, noframes, frameset, frame, svg, math (all SVG/MathML),
      textarea, select, option, optgroup, datalist, title, head, xmp, plaintext, canvas,
      audio, video, map, plus void elements that carry no text (input, link, meta, ...).
      Comments, doctypes, CDATA sections and processing instructions are dropped too.
    - Every other element is unwrapped: its tag goes, its children are processed in place.
      Where the unwrapped element was a block (div, section, article, header, footer, dl/dt/dd,
      figure, table parts when tables are not allowed, ...), a `<br>` separates its content
      from neighbouring text (a space for table cells), so words do not run together.
    - Headings without allow_rich_blocks become `<p><strong>...</strong></p>`, like Mastodon
      (lib/sanitize_ext/sanitize_config.rb, UNSUPPORTED_ELEMENTS_TRANSFORMER). A dropped hr
      becomes a line break.
    - The output re-parses to the same tree, so sanitize_html(sanitize_html(x)) ==
      sanitize_html(x) and no parser differential is left to exploit: block elements
      (p, lists, blockquote, pre, tables, hr, headings) are never put inside a kept p, headings
      never directly inside headings, li only directly inside ul/ol, table parts only in their
      parent, a never inside a; such elements are unwrapped (headings become strong) instead.
    - Kept elements nest at most 100 deep; deeper ones are unwrapped (their text stays). Before
      parsing, detail::prefilter_html() (html_prefilter.hpp) bounds the tree gumbo builds, so
      the cost is linear in the input for every input (about 0.1-0.2 s for 512 KiB of tags).

    @par Serialization
    Written by this function: text escapes & < >, attribute values & < > " (always double
    quoted), character references come out normalized (gumbo decodes, we re-escape), every
    kept element is closed explicitly, void elements are written `<br>`. Invalid UTF-8 and
    NUL become U+FFFD. A pre whose content starts with a newline gets the extra leading newline
    the parser strips. Leading and trailing whitespace are trimmed; empty or
    whitespace-only input gives "".

    @return The sanitized HTML, safe to place in element content.

    @par Thread Safety
    Pure function (gumbo keeps no global state): safe to call concurrently.

    @par Specification
    WHATWG HTML, 13.2 Parsing HTML documents (fragment case, 13.4), 13.3 Serializing HTML
    fragments; RFC 3986 for href; URL Standard, basic URL parser (trimming).
*/
[[nodiscard]] std::string sanitize_html(std::string_view html,
                                        const sanitize_options& options = {});

/** The visible text of an HTML fragment, for previews, slugs, alt text and og:description.

    Same parsing and dropping rules as sanitize_html() (script, style, svg, ... contribute
    nothing; input is cut at the default max_input_bytes). Runs of whitespace collapse to one
    space except inside pre; paragraph-like blocks (p, headings, lists, blockquote, pre, tables,
    div, ...) are separated by a blank line, br/li/tr/dt/dd by a newline, table cells by a space.
    Character references are decoded and there is no leading or trailing whitespace.

    @return Plain text, NOT HTML-escaped: it may contain '<' and '&'; escape it for HTML.

    @par Thread Safety
    Pure function: safe to call concurrently.
*/
[[nodiscard]] std::string html_to_text(std::string_view html);

} // namespace fedblog::protocol
