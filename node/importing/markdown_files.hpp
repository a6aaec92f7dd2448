// SPDX-License-Identifier: AGPL-3.0-or-later
// A folder of Markdown posts with YAML front matter, as Hugo and Jekyll keep them.
#pragma once

#include "node/importing/import_item.hpp"

#include <filesystem>
#include <string_view>

namespace fedblog::node {

/** Reads one Markdown post. Front matter, when present, sits between a first line `---` and
    the next `---` (or `...`) line; this reads the YAML that blog generators write, one
    `key: value` per line: `title`, `date` (YYYY-MM-DD, optionally with a time
    `HH:MM[:SS]` after a space or `T`, and `Z` or a `±HH:MM` offset; a date alone means
    12:00 UTC), `tags` and `categories` (both become tags; `[a, b]` or one `- item` per
    line), `draft` (true: the post is skipped) and `slug`. Other keys are ignored. Without
    a date, a Jekyll file name `YYYY-MM-DD-name.md` gives it (and the slug, `name`).
    @return no item (a draft) or one, keyed "md:" + `name`; or the first error with
    `name` and its line: an unterminated front matter, a line that is not `key: value`, a
    bad date, no date at all, bytes that are not UTF-8.
*/
[[nodiscard]] import_parse read_markdown_post(std::string_view text, std::string_view name);

/** Reads every `*.md` and `*.markdown` file under `dir` (recursively, in path order) with
    read_markdown_post(), named by their path relative to `dir`.
    @return all posts, or the first error (a file that cannot be read included).
*/
[[nodiscard]] import_parse read_markdown_folder(const std::filesystem::path& dir);

} // namespace fedblog::node
