// SPDX-License-Identifier: AGPL-3.0-or-later
// One post read from an old blog's export, before it becomes a stored post; and the error
// that names where an export is malformed.
#pragma once

#include "protocol/http_date.hpp"

#include <string>
#include <variant>
#include <vector>

namespace fedblog::node {

/// A reader's comment on an imported post, from a blog that had its own comments.
struct import_comment
{
    std::string id;     ///< the export's comment id, unique within its post
    std::string parent; ///< the id of the comment it answers; "" for the post itself
    std::string author; ///< the name the reader gave
    std::string html;   ///< its text (HTML, not yet sanitized)
    protocol::sys_seconds published{};
};

/// A post as an export describes it. Pure data: nothing is rendered or checked yet.
struct import_item
{
    /// Stable across re-imports of the same file ("wxr:<guid>", "md:<path>", "text:<date>#n"),
    /// so importing twice skips what is already there.
    std::string key;
    std::string slug; ///< the slug the export asks for; "" to derive one from title or text
    std::string title;
    std::string body;
    std::string body_type = "text/html"; ///< text/html, text/markdown or text/plain
    protocol::sys_seconds published{};
    std::vector<std::string> tags;        ///< tag and category names as written
    std::vector<import_comment> comments; ///< approved comments, in file order
};

/// Where and why an export cannot be imported: "line 12" or "item 3 (line 40)", and a
/// short reason. Nothing is imported when there is one.
struct import_error
{
    std::string where;
    std::string what;
};

using import_parse = std::variant<std::vector<import_item>, import_error>;

} // namespace fedblog::node
