// SPDX-License-Identifier: AGPL-3.0-or-later
// The actor documents rendered from the config, and the run-time settings that override it.
#pragma once

#include "node/app.hpp"

#include <string>
#include <utility>
#include <vector>

namespace fedblog::node {

/// Renders the actor documents and the bio from `cfg` (at start, and for `fedblog profile`).
[[nodiscard]] static_documents render_documents(const config& cfg, const protocol::site_urls& urls,
                                                const std::string& author_public_pem,
                                                const std::string& instance_public_pem);

/** Applies the run-time profile settings (`fedblog profile`, kept in the store) over
    fedblog.conf: "avatar" and "header" are media file names. Unknown keys are ignored.
*/
void apply_settings(config& cfg, const std::vector<std::pair<std::string, std::string>>& settings);

} // namespace fedblog::node
