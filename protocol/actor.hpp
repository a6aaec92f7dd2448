// SPDX-License-Identifier: AGPL-3.0-or-later
// Actor documents: building ours (Person and the instance Application), reading theirs.
#pragma once

#include "protocol/http_date.hpp"
#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fedblog::protocol {

/// What the author's profile says about them.
struct actor_profile
{
    std::string display_name;
    std::string summary_html; ///< sanitized HTML bio
    std::string icon_url;     ///< avatar; empty for none
    std::string icon_media_type;
    std::string image_url; ///< header image; empty for none
    std::string image_media_type;
    /// Profile fields as (name, value HTML), shown by Mastodon as a table.
    std::vector<std::pair<std::string, std::string>> fields;
    std::string public_key_pem;
    sys_seconds published{};
    bool discoverable = true;
    bool indexable    = true;
    /// Other actor ids of the same person (account migration); may be empty.
    std::vector<std::string> also_known_as;
};

/** The author's `Person` document, with everything Mastodon and others read
    (INTEROP.md C24-C29): inbox, outbox, followers, following, featured,
    endpoints.sharedInbox and uploadMedia, publicKey {id "#main-key", owner, publicKeyPem}, url (the
   blog's front page), icon/image, PropertyValue attachments, discoverable, indexable,
    manuallyApprovesFollowers false, and FEP-2c59's `webfinger`.
*/
[[nodiscard]] json::value build_person(const site_urls& urls, const actor_profile& profile);

/// The instance actor (`Application`) whose key signs our fetches.
[[nodiscard]] json::value
build_instance_actor(const site_urls& urls, std::string_view public_key_pem, sys_seconds published);

/// The public key an actor publishes, as read from its document.
struct actor_key
{
    std::string id;
    std::string owner;
    std::string pem;
};

/// The parts of a remote actor document we use.
struct remote_actor_info
{
    std::string id;
    std::string type;
    std::string preferred_username;
    std::string name;
    std::string inbox;
    std::string shared_inbox; ///< "" when none
    std::string url;          ///< profile page; "" when none or unusable
    std::string icon_url;     ///< "" when none
    std::vector<actor_key> keys;
};

/** Reads a remote actor document.

    Requires an actor type (Person, Service, Application, Group, Organization), an http(s)
    `id` (http only when `allow_http`) and `inbox`. Keys are taken from `publicKey` (object or
    array, at most 10) only when their owner is the actor and their id, without fragment,
    shares the actor's origin (INTEROP.md C27). `url` is kept only on the actor's host
    (C28). `endpoints.sharedInbox` (or top-level `sharedInbox`) is kept when http(s).
    @return the info, or error::invalid_document / error::bad_iri.
*/
[[nodiscard]] boost::system::result<remote_actor_info> read_remote_actor(const json::value& doc,
                                                                         bool allow_http);

/** Reads a standalone key document (`{"id", "owner", "publicKeyPem"}`), for keyIds that
    do not point into an actor. @return the key, or error::invalid_document.
*/
[[nodiscard]] boost::system::result<actor_key> read_key_document(const json::value& doc);

} // namespace fedblog::protocol
