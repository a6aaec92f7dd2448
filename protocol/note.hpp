// SPDX-License-Identifier: AGPL-3.0-or-later
// A blog post as an ActivityStreams object (Note or Article) and its Create activity.
#pragma once

#include "protocol/http_date.hpp"
#include "protocol/interaction.hpp"
#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"

#include <optional>
#include <string>

namespace fedblog::protocol {

/// The post fields the object is built from (a view of storage::post, in protocol terms).
struct post_fields
{
    std::string slug;
    std::string type = "Note"; ///< "Note" or "Article"
    std::string title;
    std::string content_html;
    std::string source;
    std::string source_media_type;
    std::string language;
    std::string in_reply_to;
    /// Extra properties as a JSON object ("tag", "attachment", "cc"); may be null.
    json::value extra;
    sys_seconds published{};
    std::optional<sys_seconds> updated;
    /// Who may reply and quote (the post's interactionPolicy).
    interaction_settings policy;
    std::int64_t replies = 0; ///< public comment count
    std::int64_t likes   = 0;
    std::int64_t shares  = 0;
};

/** The post as a `Note` (fields per DESIGN.md): id = url = permalink, attributedTo the
    author, content (with the title as a linked first line, since Mastodon shows a Note's
    content and nothing else), to Public, cc followers, published/updated, source, tag,
    attachment, and the replies/likes/shares collections with totalItems. A Note never has a
    summary: Mastodon would show it as a content warning. `cc` also lists the actors in
    extra "cc" (the mentioned ones). An `Article` is shaped per FEP-b2b8: the title is its
    `name` (not in content), `summary` is the first words as plain text, and `preview` is a
    Note (title, those words and a link) for software that shows Articles only as a link.
    With `with_context`, carries @context.
*/
[[nodiscard]] json::value build_note(const site_urls& urls, const post_fields& post,
                                     bool with_context = true);

/// The `Create` wrapping build_note(), at /posts/{slug}/activity.
[[nodiscard]] json::value build_create(const site_urls& urls, const post_fields& post);

/// The @context we put on posts and activities about them.
[[nodiscard]] json::value object_context();

} // namespace fedblog::protocol
