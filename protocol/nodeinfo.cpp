// SPDX-License-Identifier: AGPL-3.0-or-later
// NodeInfo documents.
#include "protocol/nodeinfo.hpp"

#include "protocol/vocab.hpp"

namespace fedblog::protocol {

json::value build_nodeinfo_links(std::string_view base_url)
{
    json::value link = json::make_object({
        {"rel", vocab::nodeinfo_21_profile},
        {"href", std::string(base_url) + "/nodeinfo/2.1"},
    });
    return json::make_object({{"links", json::array{std::move(link)}}});
}

json::value build_nodeinfo(std::string_view version, const nodeinfo_usage& usage,
                           std::string_view node_name)
{
    // A single-author blog: every user is active, so the activity counts equal the total.
    json::value users = json::make_object({
        {"total", usage.users},
        {"activeMonth", usage.users},
        {"activeHalfyear", usage.users},
    });
    return json::make_object({
        {"version", "2.1"},
        {"software", json::make_object({{"name", "fedblog"}, {"version", version}})},
        {"protocols", json::array{json::value("activitypub")}},
        {"services", json::make_object({{"inbound", json::array{}},
                                        {"outbound", json::array{json::value("atom1.0")}}})},
        {"openRegistrations", false},
        {"usage",
         json::make_object({{"users", std::move(users)}, {"localPosts", usage.local_posts}})},
        {"metadata", json::make_object({{"nodeName", node_name}})},
    });
}

} // namespace fedblog::protocol
