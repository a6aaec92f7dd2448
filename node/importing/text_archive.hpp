// SPDX-License-Identifier: AGPL-3.0-or-later
// A plain-text blog archive: posts that each start with a "Mon D, YYYY | category" line.
#pragma once

#include "node/importing/import_item.hpp"

#include <string_view>

namespace fedblog::node {

/** Reads a plain-text archive. A post starts at a line `Mon D, YYYY | category` (e.g.
    `May 31, 2010 | blog`; full month names are accepted too) and runs until the next such
    line; each non-blank line of it is one paragraph. There are no titles; the category
    becomes a tag; the date, which has no time, means 12:00 UTC. Keys are
    "text:YYYY-MM-DD#n", n counting the posts of that day in the file.
    @return the posts in file order, or the first error with its line: text before the
    first date line, an impossible date ("Feb 30, 2010"), a post without text, or bytes
    that are not UTF-8.
*/
[[nodiscard]] import_parse read_text_archive(std::string_view text);

} // namespace fedblog::node
