// SPDX-License-Identifier: AGPL-3.0-or-later
// Internal to protocol/*.cpp: gumbo parsing behind the prefilter, element classes, text escaping.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace fedblog::protocol::detail {

/** An HTML fragment parsed by gumbo in the body context, after cutting it to
    `max_input_bytes` (at a UTF-8 boundary) and running prefilter_html() over it.

    Owns both the prefiltered text and the tree; gumbo's tree points into the text, so a
    fragment can be neither copied nor moved. Construction never fails: gumbo accepts any
    bytes (invalid UTF-8 becomes U+FFFD).

    @par Thread Safety
    Distinct objects: safe. gumbo keeps no global state.
*/
class fragment
{
public:
    fragment(std::string_view html, std::size_t max_input_bytes);

    fragment(const fragment&)            = delete;
    fragment& operator=(const fragment&) = delete;
    fragment(fragment&&)                 = delete;
    fragment& operator=(fragment&&)      = delete;
    ~fragment()                          = default;

    /// The <html> element that holds the fragment's nodes.
    const GumboNode& root() const { return *output_->root; }

private:
    struct output_deleter
    {
        void operator()(GumboOutput* output) const;
    };

    std::string buffer_;
    std::unique_ptr<GumboOutput, output_deleter> output_;
};

inline const GumboNode* child_at(const GumboVector& children, unsigned index)
{
    return static_cast<const GumboNode*>(children.data[index]);
}

/// The (entity-decoded) value of attribute `name`, or nullopt if absent.
std::optional<std::string_view> attribute(const GumboElement& element, const char* name);

/// Elements dropped together with their content (see sanitize_html's policy).
bool drops_content(GumboTag tag);

/// Block-level elements: a paragraph boundary in text, a line break when unwrapped.
bool is_block(GumboTag tag);

/// li, tr, dt, dd: separated by a single line.
bool is_line(GumboTag tag);

/// td, th: separated by a space.
bool is_cell(GumboTag tag);

bool is_heading(GumboTag tag);

bool is_ascii_space(char c);

bool is_blank(std::string_view s);

std::string_view trim_ascii_space(std::string_view s);

enum class escaping
{
    none,      // plain text
    text,      // & < >
    attribute, // & < > " '
};

/** Appends `text` (UTF-8 as gumbo produces it) escaped per `mode`, writing CR as LF, and NUL,
    C0/C1 controls other than tab/LF/FF, and noncharacters as U+FFFD.

    Why: the parser replaces those code points with U+FFFD when they occur literally in its
    input, but character references (`&#x1;`, `&#xFDD0;`) still produce them. Writing them
    as they are would make the output read back differently (found by fuzzing).
*/
void append_text(std::string& out, std::string_view text, escaping mode);

} // namespace fedblog::protocol::detail
