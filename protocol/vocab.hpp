// SPDX-License-Identifier: AGPL-3.0-or-later
// ActivityStreams / ActivityPub constants used across the code base.
#pragma once

#include <string_view>

namespace fedblog::protocol::vocab {

inline constexpr std::string_view as_context       = "https://www.w3.org/ns/activitystreams";
inline constexpr std::string_view security_context = "https://w3id.org/security/v1";
inline constexpr std::string_view public_collection =
    "https://www.w3.org/ns/activitystreams#Public";

/// Media type of ActivityStreams documents we serve and send.
inline constexpr std::string_view activity_json = "application/activity+json";
/// The ActivityPub spec's own form of the same media type.
inline constexpr std::string_view ld_json_as =
    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"";
inline constexpr std::string_view jrd_json     = "application/jrd+json";
inline constexpr std::string_view problem_json = "application/problem+json";
inline constexpr std::string_view nodeinfo_21_profile =
    "http://nodeinfo.diaspora.software/ns/schema/2.1";

/** True for the three spellings of the Public collection that peers use in to/cc
    (DESIGN.md: "https://www.w3.org/ns/activitystreams#Public", "as:Public", "Public").
*/
constexpr bool is_public(std::string_view iri) noexcept
{
    return iri == public_collection || iri == "as:Public" || iri == "Public";
}

/// Actor types Mastodon accepts (INTEROP.md C24).
constexpr bool is_actor_type(std::string_view type) noexcept
{
    return type == "Person" || type == "Service" || type == "Application" || type == "Group" ||
           type == "Organization";
}

} // namespace fedblog::protocol::vocab
