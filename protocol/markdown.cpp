// SPDX-License-Identifier: AGPL-3.0-or-later
// cmark-gfm wrapper: parser set-up with the GFM extensions, HTML and plain-text rendering.
#include "protocol/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace fedblog::protocol {

namespace {

struct parser_deleter
{
    void operator()(cmark_parser* p) const noexcept { cmark_parser_free(p); }
};

struct node_deleter
{
    void operator()(cmark_node* n) const noexcept { cmark_node_free(n); }
};

struct chars_deleter
{
    void operator()(char* s) const noexcept { std::free(s); }
};

using parser_ptr = std::unique_ptr<cmark_parser, parser_deleter>;
using node_ptr   = std::unique_ptr<cmark_node, node_deleter>;
using chars_ptr  = std::unique_ptr<char, chars_deleter>;

// CMARK_OPT_SAFE is the default in cmark-gfm 0.29 (raw HTML and unsafe links omitted);
// CMARK_OPT_UNSAFE is deliberately never set.
constexpr int options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;

struct parsed
{
    parser_ptr parser;
    node_ptr doc;
};

parsed parse(std::string_view source)
{
    ensure_markdown_extensions();
    parser_ptr parser(cmark_parser_new(options));
    for (const char* name : {"table", "autolink", "strikethrough", "tasklist"})
    {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
    node_ptr doc(parse_markdown_locked(parser.get(), source));
    return {std::move(parser), std::move(doc)};
}

/// True for a `data:` URL. cmark's safe mode drops javascript:, vbscript:, file: and data:
/// except data:image/{png,gif,jpeg,webp}; we promise no data: targets at all (they bloat
/// posts and inline content no peer will fetch).
bool is_data_url(const char* url) noexcept
{
    if (url == nullptr)
        return false;
    while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r' || *url == '\f')
        ++url;
    constexpr char scheme[] = "data:";
    for (std::size_t i = 0; i + 1 < sizeof scheme; ++i)
    {
        const char c = url[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != scheme[i])
            return false;
    }
    return true;
}

/// Empties the target of every link and image with a data: URL, as cmark does for the
/// schemes it considers dangerous.
void drop_data_urls(cmark_node* doc)
{
    cmark_iter* iter = cmark_iter_new(doc);
    for (cmark_event_type ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE;
         ev                  = cmark_iter_next(iter))
    {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node* node = cmark_iter_get_node(iter);
        const auto type  = cmark_node_get_type(node);
        if ((type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) &&
            is_data_url(cmark_node_get_url(node)))
            cmark_node_set_url(node, "");
    }
    cmark_iter_free(iter);
}

} // namespace

void ensure_markdown_extensions()
{
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

cmark_node* parse_markdown_locked(cmark_parser* parser, std::string_view source)
{
    ensure_markdown_extensions();
    // cmark-gfm keeps the inline parser's special-character table in process-wide arrays
    // that every cmark_parser_finish() edits (adding '~' and the autolink triggers on entry,
    // removing them on exit), so two concurrent parses can drop each other's extensions.
    // Parsing is serialised; rendering shares no state and stays concurrent.
    static std::mutex parse_lock;
    std::lock_guard<std::mutex> const hold(parse_lock);
    cmark_parser_feed(parser, source.data(), source.size());
    return cmark_parser_finish(parser);
}

std::string render_markdown(std::string_view source)
{
    parsed p = parse(source);
    drop_data_urls(p.doc.get());
    chars_ptr html(cmark_render_html(p.doc.get(), options,
                                     cmark_parser_get_syntax_extensions(p.parser.get())));
    return html ? std::string(html.get()) : std::string();
}

std::string markdown_plain_text(std::string_view source)
{
    parsed p = parse(source);
    std::string out;
    cmark_iter* iter = cmark_iter_new(p.doc.get());
    for (cmark_event_type ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE;
         ev                  = cmark_iter_next(iter))
    {
        if (ev != CMARK_EVENT_ENTER)
            continue;
        cmark_node* node = cmark_iter_get_node(iter);
        const auto type  = cmark_node_get_type(node);
        if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
        {
            if (const char* lit = cmark_node_get_literal(node))
                out += lit;
        }
        else if (type == CMARK_NODE_CODE_BLOCK)
        {
            // A fenced or indented code block is visible text too (a post that is only code
            // is not empty).
            out += ' ';
            if (const char* lit = cmark_node_get_literal(node))
                out += lit;
        }
        else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK ||
                 (type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
        {
            // Every block (paragraph, heading, item, and the table extension's rows and
            // cells) starts a new word: "| a | b |" reads "a b", not "ab".
            out += ' ';
        }
    }
    cmark_iter_free(iter);
    // Collapse runs of whitespace.
    std::string collapsed;
    bool space = true;
    for (char c : out)
    {
        const bool is_space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (is_space && space)
            continue;
        collapsed += is_space ? ' ' : c;
        space = is_space;
    }
    while (!collapsed.empty() && collapsed.back() == ' ')
        collapsed.pop_back();
    return collapsed;
}

} // namespace fedblog::protocol
