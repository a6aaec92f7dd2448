// SPDX-License-Identifier: AGPL-3.0-or-later
// The bounded-cost canonicalizing pre-pass in front of gumbo (see html_prefilter.hpp).
#include "protocol/html_prefilter.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace fedblog::protocol::detail {

namespace {

// Tag properties as gumbo 0.10.1's tree builder sees them. Where gumbo's behaviour was not
// certain, the tag is left out of a set: every set below only ever lets the model pop *less*.
enum tag_flag : unsigned
{
    void_element = 1U << 0, // never pushed (HTML namespace only)
    formatting   = 1U << 1, // list of active formatting elements: reconstructed after implicit pops
    special      = 1U << 2, // "special" category: end tag pops through implied-end elements
    implied_end  = 1U << 3, // popped by "generate implied end tags"
    raw_text     = 1U << 4, // RAWTEXT or RCDATA content
    closes_p     = 1U << 5, // start tag closes a <p> in button scope
    foreign_root = 1U << 6, // svg, math: void-ness no longer applies inside
    plaintext    = 1U << 7,
    form         = 1U << 8, // </form> removes only the form element itself
};

struct tag_info
{
    std::string_view name;
    unsigned flags;
    int table_level; // table 1, sections/caption/colgroup 2, tr 3, cells 4
};

// Sorted by name for binary search.
constexpr std::array tag_table{
    tag_info{"a", formatting, 0},
    tag_info{"address", special | closes_p, 0},
    tag_info{"applet", special, 0},
    tag_info{"area", void_element | special, 0},
    tag_info{"article", special | closes_p, 0},
    tag_info{"aside", special | closes_p, 0},
    tag_info{"b", formatting, 0},
    tag_info{"base", void_element | special, 0},
    tag_info{"basefont", void_element | special, 0},
    tag_info{"bgsound", void_element | special, 0},
    tag_info{"big", formatting, 0},
    tag_info{"blockquote", special | closes_p, 0},
    tag_info{"body", special, 0},
    tag_info{"br", void_element | special, 0},
    tag_info{"button", special, 0},
    tag_info{"caption", special, 2},
    tag_info{"center", special | closes_p, 0},
    tag_info{"code", formatting, 0},
    tag_info{"col", void_element | special, 0},
    tag_info{"colgroup", special, 2},
    tag_info{"dd", special | implied_end | closes_p, 0},
    tag_info{"details", special | closes_p, 0},
    tag_info{"dir", special | closes_p, 0},
    tag_info{"div", special | closes_p, 0},
    tag_info{"dl", special | closes_p, 0},
    tag_info{"dt", special | implied_end | closes_p, 0},
    tag_info{"em", formatting, 0},
    tag_info{"embed", void_element | special, 0},
    tag_info{"fieldset", special | closes_p, 0},
    tag_info{"figcaption", special | closes_p, 0},
    tag_info{"figure", special | closes_p, 0},
    tag_info{"font", formatting, 0},
    tag_info{"footer", special | closes_p, 0},
    // <form> closes a <p> only when no form is open, so closes_p is left out.
    tag_info{"form", special | form, 0},
    tag_info{"frame", void_element | special, 0},
    tag_info{"frameset", special, 0},
    tag_info{"h1", special | closes_p, 0},
    tag_info{"h2", special | closes_p, 0},
    tag_info{"h3", special | closes_p, 0},
    tag_info{"h4", special | closes_p, 0},
    tag_info{"h5", special | closes_p, 0},
    tag_info{"h6", special | closes_p, 0},
    tag_info{"head", special, 0},
    tag_info{"header", special | closes_p, 0},
    tag_info{"hgroup", special | closes_p, 0},
    tag_info{"hr", void_element | special | closes_p, 0},
    tag_info{"html", special, 0},
    tag_info{"i", formatting, 0},
    tag_info{"iframe", special | raw_text, 0},
    tag_info{"image", void_element, 0}, // gumbo rewrites it to <img>
    tag_info{"img", void_element | special, 0},
    tag_info{"input", void_element | special, 0},
    tag_info{"keygen", void_element | special, 0},
    tag_info{"li", special | implied_end | closes_p, 0},
    tag_info{"link", void_element | special, 0},
    tag_info{"listing", special | closes_p, 0},
    tag_info{"main", special | closes_p, 0},
    tag_info{"marquee", special, 0},
    tag_info{"math", foreign_root, 0},
    tag_info{"menu", special | closes_p, 0},
    tag_info{"meta", void_element | special, 0},
    tag_info{"nav", special | closes_p, 0},
    tag_info{"nobr", formatting, 0},
    tag_info{"noembed", special | raw_text, 0},
    tag_info{"noframes", special | raw_text, 0},
    tag_info{"noscript", special | raw_text, 0},
    tag_info{"object", special, 0},
    tag_info{"ol", special | closes_p, 0},
    tag_info{"optgroup", implied_end, 0},
    tag_info{"option", implied_end, 0},
    tag_info{"p", special | implied_end | closes_p, 0},
    tag_info{"param", void_element | special, 0},
    tag_info{"plaintext", special | closes_p | plaintext, 0},
    tag_info{"pre", special | closes_p, 0},
    tag_info{"rp", implied_end, 0},
    tag_info{"rt", implied_end, 0},
    tag_info{"s", formatting, 0},
    tag_info{"script", special | raw_text, 0},
    tag_info{"section", special | closes_p, 0},
    tag_info{"select", special, 0},
    tag_info{"small", formatting, 0},
    tag_info{"source", void_element | special, 0},
    tag_info{"strike", formatting, 0},
    tag_info{"strong", formatting, 0},
    tag_info{"style", special | raw_text, 0},
    tag_info{"summary", special | closes_p, 0},
    tag_info{"svg", foreign_root, 0},
    tag_info{"table", special, 1},
    tag_info{"tbody", special, 2},
    tag_info{"td", special, 4},
    tag_info{"template", special, 0},
    tag_info{"textarea", special | raw_text, 0},
    tag_info{"tfoot", special, 2},
    tag_info{"th", special, 4},
    tag_info{"thead", special, 2},
    tag_info{"title", special | raw_text, 0},
    tag_info{"tr", special, 3},
    tag_info{"track", void_element | special, 0},
    tag_info{"tt", formatting, 0},
    tag_info{"u", formatting, 0},
    tag_info{"ul", special | closes_p, 0},
    tag_info{"wbr", void_element | special, 0},
    tag_info{"xmp", special | closes_p | raw_text, 0},
};

const tag_info* find_tag(std::string_view name)
{
    const auto* it =
        std::lower_bound(tag_table.begin(), tag_table.end(), name,
                         [](const tag_info& t, std::string_view n) { return t.name < n; });
    if (it != tag_table.end() && it->name == name)
        return &*it;
    return nullptr;
}

bool is_space(char c)
{
    // The tokenizer sees CR as LF after input-stream preprocessing.
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr std::string_view replacement_char = "\xEF\xBF\xBD";

// One open element of the model.
struct open_element
{
    std::string name;
    unsigned flags;
    int table_level;
};

struct parsed_tag
{
    bool end   = false;
    bool valid = false; // false: ran into the end of input (the tokenizer drops such a tag)
    std::string name;
    std::string attributes; // canonical serialization, leading space included
    std::size_t next = 0;   // input position after the tag
};

class prefilter
{
public:
    prefilter(std::string_view in, const prefilter_limits& limits) : in_(in), limits_(limits)
    {
        out_.reserve(in.size() + in.size() / 8);
    }

    std::string run()
    {
        while (pos_ < in_.size())
        {
            const char c = in_[pos_];
            if (c != '<')
            {
                // Copy a run of plain text in one go.
                const auto next = in_.find('<', pos_);
                const auto end  = next == std::string_view::npos ? in_.size() : next;
                out_.append(in_.substr(pos_, end - pos_));
                pos_ = end;
                continue;
            }
            markup();
        }
        return std::move(out_);
    }

private:
    char at(std::size_t i) const { return i < in_.size() ? in_[i] : '\0'; }

    bool has(std::size_t i) const { return i < in_.size(); }

    bool starts_with_ci(std::size_t i, std::string_view s) const
    {
        if (in_.size() - std::min(i, in_.size()) < s.size())
            return false;
        for (std::size_t k = 0; k < s.size(); ++k)
            if (lower(in_[i + k]) != s[k])
                return false;
        return true;
    }

    // Skips to just after the first '>' at or after `from` (or to the end): bogus comments.
    void skip_past_gt(std::size_t from)
    {
        const auto gt = in_.find('>', from);
        pos_          = gt == std::string_view::npos ? in_.size() : gt + 1;
    }

    void markup()
    {
        const std::size_t lt = pos_;
        const char next      = at(lt + 1);
        if (is_alpha(next))
        {
            start_or_end_tag(lt, false);
            return;
        }
        if (next == '/')
        {
            const char after = at(lt + 2);
            if (is_alpha(after))
                start_or_end_tag(lt, true);
            else if (after == '>')
                pos_ = lt + 3; // "</>" is ignored
            else if (!has(lt + 2))
            {
                out_ += "&lt;/"; // "</" at the end of input is text
                pos_ = lt + 2;
            }
            else
                skip_past_gt(lt + 2); // bogus comment
            return;
        }
        if (next == '!')
        {
            declaration(lt);
            return;
        }
        if (next == '?')
        {
            skip_past_gt(lt + 2);
            return;
        }
        out_ += "&lt;";
        pos_ = lt + 1;
    }

    // "<!": comment, CDATA, doctype or bogus comment; all removed.
    void declaration(std::size_t lt)
    {
        if (starts_with_ci(lt + 2, "--"))
        {
            // Comment states of the tokenizer: "<!-->" and "<!--->" are complete comments,
            // otherwise the comment ends at the first "-->" or "--!>".
            const std::size_t body = lt + 4;
            if (at(body) == '>')
            {
                pos_ = body + 1;
                return;
            }
            if (at(body) == '-' && at(body + 1) == '>')
            {
                pos_ = body + 2;
                return;
            }
            std::size_t end = in_.size();
            for (auto dash = in_.find("--", body); dash != std::string_view::npos;
                 dash      = in_.find("--", dash + 1))
            {
                if (at(dash + 2) == '>')
                {
                    end = dash + 3;
                    break;
                }
                if (at(dash + 2) == '!' && at(dash + 3) == '>')
                {
                    end = dash + 4;
                    break;
                }
            }
            pos_ = end;
            return;
        }
        if (in_.substr(lt + 2, 7) == "[CDATA[")
        {
            // A CDATA section in foreign content, a bogus comment ending at the first '>' in
            // HTML content: removing up to the later of the two ends is right for both.
            const auto end = in_.find("]]>", lt + 9);
            pos_           = end == std::string_view::npos ? in_.size() : end + 3;
            return;
        }
        skip_past_gt(lt + 2); // doctype or bogus comment
    }

    // Tokenizes one tag starting at `lt` (tag open / end tag open states onwards).
    parsed_tag tokenize_tag(std::size_t lt, bool end) const
    {
        parsed_tag tag;
        tag.end       = end;
        std::size_t i = lt + (end ? 2 : 1);
        while (has(i) && !is_space(in_[i]) && in_[i] != '/' && in_[i] != '>')
        {
            append_name_char(tag.name, in_[i]);
            ++i;
        }
        std::size_t kept = 0;
        while (true)
        {
            // Before attribute name.
            while (has(i) && (is_space(in_[i]) || in_[i] == '/'))
                ++i; // a '/' not followed by '>' is ignored; "/>" has no effect on HTML
            if (!has(i))
                return tag;
            if (in_[i] == '>')
            {
                tag.valid = true;
                tag.next  = i + 1;
                return tag;
            }
            // Attribute name: the first character is taken even if it is '='.
            std::string name;
            append_name_char(name, in_[i]);
            ++i;
            while (has(i) && !is_space(in_[i]) && in_[i] != '/' && in_[i] != '>' && in_[i] != '=')
            {
                append_name_char(name, in_[i]);
                ++i;
            }
            // After attribute name.
            while (has(i) && is_space(in_[i]))
                ++i;
            std::string_view value;
            bool has_value = false;
            if (has(i) && in_[i] == '=')
            {
                ++i;
                while (has(i) && is_space(in_[i]))
                    ++i;
                if (!has(i))
                    return tag;
                if (in_[i] == '"' || in_[i] == '\'')
                {
                    const auto close = in_.find(in_[i], i + 1);
                    if (close == std::string_view::npos)
                        return tag;
                    value = in_.substr(i + 1, close - i - 1);
                    i     = close + 1;
                }
                else if (in_[i] != '>')
                {
                    const std::size_t start = i;
                    while (has(i) && !is_space(in_[i]) && in_[i] != '>')
                        ++i;
                    value = in_.substr(start, i - start);
                }
                has_value = true;
            }
            if (!end && kept < limits_.max_attributes)
            {
                ++kept;
                tag.attributes += ' ';
                tag.attributes += name;
                if (has_value)
                {
                    tag.attributes += "=\"";
                    append_attribute_value(tag.attributes, value);
                    tag.attributes += '"';
                }
            }
        }
    }

    static void append_name_char(std::string& out, char c)
    {
        if (c == '\0')
            out += replacement_char;
        else
            out += lower(c);
    }

    // The raw (still entity-encoded) value goes between double quotes; only a literal '"'
    // needs escaping, and "&quot;" decodes back to it.
    static void append_attribute_value(std::string& out, std::string_view raw)
    {
        for (char c : raw)
        {
            if (c == '"')
                out += "&quot;";
            else
                out += c;
        }
    }

    void start_or_end_tag(std::size_t lt, bool end)
    {
        parsed_tag tag = tokenize_tag(lt, end);
        if (!tag.valid)
        {
            pos_ = in_.size(); // a tag cut off by the end of input is dropped by the tokenizer
            return;
        }
        pos_ = tag.next;
        if (tag.end)
        {
            end_tag(tag.name);
            out_ += "</";
            out_ += tag.name;
            out_ += '>';
            return;
        }
        const tag_info* info   = find_tag(tag.name);
        const unsigned flags   = info != nullptr ? info->flags : 0U;
        const bool kept        = start_tag(tag.name, info);
        const bool is_raw_text = (flags & raw_text) != 0;
        if (kept)
        {
            out_ += '<';
            out_ += tag.name;
            out_ += tag.attributes;
            out_ += '>';
        }
        if ((flags & plaintext) != 0)
        {
            if (kept)
                append_escaped(in_.substr(pos_));
            pos_ = in_.size();
        }
        else if (is_raw_text)
            raw_text_content(tag.name, kept);
    }

    // Content of a raw-text element: up to "</name" followed by space, '/' or '>'.
    void raw_text_content(std::string_view name, bool kept)
    {
        std::size_t i = pos_;
        while (true)
        {
            const auto lt = in_.find('<', i);
            if (lt == std::string_view::npos)
            {
                i = in_.size();
                break;
            }
            const std::size_t after = lt + 2 + name.size();
            if (at(lt + 1) == '/' && starts_with_ci(lt + 2, name) &&
                (is_space(at(after)) || at(after) == '/' || at(after) == '>'))
            {
                i = lt;
                break;
            }
            i = lt + 1;
        }
        if (kept)
            append_escaped(in_.substr(pos_, i - pos_));
        pos_ = i;
        if (!kept && i < in_.size())
        {
            // Drop the matching end tag along with the content.
            parsed_tag tag = tokenize_tag(i, true);
            pos_           = tag.valid ? tag.next : in_.size();
        }
    }

    void append_escaped(std::string_view text)
    {
        for (char c : text)
        {
            if (c == '<')
                out_ += "&lt;";
            else
                out_ += c;
        }
    }

    bool in_foreign() const { return foreign_depth_ > 0; }

    // Index of the element an implied close or end tag would reach, skipping formatting
    // elements (kept: they are reconstructed later) and, when allowed, elements the matching
    // rule pops on the way. npos if the walk stops first.
    template <class Match, class Skippable>
    std::size_t find_open(Match match, Skippable skippable) const
    {
        for (std::size_t k = stack_.size(); k-- > 0;)
        {
            const open_element& e = stack_[k];
            if (match(e))
                return k;
            if ((e.flags & formatting) != 0 || skippable(e))
                continue;
            return std::string_view::npos;
        }
        return std::string_view::npos;
    }

    // Removes stack_[index] and every non-formatting element above it.
    void close_at(std::size_t index)
    {
        if (index + 1 == stack_.size())
        {
            if ((stack_.back().flags & foreign_root) != 0)
                --foreign_depth_;
            stack_.pop_back();
            return;
        }
        std::vector<open_element> kept;
        for (std::size_t k = index + 1; k < stack_.size(); ++k)
            if ((stack_[k].flags & formatting) != 0)
                kept.push_back(std::move(stack_[k]));
        for (std::size_t k = index; k < stack_.size(); ++k)
            if ((stack_[k].flags & foreign_root) != 0)
                --foreign_depth_;
        stack_.resize(index);
        for (auto& e : kept)
            stack_.push_back(std::move(e));
    }

    // Where the start tag's implied close lands (npos: none).
    std::size_t implied_close(std::string_view name, unsigned flags) const
    {
        const auto implied = [](const open_element& e) {
            return (e.flags & implied_end) != 0;
        };
        const auto is_p = [](const open_element& e) {
            return e.name == "p";
        };
        std::size_t k = std::string_view::npos;
        if (name == "li")
            k = find_open([](const open_element& e) { return e.name == "li"; }, is_p);
        else if (name == "dd" || name == "dt")
            k = find_open([](const open_element& e) { return e.name == "dd" || e.name == "dt"; },
                          is_p);
        else if (name == "td" || name == "th" || name == "tr")
            k = find_open([](const open_element& e) { return e.name == "td" || e.name == "th"; },
                          implied);
        else if ((name == "option" || name == "optgroup") && !stack_.empty() &&
                 stack_.back().name == "option")
            k = stack_.size() - 1;
        if (k == std::string_view::npos && (flags & closes_p) != 0)
            k = find_open(is_p, [](const open_element&) { return false; });
        return k;
    }

    // Returns whether the start tag is kept. A removed tag leaves the model unchanged.
    bool start_tag(const std::string& name, const tag_info* info)
    {
        const unsigned flags = info != nullptr ? info->flags : 0U;
        if (start_tags_ >= limits_.max_start_tags)
            return false;
        const bool is_void      = (flags & void_element) != 0 && !in_foreign();
        const std::size_t close = implied_close(name, flags);
        std::size_t depth_after = stack_.size();
        if (close != std::string_view::npos)
            for (std::size_t k = close; k < stack_.size(); ++k)
                if ((stack_[k].flags & formatting) == 0)
                    --depth_after;
        if (!is_void && depth_after >= limits_.max_depth)
            return false;
        ++start_tags_;
        if (close != std::string_view::npos)
            close_at(close);
        if (!is_void)
        {
            stack_.push_back(open_element{name, flags, info != nullptr ? info->table_level : 0});
            if ((flags & foreign_root) != 0)
                ++foreign_depth_;
        }
        return true;
    }

    void end_tag(const std::string& name)
    {
        const tag_info* info = find_tag(name);
        const unsigned flags = info != nullptr ? info->flags : 0U;
        const auto named     = [&name](const open_element& e) {
            return e.name == name;
        };
        std::size_t k = std::string_view::npos;
        if ((flags & form) != 0)
        {
            // </form> pops implied-end elements from the top, then removes only the form.
            std::size_t top = stack_.size();
            while (top > 0 && (stack_[top - 1].flags & implied_end) != 0)
                --top;
            if (top > 0 && stack_[top - 1].name == name)
                k = top - 1;
        }
        else if ((flags & special) != 0)
        {
            // "Has an element in scope", then pop through it: what lies between may go too.
            const int level = info->table_level;
            k               = find_open(named, [level](const open_element& e) {
                return (e.flags & implied_end) != 0 || (level > 0 && e.table_level > level);
            });
        }
        else
        {
            // "Any other end tag" and the adoption agency: only formatting elements may be
            // stepped over, or gumbo might leave the element open.
            k = find_open(named, [](const open_element&) { return false; });
        }
        if (k != std::string_view::npos)
            close_at(k);
    }

    std::string_view in_;
    const prefilter_limits& limits_;
    std::string out_;
    std::size_t pos_ = 0;
    std::vector<open_element> stack_;
    std::size_t foreign_depth_ = 0;
    std::size_t start_tags_    = 0;
};

} // namespace

std::string prefilter_html(std::string_view html, const prefilter_limits& limits)
{
    return prefilter(html, limits).run();
}

} // namespace fedblog::protocol::detail
