// SPDX-License-Identifier: AGPL-3.0-or-later
// Activities: reading the envelope of what arrives in an inbox, building what we send back.
#pragma once

#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"

#include <boost/system/result.hpp>

#include <string>

namespace fedblog::protocol {

/// The envelope of an inbound activity. Pointers refer into the document passed to
/// read_activity(), which must outlive this value.
struct activity_envelope
{
    std::string id;   ///< "" for transient activities without an id
    std::string type; ///< first type
    std::string actor;
    const json::value* object = nullptr; ///< embedded object or IRI string; may be null
    std::string object_id;               ///< id of the object ("" when none)
    std::string object_type;             ///< type of an embedded object ("" for an IRI)
};

/** Reads type, id, actor and object of an activity.

    `actor` may be an IRI or an embedded object with an id; it must be an http(s) IRI (http
    only with `allow_http`). The id, when present, must be an http(s) IRI on the actor's
    origin, since an activity can only speak for its own server.
    @return the envelope; error::missing_field when type or actor is absent;
    error::bad_iri for unusable IRIs; error::not_an_object when `doc` is not an object.
*/
[[nodiscard]] boost::system::result<activity_envelope> read_activity(const json::value& doc,
                                                                     bool allow_http);

/** The `Accept` of a Follow: actor = our author, object = the Follow embedded (id, type,
    actor, object), which both Mastodon and Fedify match (INTEROP.md D32). Its id is derived
    from the Follow's id, so accepting the same Follow twice yields the same activity.
*/
[[nodiscard]] json::value build_accept_follow(const site_urls& urls, std::string_view follow_id,
                                              std::string_view follower_actor);

/** The `Reject` of a Follow, same shape as build_accept_follow(). */
[[nodiscard]] json::value build_reject_follow(const site_urls& urls, std::string_view follow_id,
                                              std::string_view follower_actor);

/// True when the document's @context is, or contains, the ActivityStreams context.
[[nodiscard]] bool has_activitystreams_context(const json::value& doc) noexcept;

} // namespace fedblog::protocol
