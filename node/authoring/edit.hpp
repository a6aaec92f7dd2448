// SPDX-License-Identifier: AGPL-3.0-or-later
// The outbox activities that change an existing post: Update, Delete, Add/Remove (pins).
#pragma once

#include "node/http/http_error.hpp"
#include "node/net.hpp"
#include "node/publish.hpp"
#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"
#include "storage/records.hpp"

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace fedblog::node {

class app;

/** The slug of `ref` (an IRI, or an object with an `id`) when it names one of this node's
    posts (`{base}/posts/{slug}`); "" otherwise.
*/
[[nodiscard]] std::string local_post_slug(const protocol::json::value* ref,
                                          const protocol::site_urls& urls);

/// What an Update asks to change; fields left empty keep the post's current value.
struct update_request
{
    std::string slug;
    std::optional<std::string> title;    ///< "" removes the title
    std::optional<post_request> content; ///< new source or content (its title is not used)
    /// New client hashtags (the object's `tag` list), replacing the earlier ones.
    std::optional<std::vector<std::string>> extra_tags;
};

/// What an accepted outbox activity did: the post as stored, and the activity itself.
struct outbox_outcome
{
    storage::post post;
    protocol::json::value activity;
};

/** Reads an `Update` whose object is one of our posts (`id` required): a partial update
    (only the properties present change: `name` — null removes it —, `source` or `content`,
    `tag`) or a full one (the same, with everything present).
    @return the request, or a 400 http_error (object missing or not ours, bad fields).
*/
[[nodiscard]] std::variant<update_request, http_error>
read_update_request(const protocol::json::value& activity, const protocol::site_urls& urls);

/** Applies `req` to the live post: re-renders it (mentions resolved again), sets `updated`,
    keeps the previous revision, and — unless the post was never delivered (an import:
    Mastodon would show an Update of an unseen post as new) — queues the Update to the
    followers, the mentioned actors (before and after the edit) and everyone who interacted
    with the post. @return the post and the Update (null when none was sent), or 404/410 when there
   is no such live post.
*/
asio::awaitable<std::variant<outbox_outcome, http_error>> apply_update(app& a, update_request req);

/** Deletes the live post `slug` (its permalink then answers 410 with a Tombstone) and,
    unless it was never delivered, queues the Delete to followers, mentioned actors and
    everyone who interacted with it. @return the post as it was and the Delete, or 404/410.
*/
asio::awaitable<std::variant<outbox_outcome, http_error>> remove_post(app& a, std::string slug);

/** The inboxes of everyone who commented on, liked or boosted post `slug` (shared inboxes
    collapsed), which receive its Update and Delete besides the followers.
*/
asio::awaitable<std::vector<std::string>> interaction_inboxes(app& a, std::string slug);

/** Pins (`pin`) or unpins the live post `slug` in the featured collection and queues the
    Add or Remove to followers; pinning a pinned post changes and sends nothing.
    @return the post and the Add/Remove (null when nothing changed), or 404/410.
*/
asio::awaitable<std::variant<outbox_outcome, http_error>> set_pin(app& a, std::string slug,
                                                                  bool pin);

} // namespace fedblog::node
