// SPDX-License-Identifier: AGPL-3.0-or-later
// Media types: recognising ActivityStreams JSON and negotiating HTML vs AS2 from Accept.
#pragma once

#include <string_view>

namespace fedblog::protocol {

/** True for `application/activity+json`, and for `application/ld+json` whose profile names
    the ActivityStreams namespace; parameters, case and whitespace are tolerated.
    @par Specification
    ActivityPub section 3.2; Mastodon `JsonLdHelper#valid_activitypub_content_type?`
    (INTEROP.md C21).
*/
[[nodiscard]] bool is_activity_json(std::string_view content_type) noexcept;

/// What a client asked for in Accept, between the two representations we serve.
enum class representation
{
    html,
    activity_json,
};

/** Picks the representation for an `Accept` header by q-values (RFC 9110 12.5.1).

    AS2 when activity+json, ld+json (any profile) or application/json ranks strictly higher
    than text/html / application/xhtml+xml; HTML otherwise (including no Accept, `*`/`*`,
    and ties), because browsers and crawlers should get a page and AP servers always name
    their type explicitly.
*/
[[nodiscard]] representation negotiate(std::string_view accept) noexcept;

} // namespace fedblog::protocol
