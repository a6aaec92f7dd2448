// SPDX-License-Identifier: AGPL-3.0-or-later
// gumbo parsing behind the prefilter, element classes and text escaping for the HTML sanitizer.
#include "protocol/html_tree.hpp"

#include "protocol/html_prefilter.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <vector>

namespace fedblog::protocol::detail {

namespace {

constexpr std::string_view replacement_char = "\xEF\xBF\xBD";

// What sanitize_options{}.max_input_bytes is; repeated here to keep this file independent.
constexpr std::size_t prefilter_default_max_input_bytes = std::size_t{512} * 1024;

// Cuts `s` to at most `max` bytes without splitting a UTF-8 sequence (when `s` is valid there).
std::string_view cut_utf8(std::string_view s, std::size_t max)
{
    if (s.size() <= max)
        return s;
    std::size_t n = max;
    for (int back = 0; back < 3 && n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80;
         ++back)
        --n;
    return s.substr(0, n);
}

using tag_set = std::array<bool, GUMBO_TAG_LAST + 1>;

constexpr tag_set make_tag_set(std::initializer_list<GumboTag> tags)
{
    tag_set set{};
    for (GumboTag tag : tags)
        set[static_cast<std::size_t>(tag)] = true;
    return set;
}

// Executable, embedded and metadata elements, form controls (their text is not content), and
// foreign content: SVG and MathML bring their own script and styling channels, and their
// parsing rules are where mutation XSS lives.
constexpr tag_set dropped_tags = make_tag_set({
    GUMBO_TAG_SCRIPT,  GUMBO_TAG_STYLE,    GUMBO_TAG_TEMPLATE,  GUMBO_TAG_IFRAME,
    GUMBO_TAG_OBJECT,  GUMBO_TAG_EMBED,    GUMBO_TAG_APPLET,    GUMBO_TAG_NOSCRIPT,
    GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_FRAMESET,  GUMBO_TAG_FRAME,
    GUMBO_TAG_SVG,     GUMBO_TAG_MATH,     GUMBO_TAG_TEXTAREA,  GUMBO_TAG_SELECT,
    GUMBO_TAG_OPTION,  GUMBO_TAG_OPTGROUP, GUMBO_TAG_DATALIST,  GUMBO_TAG_TITLE,
    GUMBO_TAG_HEAD,    GUMBO_TAG_XMP,      GUMBO_TAG_PLAINTEXT, GUMBO_TAG_CANVAS,
    GUMBO_TAG_AUDIO,   GUMBO_TAG_VIDEO,    GUMBO_TAG_MAP,       GUMBO_TAG_AREA,
    GUMBO_TAG_INPUT,   GUMBO_TAG_KEYGEN,   GUMBO_TAG_LINK,      GUMBO_TAG_META,
    GUMBO_TAG_BASE,    GUMBO_TAG_BASEFONT, GUMBO_TAG_BGSOUND,   GUMBO_TAG_PARAM,
    GUMBO_TAG_SOURCE,  GUMBO_TAG_TRACK,    GUMBO_TAG_COL,       GUMBO_TAG_COLGROUP,
    GUMBO_TAG_WBR,     GUMBO_TAG_MENUITEM, GUMBO_TAG_ISINDEX,   GUMBO_TAG_PROGRESS,
    GUMBO_TAG_METER,   GUMBO_TAG_SPACER,
});

constexpr tag_set block_tags = make_tag_set({
    GUMBO_TAG_ADDRESS,    GUMBO_TAG_ARTICLE, GUMBO_TAG_ASIDE,  GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_BODY,       GUMBO_TAG_CAPTION, GUMBO_TAG_CENTER, GUMBO_TAG_DETAILS,
    GUMBO_TAG_DIR,        GUMBO_TAG_DIV,     GUMBO_TAG_DL,     GUMBO_TAG_FIELDSET,
    GUMBO_TAG_FIGCAPTION, GUMBO_TAG_FIGURE,  GUMBO_TAG_FOOTER, GUMBO_TAG_FORM,
    GUMBO_TAG_H1,         GUMBO_TAG_H2,      GUMBO_TAG_H3,     GUMBO_TAG_H4,
    GUMBO_TAG_H5,         GUMBO_TAG_H6,      GUMBO_TAG_HEADER, GUMBO_TAG_HGROUP,
    GUMBO_TAG_HR,         GUMBO_TAG_HTML,    GUMBO_TAG_LEGEND, GUMBO_TAG_LISTING,
    GUMBO_TAG_MAIN,       GUMBO_TAG_MARQUEE, GUMBO_TAG_MENU,   GUMBO_TAG_MULTICOL,
    GUMBO_TAG_NAV,        GUMBO_TAG_OL,      GUMBO_TAG_P,      GUMBO_TAG_PRE,
    GUMBO_TAG_SECTION,    GUMBO_TAG_SUMMARY, GUMBO_TAG_TABLE,  GUMBO_TAG_TBODY,
    GUMBO_TAG_TFOOT,      GUMBO_TAG_THEAD,   GUMBO_TAG_UL,
});

bool in(const tag_set& set, GumboTag tag)
{
    return set[static_cast<std::size_t>(tag)];
}

// Code points the parser turns into U+FFFD when they appear literally in its input (controls
// other than tab, LF, FF and CR; noncharacters). Character references can still produce them,
// so writing them out as they are would not survive a second parse.
bool replaced_on_input(std::uint32_t cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n' && cp != '\f' && cp != '\r';
    if (cp >= 0x7F && cp <= 0x9F)
        return true;
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

} // namespace

void append_text(std::string& out, std::string_view text, escaping mode)
{
    std::size_t i = 0;
    while (i < text.size())
    {
        const auto lead    = static_cast<unsigned char>(text[i]);
        std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
        length             = std::min(length, text.size() - i);
        std::uint32_t cp   = length == 1 ? lead : lead & (0x3F >> (length - 1));
        for (std::size_t k = 1; k < length; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        const std::string_view bytes = text.substr(i, length);
        i += length;
        if (mode != escaping::none)
        {
            if (cp == '&')
            {
                out += "&amp;";
                continue;
            }
            if (cp == '<')
            {
                out += "&lt;";
                continue;
            }
            if (cp == '>')
            {
                out += "&gt;";
                continue;
            }
        }
        if (mode == escaping::attribute && cp == '"')
            out += "&quot;";
        else if (mode == escaping::attribute && cp == '\'')
            out += "&#39;";
        else if (cp == '\r')
            out += '\n';
        else if (cp == 0 || replaced_on_input(cp))
            out += replacement_char;
        else
            out += bytes;
    }
}

fragment::fragment(std::string_view html, std::size_t max_input_bytes)
    : buffer_(prefilter_html(cut_utf8(html, max_input_bytes)))
{
    GumboOptions options     = kGumboDefaultOptions;
    options.fragment_context = GUMBO_TAG_BODY;
    options.max_errors       = 0; // we never read parse errors; don't store them
    output_.reset(gumbo_parse_with_options(&options, buffer_.data(), buffer_.size()));
}

void fragment::output_deleter::operator()(GumboOutput* output) const
{
    gumbo_destroy_output(&kGumboDefaultOptions, output);
}

std::optional<std::string_view> attribute(const GumboElement& element, const char* name)
{
    const GumboAttribute* a = gumbo_get_attribute(&element.attributes, name);
    if (a == nullptr)
        return std::nullopt;
    return std::string_view{a->value};
}

bool drops_content(GumboTag tag)
{
    return in(dropped_tags, tag);
}

bool is_block(GumboTag tag)
{
    return in(block_tags, tag);
}

bool is_line(GumboTag tag)
{
    return tag == GUMBO_TAG_LI || tag == GUMBO_TAG_TR || tag == GUMBO_TAG_DT || tag == GUMBO_TAG_DD;
}

bool is_cell(GumboTag tag)
{
    return tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH;
}

static_assert(GUMBO_TAG_H6 - GUMBO_TAG_H1 == 5, "gumbo's tag enum keeps h1..h6 contiguous");

bool is_heading(GumboTag tag)
{
    return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6;
}

bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_blank(std::string_view s)
{
    return std::all_of(s.begin(), s.end(), is_ascii_space);
}

std::string_view trim_ascii_space(std::string_view s)
{
    while (!s.empty() && is_ascii_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_ascii_space(s.back()))
        s.remove_suffix(1);
    return s;
}

std::size_t parsed_depth_for_testing(std::string_view html)
{
    const fragment parsed{html, prefilter_default_max_input_bytes};
    std::size_t deepest = 0;
    std::vector<std::pair<const GumboNode*, std::size_t>> stack{{&parsed.root(), 1}};
    while (!stack.empty())
    {
        auto [node, depth] = stack.back();
        stack.pop_back();
        deepest                     = std::max(deepest, depth);
        const GumboVector& children = node->v.element.children;
        for (unsigned k = 0; k < children.length; ++k)
        {
            const GumboNode* child = child_at(children, k);
            if (child->type == GUMBO_NODE_ELEMENT || child->type == GUMBO_NODE_TEMPLATE)
                stack.emplace_back(child, depth + 1);
        }
    }
    return deepest;
}

} // namespace fedblog::protocol::detail
