// SPDX-License-Identifier: AGPL-3.0-or-later
// The CLI's side of ActivityPub client-to-server: find a node's outbox, POST an activity
// (or upload an image) with the author's bearer token, and turn failures into messages.
#pragma once

#include "protocol/json.hpp"

#include <string>

namespace fedblog::node::cli {

/// What a request to the node came to: a message for the terminal, or the post's URL.
struct client_outcome
{
    int code = 1;        ///< 0 success, 1 failure (the CLI's exit code)
    std::string message; ///< on success the Location (or image URL), otherwise why it failed
};

/** Finds the outbox of the node at `server` (its front page or actor URL, asked for AS2)
    and POSTs `activity` to it with `token`; with `target_featured`, the activity's `target`
    is set to the actor's `featured` collection first (for Add and Remove). Blocks until done.
    @return code 0 and the answer's Location on 201; code 1 and a clear message otherwise
    (unreachable server, refused token, the node's 4xx/5xx reason).
*/
[[nodiscard]] client_outcome send_to_outbox(const std::string& server, const std::string& token,
                                            const protocol::json::value& activity,
                                            bool target_featured = false);

/** Uploads `bytes` (an image file's contents) to the node's `endpoints.uploadMedia`.
    @return code 0 and the image's URL; code 1 and a message otherwise.
*/
[[nodiscard]] client_outcome upload_to_node(const std::string& server, const std::string& token,
                                            const std::string& bytes);

/// Reads a whole file. @return false (and leaves `out` alone) when it cannot be read.
[[nodiscard]] bool read_file(const std::string& path, std::string& out);

/// {"content": text, "mediaType": "text/markdown"}: how the CLI sends what the author wrote.
[[nodiscard]] protocol::json::value markdown_source(const std::string& text);

} // namespace fedblog::node::cli
