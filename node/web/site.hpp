// SPDX-License-Identifier: AGPL-3.0-or-later
// The page-level facts about the blog, taken from the running app.
#pragma once

#include "node/web/pages.hpp"

namespace fedblog::node {

class app;

/// Title, bio and URLs for page rendering.
[[nodiscard]] site_info site_for(const app& a);

} // namespace fedblog::node
