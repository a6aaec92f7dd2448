// SPDX-License-Identifier: AGPL-3.0-or-later
// Create{Note}: a reply to one of our posts (or to a comment under one) becomes a comment.
#include "node/app.hpp"
#include "node/comments/backfill.hpp"
#include "node/comments/thread.hpp"
#include "node/inbox/activity_handlers.hpp"
#include "node/inbox/note_object.hpp"

namespace fedblog::node {

asio::awaitable<inbox_result> on_create(app& a, const inbound& in)
{
    auto got = co_await note_of(a, in);
    if (auto* answer = std::get_if<inbox_result>(&got))
        co_return std::move(*answer);
    const auto& note = std::get<protocol::remote_note>(got);
    if (note.in_reply_to.empty())
        co_return inbox_result{http::status::accepted, "not a reply"};

    auto result = co_await ingest_reply(a, note, max_parent_fetches);
    using kind  = ingest_outcome::kind;
    switch (result.what)
    {
    case kind::stored:
        if (note.visibility == protocol::note_visibility::public_ ||
            note.visibility == protocol::note_visibility::unlisted)
            start_backfill(a, note);
        co_return inbox_result{http::status::accepted, result.detail};
    case kind::duplicate:
    case kind::not_in_thread:
        co_return inbox_result{http::status::accepted, result.detail};
    case kind::refused:
        if (result.detail == "blocked")
            co_return inbox_result{http::status::forbidden, "blocked"};
        co_return inbox_result{http::status::accepted, result.detail};
    case kind::unavailable:
        break;
    }
    co_return inbox_result{http::status::service_unavailable, result.detail};
}

} // namespace fedblog::node
