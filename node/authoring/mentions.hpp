// SPDX-License-Identifier: AGPL-3.0-or-later
// Resolving the author's @user@host mentions: WebFinger, then the actor document.
#pragma once

#include "node/net.hpp"
#include "protocol/post_content.hpp"
#include "storage/remote_store.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

class app;

/// A mention that resolved, with the inbox the post must also be delivered to.
struct mention_target
{
    protocol::resolved_mention mention;
    std::string inbox; ///< the actor's shared inbox, else its inbox
};

/** Resolves each address: WebFinger `acct:user@host` on https (and, when `allow_http_peers`
    is set, on http if https cannot be reached), the `self` link (INTEROP.md C19), then the
    actor document (signed fetch, cached). The author's own address is skipped. An address
    that does not resolve is logged and left out: the mention stays plain text and the post
    is still published. Lookups run one after another, each bounded by `fetch_timeout`.
*/
asio::awaitable<std::vector<mention_target>>
resolve_mentions(app& a, std::vector<protocol::mention_address> addresses);

/// Where an activity for `actor` goes: its shared inbox when it has one, else its inbox.
std::string delivery_inbox(const storage::remote_actor& actor);

/// The actor ids named by the `Mention` tags in a post's or reply's `extra_json`, in order.
std::vector<std::string> mentioned_actor_ids(std::string_view extra_json);

/** The inboxes of the actors a post mentions (its `Mention` tags in `extra_json`), from the
    remote actor cache, fetching those not cached; for Update and Delete to reach them.
*/
asio::awaitable<std::vector<std::string>> mentioned_inboxes(app& a, std::string extra_json);

} // namespace fedblog::node
