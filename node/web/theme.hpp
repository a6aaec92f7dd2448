// SPDX-License-Identifier: AGPL-3.0-or-later
// The blog's page templates (Mustache, rendered with mstch): built in, each replaceable by a
// file in the data directory's theme/ folder.
#pragma once

#include <filesystem>
#include <map>
#include <mstch/mstch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

/** A set of Mustache templates and partials by name: "index" (the front page and tag
    pages), "post", "message" (404/410 pages), and the partials "head", "style", "date" and
    "foot" they include. `{{name}}` inserts a value HTML-escaped (with fedblog's escaper);
    `{{{name}}}` inserts it as is, which only the already-sanitized post content, bio and
    comment section need. The values each template gets are listed in README.md ("Theming").

    @par Thread Safety
    Immutable after construction: render() may run concurrently.
*/
class theme
{
public:
    /// The built-in templates.
    theme();

    /** The built-in templates, each replaced by `dir`/NAME.mustache when that file exists.
        Files that cannot be read are reported in `problems` (and the built-in kept); so are
        templates whose partials include each other in a loop (then no file is used).
    */
    static theme load(const std::filesystem::path& dir, std::vector<std::string>& problems);

    /// Renders template `name` with `context`; "" for an unknown name. Never throws.
    [[nodiscard]] std::string render(const std::string& name, const mstch::map& context) const;

    /// The names a theme may override, in order.
    static const std::vector<std::string>& names();

private:
    std::map<std::string, std::string> templates_;
};

} // namespace fedblog::node
