// SPDX-License-Identifier: AGPL-3.0-or-later
// The author's Markdown → sanitized HTML with hashtag and mention links (cmark-gfm + gumbo).
#include "protocol/post_content.hpp"

#include "protocol/html_sanitizer.hpp"
#include "protocol/html_text.hpp"
#include "protocol/html_tree.hpp"
#include "protocol/iri.hpp"
#include "protocol/markdown.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace fedblog::protocol {

namespace {

//------------------------------------------------------------------------------
// cmark plumbing

struct parser_deleter
{
    void operator()(cmark_parser* p) const noexcept { cmark_parser_free(p); }
};

struct chars_deleter
{
    void operator()(char* s) const noexcept { std::free(s); }
};

using parser_ptr = std::unique_ptr<cmark_parser, parser_deleter>;
using chars_ptr  = std::unique_ptr<char, chars_deleter>;

// Raw HTML is the author's to use (an embedded table, a <details>): it is rendered as is
// and the whole output then goes through the sanitizer, like remote content.
constexpr int options = CMARK_OPT_UNSAFE | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;

// Private-use code points U+E000 and U+E001 bracket the number of a link to insert after
// sanitizing. The author's own U+E000/U+E001 are replaced first, so only ours remain.
constexpr std::string_view open_mark  = "\xEE\x80\x80";
constexpr std::string_view close_mark = "\xEE\x80\x81";

std::string without_marks(std::string_view source)
{
    std::string out(source);
    for (std::string_view mark : {open_mark, close_mark})
    {
        for (auto pos = out.find(mark); pos != std::string::npos; pos = out.find(mark, pos))
            out.replace(pos, mark.size(), "\xEF\xBF\xBD"); // U+FFFD, the same length
    }
    return out;
}

/// A parsed document; the parser owns the extensions the renderer needs.
struct document
{
    parser_ptr parser;
    cmark_node* root = nullptr;

    document()                           = default;
    document(const document&)            = delete;
    document& operator=(const document&) = delete;
    document(document&&)                 = default;
    document& operator=(document&&)      = default;

    ~document()
    {
        if (root != nullptr)
            cmark_node_free(root);
    }
};

document parse(std::string_view source)
{
    ensure_markdown_extensions();
    document d;
    d.parser.reset(cmark_parser_new(options));
    for (const char* name : {"table", "autolink", "strikethrough", "tasklist"})
    {
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(d.parser.get(), ext);
    }
    // Under the process-wide lock every cmark-gfm parse shares (see protocol/markdown.hpp).
    d.root = parse_markdown_locked(d.parser.get(), source);
    return d;
}

std::string literal(cmark_node* n)
{
    const char* s = cmark_node_get_literal(n);
    return s == nullptr ? std::string() : std::string(s);
}

bool is_text(cmark_node* n)
{
    return n != nullptr && cmark_node_get_type(n) == CMARK_NODE_TEXT;
}

/// Every node of the tree, in document order (collected first: the passes edit the tree).
std::vector<cmark_node*> all_nodes(cmark_node* root)
{
    std::vector<cmark_node*> out;
    cmark_iter* iter = cmark_iter_new(root);
    for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter))
    {
        if (ev == CMARK_EVENT_ENTER)
            out.push_back(cmark_iter_get_node(iter));
    }
    cmark_iter_free(iter);
    return out;
}

/** The GFM autolink extension reads "@alice@example.com" as "@" and a mailto: link to
    "alice@example.com". A mailto: autolink right after an '@' is a mention: turn it back
    into text. Then merge adjacent text nodes (cmark leaves unmatched delimiters such as '_'
    as separate nodes), so a scan sees "#foo_bar" whole.
*/
void normalise_text(cmark_node* root)
{
    for (cmark_node* n : all_nodes(root))
    {
        if (cmark_node_get_type(n) != CMARK_NODE_LINK)
            continue;
        cmark_node* child = cmark_node_first_child(n);
        cmark_node* prev  = cmark_node_previous(n);
        const char* url   = cmark_node_get_url(n);
        if (child == nullptr || cmark_node_next(child) != nullptr || !is_text(child) ||
            !is_text(prev) || url == nullptr)
            continue;
        const std::string text   = literal(child);
        const std::string before = literal(prev);
        if (std::string_view(url) != "mailto:" + text || before.empty() || before.back() != '@')
            continue;
        cmark_node_set_literal(prev, (before + text).c_str());
        cmark_node_free(n); // unlinks it
    }
    for (cmark_node* n : all_nodes(root))
    {
        if (!is_text(n) || cmark_node_parent(n) == nullptr)
            continue;
        cmark_node* next = cmark_node_next(n);
        if (!is_text(next))
            continue;
        std::string merged = literal(n);
        while (is_text(next))
        {
            merged += literal(next);
            cmark_node* after = cmark_node_next(next);
            cmark_node_free(next);
            next = after;
        }
        cmark_node_set_literal(n, merged.c_str());
    }
}

/// The text nodes a hashtag or mention may be in: not inside a link, an image, or an <a>
/// the author wrote as raw HTML.
std::vector<cmark_node*> scannable_text(cmark_node* root)
{
    std::vector<cmark_node*> out;
    int in_link      = 0;
    int in_html_link = 0;
    cmark_iter* iter = cmark_iter_new(root);
    for (auto ev = cmark_iter_next(iter); ev != CMARK_EVENT_DONE; ev = cmark_iter_next(iter))
    {
        cmark_node* n   = cmark_iter_get_node(iter);
        const auto type = cmark_node_get_type(n);
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
            in_link += ev == CMARK_EVENT_ENTER ? 1 : -1;
        else if (type == CMARK_NODE_HTML_INLINE && ev == CMARK_EVENT_ENTER)
        {
            const std::string html = literal(n);
            if (html.size() >= 2 && html[0] == '<' && (html[1] == 'a' || html[1] == 'A') &&
                (html.size() == 2 || html[2] == '>' || html[2] == ' ' || html[2] == '\t' ||
                 html[2] == '\n'))
                ++in_html_link;
            else if (html.size() >= 3 && html.compare(0, 3, "</a") == 0 && in_html_link > 0)
                --in_html_link;
        }
        else if (type == CMARK_NODE_PARAGRAPH && ev == CMARK_EVENT_EXIT)
            in_html_link = 0; // an unclosed <a> does not reach past its block
        else if (type == CMARK_NODE_TEXT && in_link == 0 && in_html_link == 0)
            out.push_back(n);
    }
    cmark_iter_free(iter);
    return out;
}

//------------------------------------------------------------------------------
// Scanning text

bool is_ascii_word(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/// Decodes the UTF-8 sequence at `s[i]`; sets `len` (at least 1). Invalid bytes give -1.
long decode(std::string_view s, std::size_t i, std::size_t& len)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    len           = 1;
    if (b0 < 0x80)
        return b0;
    int extra = 0;
    long cp   = 0;
    if ((b0 & 0xE0) == 0xC0)
    {
        extra = 1;
        cp    = b0 & 0x1F;
    }
    else if ((b0 & 0xF0) == 0xE0)
    {
        extra = 2;
        cp    = b0 & 0x0F;
    }
    else if ((b0 & 0xF8) == 0xF0)
    {
        extra = 3;
        cp    = b0 & 0x07;
    }
    else
        return -1;
    if (i + static_cast<std::size_t>(extra) >= s.size())
        return -1;
    for (int k = 1; k <= extra; ++k)
    {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    len = static_cast<std::size_t>(extra) + 1;
    return cp;
}

/// A letter or digit beyond ASCII, roughly: everything from U+00C0 except punctuation,
/// symbol and private-use blocks (enough for hashtags in Latin, Greek, Cyrillic, CJK, ...).
bool is_wide_word(long cp)
{
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xD800 && cp <= 0xF8FF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF00 && cp <= 0xFF20) || (cp >= 0xFFF0 && cp <= 0xFFFF) || cp >= 0x1F000)
        return false;
    return true;
}

/// True when the code point at s[i] is part of a word; `len` gets its length.
bool word_at(std::string_view s, std::size_t i, std::size_t& len)
{
    const long cp = decode(s, i, len);
    if (cp < 0)
        return false;
    return cp < 0x80 ? is_ascii_word(static_cast<unsigned char>(cp)) : is_wide_word(cp);
}

/// True when the character before s[i] (if any) lets a '#' or '@' start there.
bool may_start(std::string_view s, std::size_t i)
{
    if (i == 0)
        return true;
    // Step back to the start of the previous code point.
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80)
        --j;
    std::size_t len = 0;
    if (word_at(s, j, len))
        return false;
    const char c = s[j];
    return c != '/' && c != ')' && c != '&' && c != '#' && c != '@' && c != '.' && c != ':';
}

constexpr std::size_t max_tag_bytes = 100;

/// Length of the hashtag name starting at s[i] (after the '#'), 0 for none.
std::size_t tag_length(std::string_view s, std::size_t i)
{
    std::size_t end    = i;
    bool has_non_digit = false;
    std::size_t len    = 0;
    while (end < s.size() && word_at(s, end, len))
    {
        if (!(s[end] >= '0' && s[end] <= '9'))
            has_non_digit = true;
        end += len;
    }
    const std::size_t n = end - i;
    return has_non_digit && n <= max_tag_bytes ? n : 0;
}

bool is_user_char(char c)
{
    return is_ascii_word(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

bool is_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
}

/// Reads "user@host[:port]" at s[i] (after the leading '@'); `len` gets its length.
std::optional<mention_address> mention_at(std::string_view s, std::size_t i, std::size_t& len)
{
    std::size_t p = i;
    if (p >= s.size() || !is_ascii_word(static_cast<unsigned char>(s[p])))
        return std::nullopt;
    while (p < s.size() && is_user_char(s[p]))
        ++p;
    std::size_t user_end = p;
    while (user_end > i && (s[user_end - 1] == '.' || s[user_end - 1] == '-'))
        --user_end;
    if (user_end != p || p >= s.size() || s[p] != '@')
        return std::nullopt;
    const std::size_t host_start = ++p;
    while (p < s.size() && is_host_char(s[p]))
        ++p;
    std::size_t host_end = p;
    // "hi @a@b.example." ends a sentence: the dot is not part of the host.
    while (host_end > host_start && (s[host_end - 1] == '.' || s[host_end - 1] == '-'))
        --host_end;
    std::string host(s.substr(host_start, host_end - host_start));
    if (host.empty() || host.find('.') == std::string::npos || host.front() == '.' ||
        host.find("..") != std::string::npos || host.size() > 253)
        return std::nullopt;
    p = host_end;
    if (p + 1 < s.size() && s[p] == ':' && s[p + 1] >= '0' && s[p + 1] <= '9')
    {
        std::size_t q = p + 1;
        while (q < s.size() && s[q] >= '0' && s[q] <= '9' && q - p <= 5)
            ++q;
        host += std::string(s.substr(p, q - p));
        p = q;
    }
    std::size_t next_len = 0;
    if (p < s.size() && (s[p] == '@' || word_at(s, p, next_len)))
        return std::nullopt;
    for (char& c : host)
    {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    len = p - i;
    return mention_address{std::string(s.substr(i, user_end - i)), std::move(host)};
}

std::string lower_ascii(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
    {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

/// Visits every hashtag and mention in `text`: `on_tag(pos, len_with_hash)` and
/// `on_mention(pos, len_with_at, address)`.
template <class OnTag, class OnMention>
void scan(std::string_view text, OnTag&& on_tag, OnMention&& on_mention)
{
    std::size_t i = 0;
    while (i < text.size())
    {
        const char c = text[i];
        if ((c == '#' || c == '@') && may_start(text, i))
        {
            if (c == '#')
            {
                if (const std::size_t n = tag_length(text, i + 1); n > 0)
                {
                    on_tag(i, n + 1);
                    i += n + 1;
                    continue;
                }
            }
            else
            {
                std::size_t n = 0;
                if (auto m = mention_at(text, i + 1, n))
                {
                    on_mention(i, n + 1, *m);
                    i += n + 1;
                    continue;
                }
            }
        }
        ++i;
    }
}

std::string mark(std::size_t index)
{
    return std::string(open_mark) + std::to_string(index) + std::string(close_mark);
}

/// Replaces every mark in sanitized `html` with its link; unknown numbers vanish.
std::string insert_links(const std::string& html, const std::vector<std::string>& links)
{
    std::string out;
    out.reserve(html.size());
    std::size_t pos = 0;
    for (;;)
    {
        const auto open = html.find(open_mark, pos);
        if (open == std::string::npos)
            break;
        const auto close = html.find(close_mark, open);
        if (close == std::string::npos)
            break;
        out.append(html, pos, open - pos);
        const std::string digits =
            html.substr(open + open_mark.size(), close - open - open_mark.size());
        std::size_t index = links.size();
        if (!digits.empty() && digits.size() < 10 &&
            digits.find_first_not_of("0123456789") == std::string::npos)
            index = static_cast<std::size_t>(std::stoul(digits));
        if (index < links.size())
            out += links[index];
        pos = close + close_mark.size();
    }
    out.append(html, pos, std::string::npos);
    return out;
}

sanitize_options author_policy()
{
    sanitize_options o;
    o.allow_images      = true;
    o.allow_rich_blocks = true;
    return o;
}

} // namespace

std::string hashtag_key(std::string_view name)
{
    if (name.empty() || tag_length(name, 0) != name.size())
        return {};
    return lower_ascii(name);
}

std::vector<mention_address> find_mentions(std::string_view source)
{
    document doc = parse(without_marks(source));
    normalise_text(doc.root);
    std::vector<mention_address> out;
    std::vector<std::string> seen;
    for (cmark_node* n : scannable_text(doc.root))
    {
        const std::string text = literal(n);
        scan(
            text, [](std::size_t, std::size_t) {},
            [&](std::size_t, std::size_t, const mention_address& m) {
                std::string key = lower_ascii(m.address());
                for (const auto& s : seen)
                {
                    if (s == key)
                        return;
                }
                seen.push_back(std::move(key));
                out.push_back(m);
            });
    }
    return out;
}

post_content render_post_markdown(std::string_view source, const site_urls& urls,
                                  const std::vector<resolved_mention>& mentions)
{
    document doc = parse(without_marks(source));
    normalise_text(doc.root);

    post_content result;
    std::vector<std::string> links;
    for (cmark_node* n : scannable_text(doc.root))
    {
        const std::string text = literal(n);
        std::string rewritten;
        std::size_t copied = 0;
        auto replace       = [&](std::size_t pos, std::size_t len, std::string link) {
            rewritten.append(text, copied, pos - copied);
            rewritten += mark(links.size());
            links.push_back(std::move(link));
            copied = pos + len;
        };
        scan(
            text,
            [&](std::size_t pos, std::size_t len) {
                const std::string name = text.substr(pos + 1, len - 1);
                const std::string key  = lower_ascii(name);
                bool known             = false;
                for (const auto& t : result.hashtags)
                    known = known || t.key == key;
                if (!known)
                    result.hashtags.push_back({name, key});
                replace(pos, len,
                        "<a href=\"" + escape_html(urls.tag(url_encode(key))) +
                            "\" class=\"mention hashtag\" rel=\"tag\">#<span>" + escape_html(name) +
                            "</span></a>");
            },
            [&](std::size_t pos, std::size_t len, const mention_address& m) {
                const std::string address     = lower_ascii(m.address());
                const resolved_mention* found = nullptr;
                for (const auto& r : mentions)
                {
                    if (lower_ascii(r.address) == address)
                        found = &r;
                }
                if (found == nullptr)
                    return;
                bool listed = false;
                for (const auto& r : result.mentions)
                    listed = listed || r.actor_id == found->actor_id;
                if (!listed)
                    result.mentions.push_back(*found);
                replace(pos, len,
                        "<span class=\"h-card\"><a href=\"" + escape_html(found->profile_url) +
                            "\" class=\"u-url mention\">@<span>" + escape_html(m.user) +
                            "</span></a></span>");
            });
        if (copied > 0)
        {
            rewritten.append(text, copied, std::string::npos);
            cmark_node_set_literal(n, rewritten.c_str());
        }
    }

    chars_ptr html(
        cmark_render_html(doc.root, options, cmark_parser_get_syntax_extensions(doc.parser.get())));
    const std::string sanitized = sanitize_html(html ? html.get() : "", author_policy());
    result.html                 = insert_links(sanitized, links);
    result.images               = find_images(sanitized);
    return result;
}

std::vector<content_image> find_images(std::string_view html)
{
    std::vector<content_image> out;
    detail::fragment doc(html, sanitize_options{}.max_input_bytes);
    std::vector<const GumboNode*> stack{&doc.root()};
    while (!stack.empty())
    {
        const GumboNode* node = stack.back();
        stack.pop_back();
        if (node->type != GUMBO_NODE_ELEMENT)
            continue;
        const GumboElement& el = node->v.element;
        if (el.tag == GUMBO_TAG_IMG)
        {
            auto src = detail::attribute(el, "src");
            if (src && (src->starts_with("https://") || src->starts_with("http://")))
            {
                auto alt = detail::attribute(el, "alt");
                out.push_back({std::string(*src), alt ? std::string(*alt) : std::string()});
            }
        }
        // Children in reverse, so they pop in document order.
        for (unsigned i = el.children.length; i > 0; --i)
            stack.push_back(detail::child_at(el.children, i - 1));
    }
    return out;
}

} // namespace fedblog::protocol
