// SPDX-License-Identifier: AGPL-3.0-or-later
// NodeInfo 2.1 discovery and document.
#pragma once

#include "protocol/json.hpp"

#include <cstdint>
#include <string>

namespace fedblog::protocol {

/// The /.well-known/nodeinfo links document pointing at /nodeinfo/2.1.
[[nodiscard]] json::value build_nodeinfo_links(std::string_view base_url);

struct nodeinfo_usage
{
    std::int64_t users       = 1;
    std::int64_t local_posts = 0;
};

/** The NodeInfo 2.1 document: software name "fedblog" and version, protocols
    ["activitypub"], usage, openRegistrations false, and the node name in metadata.
    @par Specification
    http://nodeinfo.diaspora.software/ns/schema/2.1
*/
[[nodiscard]] json::value build_nodeinfo(std::string_view version, const nodeinfo_usage& usage,
                                         std::string_view node_name);

} // namespace fedblog::protocol
