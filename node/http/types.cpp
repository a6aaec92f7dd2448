// SPDX-License-Identifier: AGPL-3.0-or-later
// Query-parameter and header access for request_context.
#include "node/http/types.hpp"

#include "protocol/iri.hpp"

namespace fedblog::node {

std::optional<std::string> request_context::query_param(std::string_view name) const
{
    std::string_view q = query;
    while (!q.empty())
    {
        const auto amp        = q.find('&');
        std::string_view pair = q.substr(0, amp);
        q             = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        const auto eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        if (key != name)
            continue;
        std::string raw(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        for (char& c : raw)
        {
            if (c == '+')
                c = ' ';
        }
        auto decoded = protocol::url_decode(raw);
        if (!decoded)
            return std::nullopt;
        return std::move(*decoded);
    }
    return std::nullopt;
}

std::string_view request_context::header(http::field f) const
{
    auto it = req.find(f);
    if (it == req.end())
        return {};
    return it->value();
}

} // namespace fedblog::node
