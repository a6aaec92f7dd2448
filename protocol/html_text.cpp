// SPDX-License-Identifier: AGPL-3.0-or-later
// HTML escaping and plain-text-to-paragraph conversion.
#include "protocol/html_text.hpp"

namespace fedblog::protocol {

std::string escape_html(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (char c : text)
    {
        switch (c)
        {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '\0':
            // NUL has no business in a page and some parsers treat it specially.
            out += "\xEF\xBF\xBD";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string text_to_html(std::string_view text)
{
    std::string out;
    std::string para;
    auto flush = [&] {
        if (!para.empty())
            out += "<p>" + para + "</p>";
        para.clear();
    };
    std::size_t pos = 0;
    while (pos <= text.size())
    {
        auto nl               = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            flush();
        else
        {
            if (!para.empty())
                para += "<br>";
            para += escape_html(line);
        }
        if (nl == std::string_view::npos)
            break;
        pos = nl + 1;
    }
    flush();
    return out;
}

} // namespace fedblog::protocol
