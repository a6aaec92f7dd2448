// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: arbitrary bytes through sanitize_html and html_to_text, checking that the
// output is a fixed point, valid UTF-8, and made only of allowlisted tags and attributes.
#include "protocol/html_prefilter.hpp"
#include "protocol/html_sanitizer.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace fedblog;

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer reports the input that broke a promise
}

bool valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size())
    {
        const auto c     = static_cast<unsigned char>(s[i]);
        std::size_t n    = 0;
        std::uint32_t cp = 0;
        if (c < 0x80)
        {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
        {
            n  = 1;
            cp = c & 0x1F;
        }
        else if ((c & 0xF0) == 0xE0)
        {
            n  = 2;
            cp = c & 0x0F;
        }
        else if ((c & 0xF8) == 0xF0)
        {
            n  = 3;
            cp = c & 0x07;
        }
        else
            return false;
        for (std::size_t k = 1; k <= n; ++k)
        {
            if (i + k >= s.size())
                return false;
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const std::uint32_t min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

bool ascii_iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = static_cast<char>(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

bool allowed_tag(std::string_view name, const protocol::sanitize_options& o)
{
    for (std::string_view t : {"p", "br", "a", "span", "strong", "em", "b", "i", "u", "del",
                               "blockquote", "code", "pre", "ul", "ol", "li"})
        if (name == t)
            return true;
    if (o.allow_rich_blocks)
        for (std::string_view t : {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead",
                                   "tbody", "tr", "th", "td", "s", "sub", "sup"})
            if (name == t)
                return true;
    return o.allow_images && name == "img";
}

bool allowed_attribute(std::string_view tag, std::string_view name, std::string_view value)
{
    const bool http = value.rfind("http://", 0) == 0 || value.rfind("https://", 0) == 0 ||
                      ascii_iequals(value.substr(0, 7), "http://") ||
                      ascii_iequals(value.substr(0, 8), "https://");
    if (tag == "a")
        return (name == "href" && http) ||
               (name == "rel" && value == "nofollow noopener noreferrer ugc");
    if (tag == "ol")
        return name == "start";
    if (tag == "th" || tag == "td")
        return name == "align";
    if (tag == "img")
        return (name == "src" && http) || name == "alt" || name == "title" || name == "width" ||
               name == "height";
    return false;
}

// Every '<' in the output starts a tag we wrote (text '<' is escaped): check each one.
void check_markup(std::string_view out, const protocol::sanitize_options& o)
{
    std::size_t i = 0;
    while ((i = out.find('<', i)) != std::string_view::npos)
    {
        ++i;
        const bool end = i < out.size() && out[i] == '/';
        if (end)
            ++i;
        const std::size_t name_start = i;
        while (i < out.size() &&
               ((out[i] >= 'a' && out[i] <= 'z') || (out[i] >= '1' && out[i] <= '6')))
            ++i;
        const std::string_view tag = out.substr(name_start, i - name_start);
        require(allowed_tag(tag, o));
        while (i < out.size() && out[i] == ' ')
        {
            ++i;
            const std::size_t attr_start = i;
            while (i < out.size() && out[i] >= 'a' && out[i] <= 'z')
                ++i;
            const std::string_view name = out.substr(attr_start, i - attr_start);
            require(!end && out.substr(i, 2) == "=\"");
            i += 2;
            const std::size_t close = out.find('"', i);
            require(close != std::string_view::npos);
            const std::string_view value = out.substr(i, close - i);
            require(value.find('<') == std::string_view::npos);
            require(allowed_attribute(tag, name, value));
            i = close + 1;
        }
        require(i < out.size() && out[i] == '>');
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    // The first byte picks the options, the rest is the HTML.
    protocol::sanitize_options options;
    if (size > 0)
    {
        options.allow_images      = (data[0] & 1) != 0;
        options.allow_rich_blocks = (data[0] & 2) != 0;
        ++data;
        --size;
    }
    const std::string_view input{reinterpret_cast<const char*>(data), size};

    const std::string out = protocol::sanitize_html(input, options);
    require(protocol::sanitize_html(out, options) == out);
    require(valid_utf8(out));
    check_markup(out, options);

    const std::string text = protocol::html_to_text(input);
    require(valid_utf8(text));

    // The prefilter's model must bound the tree gumbo actually builds.
    require(protocol::detail::parsed_depth_for_testing(input) <=
            2 * protocol::detail::prefilter_limits{}.max_depth + 4);
    return 0;
}
