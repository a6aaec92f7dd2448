// SPDX-License-Identifier: AGPL-3.0-or-later
// Activity type → handler.
#include "node/inbox/activity_handlers.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> dispatch_activity(app& a, const inbound& in)
{
    const std::string& type = in.env.type;
    // handlers/inbox.cpp lets only Create, Update and Delete through with in.forwarded set.
    if (type == "Follow")
        co_return co_await on_follow(a, in);
    if (type == "Undo")
        co_return co_await on_undo(a, in);
    if (type == "Delete")
        co_return co_await on_delete(a, in);
    if (type == "Update")
        co_return co_await on_update(a, in);
    if (type == "Create")
        co_return co_await on_create(a, in);
    if (type == "Like" || type == "Announce")
        co_return co_await on_reaction(a, in);
    if (type == "ReplyRequest")
        co_return co_await on_reply_request(a, in);
    if (type == "QuoteRequest")
        co_return co_await on_quote_request(a, in);
    // ActivityPub 7: unknown activity types are not an error; acknowledge and ignore.
    co_return inbox_result{http::status::accepted, "ignored activity type"};
}

} // namespace fedblog::node
