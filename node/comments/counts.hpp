// SPDX-License-Identifier: AGPL-3.0-or-later
// The interaction counts a post's Note carries (replies, likes, shares).
#pragma once

#include "node/net.hpp"
#include "protocol/note.hpp"

namespace fedblog::node {

class app;

/** Sets `fields.replies`, `likes` and `shares` from the store: public, published direct
    replies; likes; boosts plus accepted quotes. Leaves them unchanged on a storage error (the
    counts are informative; the Note is still served).
*/
asio::awaitable<void> fill_counts(app& a, protocol::post_fields& fields);

} // namespace fedblog::node
