// SPDX-License-Identifier: AGPL-3.0-or-later
// Request and response types shared by the server, router and handlers.
#pragma once

#include "node/net.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

using request  = http::request<http::string_body>;
using response = http::response<http::string_body>;

/// What a handler sees of the request beyond the message itself.
struct request_context
{
    const request& req;
    std::string_view path;           ///< the target's path, still percent-encoded
    std::string_view query;          ///< raw query string without '?', "" when none
    std::vector<std::string> params; ///< route parameters, percent-decoded
    std::string remote_address;
    std::string request_id;

    /// Percent-decoded value of query parameter `name` ('+' means space), or nullopt.
    std::optional<std::string> query_param(std::string_view name) const;

    /// A request header, or "" when absent.
    std::string_view header(http::field f) const;
};

} // namespace fedblog::node
