// SPDX-License-Identifier: AGPL-3.0-or-later
// Gathering what a post page shows about its comments and reactions.
#pragma once

#include "node/net.hpp"
#include "storage/records.hpp"

#include <string>

namespace fedblog::node {

class app;

/// The comments section of `post`'s page as HTML (see render_comment_section()). On a
/// storage error the section is left out rather than failing the page.
asio::awaitable<std::string> comment_section_html(app& a, const storage::post& post);

} // namespace fedblog::node
