// SPDX-License-Identifier: AGPL-3.0-or-later
// WebFinger resource parsing and JRD / host-meta documents.
#include "protocol/webfinger.hpp"

#include "protocol/error.hpp"
#include "protocol/iri.hpp"
#include "protocol/vocab.hpp"

#include <algorithm>
#include <cctype>

namespace fedblog::protocol {

namespace {

bool has_bad_chars(std::string_view s) noexcept
{
    return std::any_of(s.begin(), s.end(), [](unsigned char c) {
        return c <= 0x20 || c == 0x7F || c == '/' || c == '?' || c == '#' || c == '<' || c == '>' ||
               c == '"' || c == '\\';
    });
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

} // namespace

boost::system::result<webfinger_resource> parse_webfinger_resource(std::string_view resource)
{
    if (resource.empty() || resource.size() > 512)
        return error::bad_resource;

    // Schemes are case-insensitive (RFC 3986 3.1): "HTTPS://..." is a URL too.
    const std::string head = lower(resource.substr(0, 8));
    if (head.starts_with("http://") || head.starts_with("https://"))
    {
        if (!parse_http_url(resource))
            return error::bad_resource;
        return webfinger_resource{webfinger_resource::kind::url, {}, {}, std::string(resource)};
    }

    std::string_view addr = resource;
    if (addr.size() >= 5 && lower(addr.substr(0, 5)) == "acct:")
        addr.remove_prefix(5);
    if (!addr.empty() && addr.front() == '@')
        addr.remove_prefix(1);
    // The host is what follows the last '@': a username cannot contain '@' but an acct: URI
    // user part may be percent-encoded, so split from the right.
    const auto at = addr.rfind('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == addr.size())
        return error::bad_resource;
    std::string_view user = addr.substr(0, at);
    std::string_view host = addr.substr(at + 1);
    // RFC 7565's userpart has no ':' (which also keeps "mailto:a@b" from reading as an acct).
    if (has_bad_chars(user) || has_bad_chars(host) ||
        user.find_first_of("@:") != std::string_view::npos)
        return error::bad_resource;
    return webfinger_resource{webfinger_resource::kind::acct, std::string(user), lower(host), {}};
}

json::value build_jrd(std::string_view subject, const std::vector<std::string>& aliases,
                      const std::vector<jrd_link>& links)
{
    json::value doc = json::make_object({{"subject", subject}});
    json::array alias_list;
    for (const auto& a : aliases)
        alias_list.emplace_back(a);
    doc.set("aliases", std::move(alias_list));
    json::array link_list;
    for (const auto& l : links)
    {
        json::value link = json::make_object({{"rel", l.rel}});
        if (!l.type.empty())
            link.set("type", l.type);
        if (!l.href.empty())
            link.set("href", l.href);
        if (!l.template_.empty())
            link.set("template", l.template_);
        link_list.push_back(std::move(link));
    }
    doc.set("links", std::move(link_list));
    return doc;
}

boost::system::result<std::string> jrd_self_link(const json::value& jrd)
{
    const json::value* links = jrd.find("links");
    if (links == nullptr || !links->is_array())
        return error::invalid_document;
    for (const auto& link : *links->if_array())
    {
        if (link.get_string("rel") != "self")
            continue;
        auto type = link.get_string("type");
        auto href = link.get_string("href");
        if (!type || !href)
            continue;
        // Exact types only, as Mastodon's Webfinger::Response::ACTIVITYPUB_READY_TYPE.
        if (*type != vocab::activity_json && *type != vocab::ld_json_as)
            continue;
        if (!parse_http_url(*href))
            continue;
        return std::string(*href);
    }
    return error::invalid_document;
}

std::string build_host_meta_xrd(std::string_view base_url)
{
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<XRD xmlns=\"http://docs.oasis-open.org/ns/xri/xrd-1.0\">\n"
                      "  <Link rel=\"lrdd\" template=\"";
    xml += base_url;
    xml += "/.well-known/webfinger?resource={uri}\"/>\n</XRD>\n";
    return xml;
}

json::value build_host_meta_json(std::string_view base_url)
{
    json::value link = json::make_object(
        {{"rel", "lrdd"},
         {"template", std::string(base_url) + "/.well-known/webfinger?resource={uri}"}});
    return json::make_object({{"links", json::array{std::move(link)}}});
}

} // namespace fedblog::protocol
