// SPDX-License-Identifier: AGPL-3.0-or-later
// Records of what readers do with the blog's posts: comments (replies), reactions, blocks.
#pragma once

#include "storage/records.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fedblog::storage {

/** A reply to one of the blog's posts (or to another comment under it), as the blog keeps
    it. Remote HTML is stored already sanitized; every other string is plain text that the
    renderer escapes.
*/
struct comment
{
    std::int64_t id = 0;           ///< local id, assigned on insert (moderation commands use it)
    std::string object_id;         ///< the reply's ActivityPub id (unique)
    std::string post_slug;         ///< the blog post at the root of the thread
    std::string in_reply_to;       ///< parent: the post's URL or another comment's object_id
    std::string actor_id;          ///< author's actor id ("" for imported legacy comments)
    std::string actor_host;        ///< host of actor_id (for domain blocks); "" for legacy
    std::string url;               ///< where a reader can see it (text/html), may equal object_id
    std::string content_html;      ///< sanitized HTML
    std::string summary;           ///< content warning, plain text; "" for none
    std::string language;          ///< BCP 47 or ""
    std::string emoji_json = "[]"; ///< custom emoji: JSON array of {"name": ":x:", "url": "..."}
    std::string visibility = "public";    ///< public | unlisted | followers | direct
    std::string status     = "published"; ///< published | pending (awaiting approval)
    std::string approval_id;              ///< the approval we issued (approve mode); "" if none
    /// the ReplyRequest (FEP-5624 / GoToSocial) this reply came with, answered on
    /// moderation; "" when it came as a plain Create
    std::string reply_request;
    bool local = false;      ///< written by the blog's author, or imported with the blog
    std::string author_name; ///< display name for legacy comments that have no actor
    /// The author's own replies only: extra AS2 properties of the Note we serve and send
    /// ("tag", "cc", "attachment") as a JSON object text; "{}" for everyone else's.
    std::string extra_json = "{}";
    time_point published{};
    std::optional<time_point> updated;
    std::optional<time_point> deleted; ///< a tombstone kept because it has replies
    time_point received{};

    bool is_public() const { return visibility == "public" || visibility == "unlisted"; }
};

/// What store::record_author_comment() does to the author's reply.
enum class author_comment_change
{
    create, ///< insert it (a new object_id)
    update, ///< replace content_html, extra_json, language and updated
    remove, ///< delete it (a tombstone while replies hang from it)
};

/// Which comments a moderation listing shows.
struct comment_filter
{
    bool private_only = false; ///< followers-only and direct replies
    bool pending_only = false; ///< awaiting approval
    std::string post_slug;     ///< "" for every post
    std::size_t limit = 100;
};

/// A like, boost or accepted quote of a post, one per (post, actor, kind, object).
struct reaction
{
    std::string post_slug;
    std::string actor_id;
    std::string actor_host;
    std::string kind;        ///< like | announce | quote
    std::string activity_id; ///< the Like / Announce / QuoteRequest id (for Undo by reference)
    std::string object_id;   ///< quote: the quoting post's id; "" for like and announce
    /// quote: the id of the QuoteAuthorization we issued (served at
    /// /users/{name}/quote_authorizations/{id}); "" for like and announce
    std::string approval_id;
    time_point created{};
};

struct reaction_counts
{
    std::int64_t likes     = 0;
    std::int64_t announces = 0;
    std::int64_t quotes    = 0;
};

/// A refused domain ("example.social") or actor ("https://example.social/users/x").
struct block_entry
{
    std::string value;
    std::string kind; ///< domain | actor
    time_point created{};
};

} // namespace fedblog::storage
