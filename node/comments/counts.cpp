// SPDX-License-Identifier: AGPL-3.0-or-later
// Interaction counts for Notes.
#include "node/comments/counts.hpp"

#include "node/app.hpp"

namespace fedblog::node {

asio::awaitable<void> fill_counts(app& a, protocol::post_fields& fields)
{
    const std::string post_id = a.urls().post(fields.slug);
    auto replies = co_await a.db([&](storage::store& s) { return s.count_replies(post_id); });
    if (replies)
        fields.replies = *replies;
    auto reactions =
        co_await a.db([&](storage::store& s) { return s.count_reactions(fields.slug); });
    if (reactions)
    {
        fields.likes  = reactions->likes;
        fields.shares = reactions->announces + reactions->quotes;
    }
}

} // namespace fedblog::node
