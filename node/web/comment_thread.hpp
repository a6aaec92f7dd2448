// SPDX-License-Identifier: AGPL-3.0-or-later
// The comments section of a post page: the thread, the reaction counts, the reply box.
#pragma once

#include "protocol/http_date.hpp"
#include "storage/comment_records.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace fedblog::node {

/// Everything the section shows; filled by the post page handler.
struct comment_section
{
    std::string post_url;
    std::string author_actor; ///< our actor id: its comments are the author's replies
    std::string author_name;
    std::string author_avatar;
    std::vector<storage::comment> comments;               ///< the public thread, oldest first
    std::map<std::string, storage::remote_actor> authors; ///< by actor id
    std::int64_t likes  = 0;
    std::int64_t boosts = 0;
    std::int64_t quotes = 0;
    std::string mode    = "open"; ///< open | approve | closed
    protocol::sys_seconds now{};
};

/** Renders the section as HTML. Every remote string is escaped; comment bodies are the
    stored sanitized HTML with custom emoji added. Replies nest under their parents (a reply
    whose parent is not shown is placed at the top level); a deleted comment that still has
    replies shows as "deleted".
*/
[[nodiscard]] std::string render_comment_section(const comment_section& section);

/// "just now", "5 minutes ago", "3 hours ago", "2 days ago", or the date for older times.
[[nodiscard]] std::string relative_time(protocol::sys_seconds when, protocol::sys_seconds now);

} // namespace fedblog::node
