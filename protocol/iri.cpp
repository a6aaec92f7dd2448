// SPDX-License-Identifier: AGPL-3.0-or-later
// IRI parsing and origin comparison on top of Boost.URL.
#include "protocol/iri.hpp"

#include "protocol/error.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <cctype>

namespace fedblog::protocol {

namespace {

std::string to_lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

template <class View>
std::string str(const View& v)
{
    return std::string(v.data(), v.size());
}

} // namespace

boost::system::result<http_url> parse_http_url(std::string_view text)
{
    auto parsed = boost::urls::parse_uri(text);
    if (!parsed)
        return error::bad_iri;
    const boost::urls::url_view& u = *parsed;
    http_url out;
    out.scheme = to_lower(str(u.scheme()));
    if (out.scheme != "http" && out.scheme != "https")
        return error::bad_iri;
    if (!u.has_authority() || u.has_userinfo())
        return error::bad_iri;
    if (u.host_type() == boost::urls::host_type::ipvfuture ||
        u.host_type() == boost::urls::host_type::none)
        return error::bad_iri;
    // host_address() is the decoded host without IPv6 brackets; a percent-encoded name
    // decoding to something odd (NUL, '/') would be a way to confuse resolvers, so refuse.
    out.host = to_lower(u.host_address());
    if (out.host.empty() ||
        out.host.find_first_of(std::string_view("\0/ @\\", 5)) != std::string::npos)
        return error::bad_iri;
    if (u.has_port())
    {
        // Read the digits ourselves: Boost.URL 1.81's port_number() wraps values above 65535
        // (":65979" would read as 443 and pass for the default port).
        const auto digits = u.port();
        if (digits.empty())
            return error::bad_iri;
        unsigned long n = 0;
        for (char c : digits)
        {
            if (c < '0' || c > '9')
                return error::bad_iri;
            n = n * 10 + static_cast<unsigned long>(c - '0');
            if (n > 65535)
                return error::bad_iri;
        }
        const bool default_p =
            (out.scheme == "http" && n == 80) || (out.scheme == "https" && n == 443);
        if (n == 0)
            return error::bad_iri;
        if (!default_p)
            out.port = std::to_string(n);
    }
    const bool v6 = u.host_type() == boost::urls::host_type::ipv6;
    out.authority = v6 ? "[" + out.host + "]" : out.host;
    if (!out.port.empty())
        out.authority += ":" + out.port;
    out.target = str(u.encoded_path());
    if (out.target.empty())
        out.target = "/";
    if (u.has_query())
        out.target += "?" + str(u.encoded_query());
    return out;
}

bool is_fetchable_url(std::string_view text, bool allow_http)
{
    auto u = parse_http_url(text);
    return u && (u->scheme == "https" || allow_http);
}

std::string_view strip_fragment(std::string_view text) noexcept
{
    const auto hash = text.find('#');
    return hash == std::string_view::npos ? text : text.substr(0, hash);
}

bool same_origin(std::string_view a, std::string_view b)
{
    auto ua = parse_http_url(a);
    auto ub = parse_http_url(b);
    return ua && ub && ua->scheme == ub->scheme && ua->authority == ub->authority;
}

std::string host_of(std::string_view url)
{
    auto u = parse_http_url(url);
    return u ? u->host : std::string();
}

std::string url_encode(std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (unsigned char c : text)
    {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
        {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

boost::system::result<std::string> url_decode(std::string_view text)
{
    auto hexval = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i)
    {
        if (text[i] != '%')
        {
            out += text[i];
            continue;
        }
        if (i + 2 >= text.size())
            return error::bad_iri;
        const int hi = hexval(text[i + 1]);
        const int lo = hexval(text[i + 2]);
        if (hi < 0 || lo < 0)
            return error::bad_iri;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
    }
    return out;
}

} // namespace fedblog::protocol
