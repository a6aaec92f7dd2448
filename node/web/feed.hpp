// SPDX-License-Identifier: AGPL-3.0-or-later
// The blog's Atom feed (/feed.atom): the newest posts with their full content.
#pragma once

#include "node/web/pages.hpp"
#include "storage/records.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

/** Renders an Atom 1.0 feed of `posts` (newest first): feed id and alternate link the front
    page, self link `/feed.atom`, the author's name and profile; each entry with the
    permalink as id and link, `published`, `updated` (the edit time, else the publication),
    its title (for an untitled note, the first words of its text: Atom requires one), its
    hashtags as categories and its full sanitized HTML as `content type="html"`.
    Every string is XML-escaped and characters XML 1.0 forbids (C0 controls but tab, CR,
    LF) are dropped, so the feed is well-formed whatever the author wrote.

    @par Specification
    RFC 4287 (The Atom Syndication Format) 4.1.1, 4.1.2, 4.2.
*/
[[nodiscard]] std::string render_atom(const site_info& site,
                                      const std::vector<storage::post>& posts);

/// `text` made safe for XML character data and attribute values.
[[nodiscard]] std::string xml_escape(std::string_view text);

} // namespace fedblog::node
