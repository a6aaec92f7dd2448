// SPDX-License-Identifier: AGPL-3.0-or-later
// Allowlist HTML sanitizer and HTML-to-text over gumbo's HTML5 tree.
#include "protocol/html_sanitizer.hpp"

#include "protocol/html_tree.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <optional>
#include <vector>

namespace fedblog::protocol {

namespace {

using namespace detail;

constexpr std::size_t max_output_depth = 100;
constexpr std::string_view forced_rel  = "nofollow noopener noreferrer ugc";

//----------------------------------------------------------------------------------------------
// Attribute values

/** The href/src to write, or nullopt: an absolute http(s) URL with a host.

    Leading/trailing C0 controls and spaces are trimmed as the URL Standard's parser does, so
    what we check is what a browser would follow. Anything else outside the RFC 3986 grammar
    rejects the URL, except bytes >= 0x80 and " ^`{|}", which browsers percent-encode anyway
    and real links contain. '\' is rejected rather than encoded: browsers read it as '/' in
    http(s) URLs, so encoding it would change where the link goes.
*/
std::optional<std::string> safe_http_url(std::string_view raw)
{
    while (!raw.empty() && static_cast<unsigned char>(raw.front()) <= 0x20)
        raw.remove_prefix(1);
    while (!raw.empty() && static_cast<unsigned char>(raw.back()) <= 0x20)
        raw.remove_suffix(1);
    constexpr std::string_view hex = "0123456789ABCDEF";
    std::string url;
    url.reserve(raw.size());
    for (char c : raw)
    {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80 || c == ' ' || c == '^' || c == '`' || c == '{' || c == '|' || c == '}')
        {
            url += '%';
            url += hex[byte >> 4];
            url += hex[byte & 0xF];
        }
        else
            url += c;
    }
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed)
        return std::nullopt;
    const auto scheme = parsed->scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
        return std::nullopt;
    if (!parsed->has_authority() || parsed->encoded_host().empty())
        return std::nullopt;
    return url;
}

// HTML's "rules for parsing integers", restricted to what we re-serialize: [+-]digits.
std::optional<std::int32_t> parse_integer(std::string_view s)
{
    s = trim_ascii_space(s);
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    std::int32_t value{};
    const auto* end = s.data() + s.size();
    auto [ptr, ec]  = std::from_chars(s.data(), end, value);
    if (s.empty() || ec != std::errc{} || ptr != end)
        return std::nullopt;
    return value;
}

bool is_small_dimension(std::string_view s)
{
    return !s.empty() && s.size() <= 5 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void append_attribute(std::string& out, std::string_view name, std::string_view value)
{
    out += ' ';
    out += name;
    out += "=\"";
    append_text(out, value, escaping::attribute);
    out += '"';
}

//----------------------------------------------------------------------------------------------
// Sanitizer output

enum class separator
{
    none,
    space,
    line,
};

// Writes the sanitized HTML and tracks the context the re-parse rules depend on.
class html_writer
{
public:
    bool in_p() const { return in_p_ > 0; }

    bool in_a() const { return in_a_ > 0; }

    bool in_heading() const { return in_heading_ > 0; }

    std::size_t depth() const { return open_.size(); }

    GumboTag parent() const { return open_.empty() ? GUMBO_TAG_UNKNOWN : open_.back().tag; }

    /// Inside table, thead, tbody or tr, where text and other elements would be foster-parented.
    bool in_table_structure() const
    {
        const GumboTag p = parent();
        return p == GUMBO_TAG_TABLE || p == GUMBO_TAG_THEAD || p == GUMBO_TAG_TBODY ||
               p == GUMBO_TAG_TR;
    }

    void text(std::string_view text)
    {
        if (in_table_structure() || text.empty())
            return;
        if (!is_blank(text))
        {
            flush_separator();
            line_start_ = false;
        }
        // The parser drops a newline right after <pre>; write one more so it survives.
        if (after_pre_ && (text.front() == '\n' || text.front() == '\r'))
            out_ += '\n';
        after_pre_ = false;
        append_text(out_, text, escaping::text);
    }

    void open(GumboTag tag, std::string_view attributes)
    {
        const bool line_start = line_start_;
        const bool block      = is_block(tag) || is_line(tag) || is_cell(tag);
        if (block)
            boundary();
        else
            flush_separator();
        const std::size_t start = out_.size();
        out_ += '<';
        out_ += gumbo_normalized_tagname(tag);
        out_ += attributes;
        out_ += '>';
        open_.push_back({tag, start, out_.size(), line_start});
        count(tag, 1);
        after_pre_ = tag == GUMBO_TAG_PRE;
    }

    void close()
    {
        const open_element e = open_.back();
        open_.pop_back();
        count(e.tag, -1);
        after_pre_       = false;
        const bool block = is_block(e.tag) || is_line(e.tag) || is_cell(e.tag);
        if (out_.size() == e.content_start && removable_when_empty(e.tag))
        {
            // An empty <p> (typically from a stray </p>) is dropped, but it still separated
            // what came before it from what follows.
            out_.resize(e.start);
            if (block)
            {
                line_start_ = e.line_start_before;
                separate(separator::line);
            }
            return;
        }
        out_ += "</";
        out_ += gumbo_normalized_tagname(e.tag);
        out_ += '>';
        if (block)
            boundary();
    }

    void void_element(GumboTag tag, std::string_view attributes)
    {
        if (tag == GUMBO_TAG_HR)
            boundary();
        else if (tag == GUMBO_TAG_BR)
            pending_ = separator::none; // the br is the separation
        else
            flush_separator();
        out_ += '<';
        out_ += gumbo_normalized_tagname(tag);
        out_ += attributes;
        out_ += '>';
        after_pre_  = false;
        line_start_ = tag != GUMBO_TAG_IMG;
    }

    /// Marks where an unwrapped element began or ended.
    void separate(separator kind)
    {
        if (line_start_ || kind == separator::none)
            return;
        if (kind == separator::line || pending_ == separator::none)
            pending_ = kind;
    }

    std::string finish() &&
    {
        const auto trimmed = trim_ascii_space(out_);
        if (trimmed.size() == out_.size())
            return std::move(out_);
        return std::string{trimmed};
    }

private:
    void boundary()
    {
        pending_    = separator::none;
        line_start_ = true;
        after_pre_  = false;
    }

    void flush_separator()
    {
        if (pending_ == separator::none)
            return;
        if (pending_ == separator::line)
        {
            out_ += "<br>";
            line_start_ = true;
        }
        else
            out_ += ' ';
        pending_   = separator::none;
        after_pre_ = false;
    }

    void count(GumboTag tag, int delta)
    {
        if (tag == GUMBO_TAG_P)
            in_p_ += delta;
        else if (tag == GUMBO_TAG_A)
            in_a_ += delta;
        else if (is_heading(tag))
            in_heading_ += delta;
    }

    struct open_element
    {
        GumboTag tag;
        std::size_t start;         // of the start tag in out_
        std::size_t content_start; // just after it
        bool line_start_before;
    };

    static bool removable_when_empty(GumboTag tag)
    {
        switch (tag)
        {
        case GUMBO_TAG_P:
        case GUMBO_TAG_SPAN:
        case GUMBO_TAG_STRONG:
        case GUMBO_TAG_EM:
        case GUMBO_TAG_B:
        case GUMBO_TAG_I:
        case GUMBO_TAG_U:
        case GUMBO_TAG_DEL:
        case GUMBO_TAG_S:
        case GUMBO_TAG_SUB:
        case GUMBO_TAG_SUP:
            return true;
        default:
            return false;
        }
    }

    std::string out_;
    std::vector<open_element> open_;
    int in_p_          = 0;
    int in_a_          = 0;
    int in_heading_    = 0;
    bool line_start_   = true;  // nothing inline written since the last block boundary
    bool after_pre_    = false; // the last thing written was <pre>
    separator pending_ = separator::none;
};

// What to do with one element.
struct decision
{
    enum class kind
    {
        drop,   // skip the subtree
        unwrap, // children only
        emit,   // tags[0..count) around the children
        emit_void,
    };
    kind what = kind::unwrap;
    std::array<GumboTag, 2> tags{};
    int count = 0;
    std::string attributes;
    separator edge = separator::none; // for unwrap: around the children

    static decision drop()
    {
        decision d;
        d.what = kind::drop;
        return d;
    }

    static decision unwrap(separator edge)
    {
        decision d;
        d.edge = edge;
        return d;
    }

    static decision emit(GumboTag tag, std::string attributes = {})
    {
        decision d;
        d.what       = kind::emit;
        d.tags[0]    = tag;
        d.count      = 1;
        d.attributes = std::move(attributes);
        return d;
    }

    static decision emit_void(GumboTag tag, std::string attributes = {})
    {
        decision d = emit(tag, std::move(attributes));
        d.what     = kind::emit_void;
        return d;
    }
};

separator natural_separator(GumboTag tag)
{
    if (is_cell(tag))
        return separator::space;
    if (is_block(tag) || is_line(tag))
        return separator::line;
    return separator::none;
}

decision decide_structural(GumboTag tag, const html_writer& w)
{
    // Table parts are kept only in their exact parent; a table needs room for 4 levels.
    switch (tag)
    {
    case GUMBO_TAG_TABLE:
        if (!w.in_p() && w.depth() + 4 <= max_output_depth)
            return decision::emit(tag);
        break;
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
        if (w.parent() == GUMBO_TAG_TABLE)
            return decision::emit(tag == GUMBO_TAG_THEAD ? tag : GUMBO_TAG_TBODY);
        break;
    case GUMBO_TAG_TR:
        if (w.parent() == GUMBO_TAG_THEAD || w.parent() == GUMBO_TAG_TBODY)
            return decision::emit(tag);
        break;
    default:
        break;
    }
    return decision::unwrap(natural_separator(tag));
}

decision decide_cell(GumboTag tag, const GumboElement& element, const html_writer& w)
{
    if (w.parent() != GUMBO_TAG_TR)
        return decision::unwrap(separator::space);
    std::string attributes;
    if (auto align = attribute(element, "align"))
    {
        std::string value{trim_ascii_space(*align)};
        std::transform(value.begin(), value.end(), value.begin(), [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        });
        if (value == "left" || value == "center" || value == "right")
            append_attribute(attributes, "align", value);
    }
    return decision::emit(tag, std::move(attributes));
}

decision decide_image(const GumboElement& element)
{
    const auto src = attribute(element, "src");
    if (!src)
        return decision::drop();
    const auto url = safe_http_url(*src);
    if (!url)
        return decision::drop();
    std::string attributes;
    append_attribute(attributes, "src", *url);
    for (const char* name : {"alt", "title"})
        if (auto value = attribute(element, name))
            append_attribute(attributes, name, *value);
    for (const char* name : {"width", "height"})
        if (auto value = attribute(element, name); value && is_small_dimension(*value))
            append_attribute(attributes, name, *value);
    return decision::emit_void(GUMBO_TAG_IMG, std::move(attributes));
}

decision decide_element(const GumboElement& element, const sanitize_options& options,
                        const html_writer& w)
{
    const GumboTag tag = element.tag;
    if (element.tag_namespace != GUMBO_NAMESPACE_HTML || drops_content(tag))
        return decision::drop();
    if (w.in_table_structure())
    {
        // Only the next table part may follow; anything else would be moved out of the table
        // on re-parse (foster parenting).
        const GumboTag parent = w.parent();
        const bool fits =
            (parent == GUMBO_TAG_TABLE &&
             (tag == GUMBO_TAG_THEAD || tag == GUMBO_TAG_TBODY || tag == GUMBO_TAG_TFOOT)) ||
            ((parent == GUMBO_TAG_THEAD || parent == GUMBO_TAG_TBODY) && tag == GUMBO_TAG_TR) ||
            (parent == GUMBO_TAG_TR && is_cell(tag));
        if (!fits)
            return decision::drop();
    }
    const bool room = w.depth() < max_output_depth;
    const bool rich = options.allow_rich_blocks;
    auto fallback   = decision::unwrap(natural_separator(tag));
    switch (tag)
    {
    case GUMBO_TAG_BR:
        return decision::emit_void(tag);
    case GUMBO_TAG_IMG:
        return options.allow_images ? decide_image(element) : decision::drop();
    case GUMBO_TAG_HR:
        return rich && !w.in_p() ? decision::emit_void(tag) : fallback;
    case GUMBO_TAG_A:
    {
        const auto href = attribute(element, "href");
        if (!room || w.in_a() || !href)
            return fallback;
        const auto url = safe_http_url(*href);
        if (!url)
            return fallback;
        std::string attributes;
        append_attribute(attributes, "href", *url);
        append_attribute(attributes, "rel", forced_rel);
        return decision::emit(tag, std::move(attributes));
    }
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_U:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_CODE:
        return room ? decision::emit(tag) : fallback;
    case GUMBO_TAG_S:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
        return room && rich ? decision::emit(tag) : fallback;
    case GUMBO_TAG_P:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_UL:
        return room && !w.in_p() ? decision::emit(tag) : fallback;
    case GUMBO_TAG_OL:
    {
        if (!room || w.in_p())
            return fallback;
        std::string attributes;
        if (auto start = attribute(element, "start"))
            if (auto n = parse_integer(*start))
                append_attribute(attributes, "start", std::to_string(*n));
        return decision::emit(tag, std::move(attributes));
    }
    case GUMBO_TAG_LI:
        return room && (w.parent() == GUMBO_TAG_UL || w.parent() == GUMBO_TAG_OL)
                   ? decision::emit(tag)
                   : fallback;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    {
        if (w.depth() + 2 > max_output_depth)
            return fallback;
        if (w.in_p() || w.in_heading())
            return decision::emit(GUMBO_TAG_STRONG);
        if (rich)
            return decision::emit(tag);
        decision d = decision::emit(GUMBO_TAG_P);
        d.tags[1]  = GUMBO_TAG_STRONG;
        d.count    = 2;
        return d;
    }
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
        return room && rich ? decide_structural(tag, w) : fallback;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
        return room && rich ? decide_cell(tag, element, w) : fallback;
    default:
        return fallback;
    }
}

//----------------------------------------------------------------------------------------------
// Text output

class text_writer
{
public:
    enum level
    {
        none,
        space,
        line,
        paragraph,
    };

    void text(std::string_view raw, bool preformatted)
    {
        std::string text;
        append_text(text, raw, escaping::none);
        if (preformatted)
        {
            for (char c : text)
            {
                if (c == '\n')
                    pending_ = pending_ >= line ? paragraph : line;
                else
                    put(c);
            }
            return;
        }
        for (char c : text)
        {
            if (is_ascii_space(c))
                pending_ = std::max(pending_, space);
            else
                put(c);
        }
    }

    void separate(level l) { pending_ = std::max(pending_, l); }

    void line_break() { pending_ = pending_ >= line ? paragraph : line; }

    std::string finish() && { return std::string{trim_ascii_space(out_)}; }

private:
    void put(char c)
    {
        if (!out_.empty())
        {
            if (pending_ == space)
                out_ += ' ';
            else if (pending_ == line)
                out_ += '\n';
            else if (pending_ == paragraph)
                out_ += "\n\n";
        }
        pending_ = none;
        out_ += c;
    }

    std::string out_;
    level pending_ = none;
};

text_writer::level text_level(GumboTag tag)
{
    if (is_cell(tag))
        return text_writer::space;
    if (is_line(tag))
        return text_writer::line;
    if (is_block(tag))
        return text_writer::paragraph;
    return text_writer::none;
}

//----------------------------------------------------------------------------------------------
// Tree walks (iterative: the tree can be a few hundred levels deep)

struct sanitize_frame
{
    const GumboVector* children;
    unsigned next;
    int close_count; // kept tags to close on exit
    separator edge;  // unwrapped: separator on exit
};

struct text_frame
{
    const GumboVector* children;
    unsigned next;
    text_writer::level edge;
    bool preformatted;
};

} // namespace

std::string sanitize_html(std::string_view html, const sanitize_options& options)
{
    if (is_blank(html))
        return {};
    const fragment parsed{html, options.max_input_bytes};
    html_writer w;
    std::vector<sanitize_frame> stack;
    stack.push_back({&parsed.root().v.element.children, 0, 0, separator::none});
    while (!stack.empty())
    {
        sanitize_frame& top = stack.back();
        if (top.next == top.children->length)
        {
            for (int k = 0; k < top.close_count; ++k)
                w.close();
            w.separate(top.edge);
            stack.pop_back();
            continue;
        }
        const GumboNode* node = child_at(*top.children, top.next++);
        switch (node->type)
        {
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_WHITESPACE:
        case GUMBO_NODE_CDATA:
            w.text(node->v.text.text);
            break;
        case GUMBO_NODE_ELEMENT:
        {
            const GumboElement& element = node->v.element;
            decision d                  = decide_element(element, options, w);
            switch (d.what)
            {
            case decision::kind::drop:
                break;
            case decision::kind::emit_void:
                w.void_element(d.tags[0], d.attributes);
                break;
            case decision::kind::unwrap:
                w.separate(d.edge);
                stack.push_back({&element.children, 0, 0, d.edge});
                break;
            case decision::kind::emit:
                for (int k = 0; k < d.count; ++k)
                    w.open(d.tags[static_cast<std::size_t>(k)], k == 0 ? d.attributes : "");
                stack.push_back({&element.children, 0, d.count, separator::none});
                break;
            }
            break;
        }
        default: // comments; template contents; the document node never appears here
            break;
        }
    }
    return std::move(w).finish();
}

std::string html_to_text(std::string_view html)
{
    if (is_blank(html))
        return {};
    const fragment parsed{html, sanitize_options{}.max_input_bytes};
    text_writer w;
    std::vector<text_frame> stack;
    stack.push_back({&parsed.root().v.element.children, 0, text_writer::none, false});
    while (!stack.empty())
    {
        text_frame& top = stack.back();
        if (top.next == top.children->length)
        {
            w.separate(top.edge);
            stack.pop_back();
            continue;
        }
        const bool preformatted = top.preformatted;
        const GumboNode* node   = child_at(*top.children, top.next++);
        if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
            node->type == GUMBO_NODE_CDATA)
        {
            w.text(node->v.text.text, preformatted);
            continue;
        }
        if (node->type != GUMBO_NODE_ELEMENT)
            continue;
        const GumboElement& element = node->v.element;
        if (element.tag_namespace != GUMBO_NAMESPACE_HTML || drops_content(element.tag))
            continue;
        if (element.tag == GUMBO_TAG_BR)
        {
            w.line_break();
            continue;
        }
        const auto edge = text_level(element.tag);
        w.separate(edge);
        const bool pre =
            preformatted || element.tag == GUMBO_TAG_PRE || element.tag == GUMBO_TAG_LISTING;
        stack.push_back({&element.children, 0, edge, pre});
    }
    return std::move(w).finish();
}

} // namespace fedblog::protocol
