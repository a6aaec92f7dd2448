// SPDX-License-Identifier: AGPL-3.0-or-later
// site_for(): page facts from config and pre-rendered documents.
#include "node/web/site.hpp"

#include "node/app.hpp"
#include "node/web/theme.hpp"

#include <spdlog/spdlog.h>

namespace fedblog::node {

namespace {

/// The theme of this process's data directory, read on first use. A process serves one
/// data directory, so one theme; editing the templates takes a restart, like the config.
const theme& site_theme(const app& a)
{
    static const theme loaded = [&] {
        std::vector<std::string> problems;
        theme t = theme::load(a.cfg().data_dir / "theme", problems);
        for (const auto& p : problems)
            spdlog::warn("theme: {}; using the built-in template", p);
        return t;
    }();
    return loaded;
}

} // namespace

site_info site_for(const app& a)
{
    site_info s;
    s.look         = &site_theme(a);
    s.urls         = &a.urls();
    s.title        = a.cfg().display_name.empty() ? a.urls().domain() : a.cfg().display_name;
    s.summary_html = a.documents()->summary_html;
    s.links        = a.cfg().fields;
    return s;
}

} // namespace fedblog::node
