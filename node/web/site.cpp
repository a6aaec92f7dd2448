// SPDX-License-Identifier: AGPL-3.0-or-later
// site_for(): page facts from config and pre-rendered documents.
#include "node/web/site.hpp"

#include "node/app.hpp"

namespace fedblog::node {

site_info site_for(const app& a)
{
    site_info s;
    s.urls         = &a.urls();
    s.title        = a.cfg().display_name.empty() ? a.urls().domain() : a.cfg().display_name;
    s.summary_html = a.documents().summary_html;
    s.links        = a.cfg().fields;
    return s;
}

} // namespace fedblog::node
