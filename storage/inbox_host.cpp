// SPDX-License-Identifier: AGPL-3.0-or-later
// Normalises an inbox URL to the authority used for per-host delivery limits.
#include "storage/inbox_host.hpp"

#include "storage/error.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <algorithm>
#include <charconv>
#include <string>
#include <system_error>

namespace fedblog::storage {

result<std::string> inbox_host(std::string_view inbox_url)
{
    auto parsed = boost::urls::parse_uri(inbox_url);
    if (!parsed)
        return error::invalid_argument;
    const auto& url = *parsed;

    const auto scheme = url.scheme_id();
    if (scheme != boost::urls::scheme::http && scheme != boost::urls::scheme::https)
        return error::invalid_argument;
    if (!url.has_authority() || url.encoded_host().empty())
        return error::invalid_argument;

    // Host names are case-insensitive (RFC 3986, 3.2.2); percent-escapes stay as written
    // because their hex digits' case never matters to a resolver.
    std::string host(url.encoded_host());
    std::transform(host.begin(), host.end(), host.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });

    // "host:" (empty port) and the scheme's default port reach the same server as no port.
    if (url.has_port() && !url.port().empty())
    {
        // Parsed here rather than with port_number(), which does not reject values above
        // 65535. Port 0 cannot be connected to either.
        const auto digits    = url.port();
        unsigned long port   = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
        if (ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535)
            return error::invalid_argument;
        const unsigned long default_port = scheme == boost::urls::scheme::https ? 443 : 80;
        if (port != default_port)
        {
            // Printing the number drops leading zeros ("08080").
            host += ':';
            host += std::to_string(port);
        }
    }
    return host;
}

} // namespace fedblog::storage
