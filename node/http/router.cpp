// SPDX-License-Identifier: AGPL-3.0-or-later
// Segment-wise route matching.
#include "node/http/router.hpp"

#include "protocol/iri.hpp"

namespace fedblog::node {

namespace {

std::vector<std::string_view> split_path(std::string_view path)
{
    std::vector<std::string_view> out;
    if (path.empty() || path.front() != '/')
        return out;
    path.remove_prefix(1);
    while (true)
    {
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

} // namespace

void router::add(http::verb method, std::string_view pattern, handler fn, route_options options)
{
    route r{method, {}, std::move(fn), options, std::string(pattern)};
    for (std::string_view seg : split_path(pattern))
    {
        if (seg.size() >= 2 && seg.front() == '{' && seg.back() == '}')
            r.segments.emplace_back("{}");
        else
            r.segments.emplace_back(seg);
    }
    routes_.push_back(std::move(r));
}

route_match router::match(http::verb method, std::string_view path) const
{
    route_match m;
    const auto segs = split_path(path);
    if (segs.empty())
        return m;
    const http::verb wanted = method == http::verb::head ? http::verb::get : method;
    for (const route& r : routes_)
    {
        if (r.segments.size() != segs.size())
            continue;
        std::vector<std::string> params;
        bool ok = true;
        for (std::size_t i = 0; i < segs.size() && ok; ++i)
        {
            if (r.segments[i] == "{}")
            {
                auto decoded = protocol::url_decode(segs[i]);
                if (!decoded || decoded->empty())
                {
                    m.bad_path = !decoded;
                    ok         = false;
                    break;
                }
                params.push_back(std::move(*decoded));
            }
            else
                ok = r.segments[i] == segs[i];
        }
        if (!ok)
            continue;
        // HEAD matches an explicit HEAD route as well as a GET one.
        if (r.method == wanted || r.method == method)
        {
            m.found  = &r;
            m.params = std::move(params);
            m.allow.clear();
            return m;
        }
        const std::string name(http::to_string(r.method));
        if (m.allow.find(name) == std::string::npos)
        {
            if (!m.allow.empty())
                m.allow += ", ";
            m.allow += name;
            if (r.method == http::verb::get)
                m.allow += ", HEAD";
        }
    }
    return m;
}

} // namespace fedblog::node
