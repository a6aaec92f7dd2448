// SPDX-License-Identifier: AGPL-3.0-or-later
// WebFinger (RFC 7033): the resource parameter and JRD documents.
#pragma once

#include "protocol/json.hpp"

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace fedblog::protocol {

/// A WebFinger `resource`: an acct: address or an http(s) URL.
struct webfinger_resource
{
    enum class kind
    {
        acct,
        url,
    };
    kind type = kind::acct;
    std::string user; ///< acct only; as sent (compare case-insensitively)
    std::string host; ///< acct only; may carry a port; lowercase
    std::string url;  ///< url only; as sent
};

/** Parses the `resource` query parameter (already percent-decoded).

    Accepts `acct:user@host` (RFC 7565), a bare `user@host` and `@user@host` (both common
    from clients that forgot the scheme), and absolute http(s) URLs.
    @return error::bad_resource for anything else (empty, no '@', empty user or host, spaces,
    control characters, over 512 bytes).

    @par Specification
    RFC 7033 section 4.1; RFC 7565.
*/
[[nodiscard]] boost::system::result<webfinger_resource>
parse_webfinger_resource(std::string_view resource);

/// One JRD link.
struct jrd_link
{
    std::string rel;
    std::string type;      ///< may be empty
    std::string href;      ///< may be empty when template_ is set
    std::string template_; ///< for rel "http://ostatus.org/schema/1.0/subscribe"
};

/// Builds a JRD: {"subject", "aliases", "links"}.
[[nodiscard]] json::value build_jrd(std::string_view subject,
                                    const std::vector<std::string>& aliases,
                                    const std::vector<jrd_link>& links);

/** From a JRD, the href of the ActivityPub `self` link: rel "self" with type
    application/activity+json or the ld+json AS profile (INTEROP.md C19).
    @return the href, or error::invalid_document.
*/
[[nodiscard]] boost::system::result<std::string> jrd_self_link(const json::value& jrd);

/// host-meta XRD (RFC 6415) pointing at our WebFinger endpoint via an lrdd template.
[[nodiscard]] std::string build_host_meta_xrd(std::string_view base_url);

/// host-meta in its JSON form (RFC 6415 appendix A).
[[nodiscard]] json::value build_host_meta_json(std::string_view base_url);

} // namespace fedblog::protocol
