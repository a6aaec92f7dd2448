// SPDX-License-Identifier: AGPL-3.0-or-later
// Normalises an inbox URL to the authority used for per-host delivery limits.
#include "storage/inbox_host.hpp"

#include "storage/error.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/scheme.hpp>

#include <algorithm>
#include <string>

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
        const auto default_port = scheme == boost::urls::scheme::https ? 443 : 80;
        if (url.port_number() != default_port)
        {
            // port_number() is 0 for port 0 and for digits that overflow 16 bits; neither
            // can be connected to. Printing the number drops leading zeros ("08080").
            if (url.port_number() == 0)
                return error::invalid_argument;
            host += ':';
            host += std::to_string(url.port_number());
        }
    }
    return host;
}

} // namespace fedblog::storage
