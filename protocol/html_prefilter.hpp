// SPDX-License-Identifier: AGPL-3.0-or-later
// Linear pre-pass that bounds what gumbo has to build, so hostile HTML cannot cost quadratic time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fedblog::protocol::detail {

/** Limits applied by prefilter_html(). The defaults are what sanitize_html() uses. */
struct prefilter_limits
{
    /// Open elements the model allows; deeper start tags are removed (their text stays).
    std::size_t max_depth = 256;
    /// Attributes kept per start tag; the rest are removed.
    std::size_t max_attributes = 32;
    /// Start tags kept in total; later ones are removed. A backstop should the model be wrong.
    std::size_t max_start_tags = 16384;
};

/** Rewrites an HTML fragment into an equivalent one that gumbo parses in bounded time.

    Why this exists: gumbo 0.10.1 (Debian 12) is quadratic in element nesting depth (its
    scope checks walk the stack of open elements on every tag: 512 KiB of `<div>` takes 40 s,
    `<table>` followed by `<div>`s 22 s) and in attributes per tag (duplicate check: 60,000
    attributes take 15 s), and it frees its tree recursively (google/gumbo-parser#387, unfixed
    in 0.10.1). A deep enough tree overflows the stack. Browsers cap nesting too (Blink at 512).

    What it does, in one left-to-right pass that mirrors the WHATWG tokenizer's data state:
    - Every tag is re-serialized canonically (`<name attr="value">`, name lower-cased), and only
      the first `max_attributes` attributes are kept.
    - Every `<` that does not start a tag is written as `&lt;`. Gumbo therefore sees exactly
      the tags this pass saw, whatever state its own tokenizer is in.
    - The content of raw-text elements (script, style, textarea, title, xmp, iframe, noembed,
      noframes, noscript) runs to the first matching end tag and has its `<` escaped, and
      everything after `<plaintext>` is escaped. This is the HTML-namespace reading; in SVG or
      MathML, where these are ordinary elements, gumbo then sees text, never extra tags.
    - Comments, doctypes, CDATA sections and processing instructions are removed: the
      sanitizer would drop them anyway.
    - A conservative model of the tree builder's stack of open elements (pushes on start tags,
      pops only on end tags and implied closes gumbo is sure to perform too) removes start tags
      that would nest deeper than `max_depth`, and start tags beyond `max_start_tags`. Removed
      raw-text elements lose their content as well.

    The result is still untrusted HTML: this pass decides nothing about safety.
    Cost: O(input size × max_depth) worst case, O(input size) on well-nested input. The result is
    at most 4 times as long as the input.

    @par Thread Safety
    Pure function: safe to call concurrently.

    @par Specification
    WHATWG HTML, 13.2.5 Tokenization (data, RCDATA, RAWTEXT, tag and attribute states,
    markup declaration open, comment states) and 13.2.6 Tree construction (implied end tags,
    "has an element in scope", the adoption agency algorithm), used only to stay conservative.
*/
[[nodiscard]] std::string prefilter_html(std::string_view html,
                                         const prefilter_limits& limits = {});

/** The deepest element nesting in the tree gumbo builds from prefilter_html(html).

    Test hook: lets the fuzzer check that the model really bounds gumbo's tree
    (at most 2 × max_depth + 4; tables add implied tbody and tr).
*/
[[nodiscard]] std::size_t parsed_depth_for_testing(std::string_view html);

} // namespace fedblog::protocol::detail
