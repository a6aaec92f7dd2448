// SPDX-License-Identifier: AGPL-3.0-or-later
// A strict multipart/form-data reader: boundaries, part headers, Content-Disposition.
#include "node/media/multipart.hpp"

#include <algorithm>
#include <cctype>

namespace fedblog::node {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

/** The value of parameter `name` in a header value like `form-data; name="file"`: a quoted
    string (backslash escapes honoured) or a token. nullopt when absent.
*/
std::optional<std::string> parameter(std::string_view value, std::string_view name)
{
    std::size_t pos = value.find(';');
    while (pos != std::string_view::npos)
    {
        std::string_view rest = trim(value.substr(pos + 1));
        const auto eq         = rest.find('=');
        if (eq == std::string_view::npos)
            return std::nullopt;
        const std::string key = lower(trim(rest.substr(0, eq)));
        std::string_view v    = trim(rest.substr(eq + 1));
        std::string out;
        std::size_t used = 0;
        if (!v.empty() && v.front() == '"')
        {
            std::size_t i = 1;
            for (; i < v.size() && v[i] != '"'; ++i)
            {
                if (v[i] == '\\' && i + 1 < v.size())
                    ++i;
                out += v[i];
            }
            if (i >= v.size())
                return std::nullopt; // unterminated quote
            used = i + 1;
        }
        else
        {
            used = std::min(v.find(';'), v.size());
            out  = std::string(trim(v.substr(0, used)));
        }
        if (key == name)
            return out;
        const std::size_t offset = static_cast<std::size_t>(v.data() - value.data()) + used;
        pos                      = value.find(';', offset);
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type)
{
    const auto semi = content_type.find(';');
    if (lower(trim(content_type.substr(0, semi))) != "multipart/form-data")
        return std::nullopt;
    auto b = parameter(content_type, "boundary");
    if (!b || b->empty() || b->size() > 70)
        return std::nullopt;
    return b;
}

std::optional<std::vector<form_part>> parse_multipart(std::string_view body,
                                                      std::string_view boundary,
                                                      std::size_t max_parts, std::string& why)
{
    const std::string delimiter = "--" + std::string(boundary);
    std::vector<form_part> parts;
    // The first delimiter may start the body or follow a preamble line.
    std::size_t pos = body.starts_with(delimiter) ? 0 : body.find("\r\n" + delimiter);
    if (pos == std::string_view::npos)
    {
        why = "the form has no boundary";
        return std::nullopt;
    }
    pos += body.starts_with(delimiter) ? delimiter.size() : delimiter.size() + 2;
    for (;;)
    {
        if (body.substr(pos, 2) == "--")
            return parts; // the closing delimiter; the epilogue is ignored
        if (body.substr(pos, 2) != "\r\n")
        {
            why = "a boundary line is malformed";
            return std::nullopt;
        }
        pos += 2;
        if (parts.size() == max_parts)
        {
            why = "the form has too many parts";
            return std::nullopt;
        }
        const auto headers_end            = body.find("\r\n\r\n", pos);
        constexpr std::size_t max_headers = 8 * 1024;
        if (headers_end == std::string_view::npos || headers_end - pos > max_headers)
        {
            why = "a part's headers are missing or too long";
            return std::nullopt;
        }
        form_part part;
        bool form_data           = false;
        std::string_view headers = body.substr(pos, headers_end - pos);
        while (!headers.empty())
        {
            const auto eol        = headers.find("\r\n");
            std::string_view line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
            const auto colon = line.find(':');
            if (colon == std::string_view::npos)
            {
                why = "a part header has no colon";
                return std::nullopt;
            }
            const std::string field      = lower(trim(line.substr(0, colon)));
            const std::string_view value = trim(line.substr(colon + 1));
            if (field == "content-disposition")
            {
                form_data     = lower(trim(value.substr(0, value.find(';')))) == "form-data";
                part.name     = parameter(value, "name").value_or("");
                part.filename = parameter(value, "filename").value_or("");
            }
            else if (field == "content-type")
                part.content_type = std::string(value);
        }
        if (!form_data || part.name.empty())
        {
            why = "a part is not form-data with a name";
            return std::nullopt;
        }
        const std::size_t content = headers_end + 4;
        const auto next           = body.find("\r\n" + delimiter, content);
        if (next == std::string_view::npos)
        {
            why = "the form has no closing boundary";
            return std::nullopt;
        }
        part.body = body.substr(content, next - content);
        parts.push_back(std::move(part));
        pos = next + 2 + delimiter.size();
    }
}

} // namespace fedblog::node
