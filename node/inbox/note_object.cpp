// SPDX-License-Identifier: AGPL-3.0-or-later
// Embedded-or-fetched notes for Create and Update.
#include "node/inbox/note_object.hpp"

#include "node/app.hpp"
#include "node/comments/thread.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

asio::awaitable<std::variant<protocol::remote_note, inbox_result>> note_of(app& a,
                                                                           const inbound& in)
{
    const protocol::activity_envelope& env = in.env;
    if (env.object == nullptr || env.object_id.empty())
        co_return inbox_result{http::status::bad_request, env.type + " needs an object with an id"};

    std::optional<protocol::remote_note> note;
    if (in.forwarded || !env.object->is_object())
    {
        // Never the forwarder's copy: only what the object's own server says now.
        if (!protocol::same_origin(env.object_id, env.actor))
            co_return inbox_result{http::status::bad_request,
                                   "the object is not on the actor's server"};
        note = co_await fetch_note(a, env.object_id);
        if (!note)
            co_return inbox_result{http::status::accepted,
                                   "the object could not be fetched from its origin"};
    }
    else
    {
        if (!protocol::is_note_type(env.object_type))
            co_return inbox_result{http::status::accepted, "ignored object type"};
        const std::string followers = co_await followers_of(a, env.actor);
        auto read = protocol::read_remote_note(*env.object, followers, a.cfg().allow_http_peers);
        if (!read)
            co_return inbox_result{http::status::bad_request,
                                   "not a usable note: " + read.error().message()};
        note = std::move(*read);
    }
    if (note->attributed_to != env.actor)
        co_return inbox_result{http::status::bad_request,
                               "the note's attributedTo is not the activity's actor"};
    co_return std::move(*note);
}

} // namespace fedblog::node
