// SPDX-License-Identifier: AGPL-3.0-or-later
// The author's replies in a post's thread (answers to readers' comments) as ActivityStreams
// Notes, and the Create / Update / Delete activities that carry them.
#pragma once

#include "protocol/http_date.hpp"
#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace fedblog::protocol {

/// What a reply Note is built from (a view of the stored comment, in protocol terms).
struct reply_fields
{
    std::string id;          ///< site_urls::author_comment()
    std::string post_slug;   ///< the post at the root of the thread
    std::string in_reply_to; ///< the comment (or the post) it answers
    std::string content_html;
    std::string language;
    /// "tag" (Hashtag, Mention), "attachment" and "cc" (the mentioned actors); may be null.
    json::value extra;
    sys_seconds published{};
    std::optional<sys_seconds> updated;
};

/** The reply as a `Note`: attributedTo the author, `inReplyTo`, `context` = the post's
    conversation collection, to Public, cc followers and every mentioned actor (the reader
    answered is one: Mastodon shows a reply to a non-follower only when addressed, INTEROP.md
    E42), `tag` with their `Mention`s, `url` = `id` (it redirects browsers to the thread).
    No `summary`: Mastodon would show it as a content warning. With `with_context`, carries
    @context.
*/
[[nodiscard]] json::value build_reply_note(const site_urls& urls, const reply_fields& reply,
                                           bool with_context = true);

/** `Create` (type "Create", id "{reply}/activity") or `Update` (type "Update", id
    "{reply}#updates/{ms}", chosen by the caller) of the reply, addressed as the Note.
*/
[[nodiscard]] json::value build_reply_activity(const site_urls& urls, std::string_view type,
                                               const reply_fields& reply, std::string_view id);

/// The `Tombstone` of a deleted reply (answered with 410 while the thread keeps its place).
[[nodiscard]] json::value build_reply_tombstone(std::string_view id, sys_seconds deleted,
                                                bool with_context = true);

/** `Delete` of a reply: id "{reply}#delete", addressed as the Note was (`reply.extra`'s cc),
    object = its Tombstone.
*/
[[nodiscard]] json::value build_reply_delete(const site_urls& urls, const reply_fields& reply,
                                             sys_seconds deleted);

} // namespace fedblog::protocol
