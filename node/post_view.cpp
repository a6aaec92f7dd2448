// SPDX-License-Identifier: AGPL-3.0-or-later
// storage::post → protocol::post_fields.
#include "node/post_view.hpp"

#include "node/app.hpp"

namespace fedblog::node {

protocol::sys_seconds to_seconds(storage::time_point t)
{
    return std::chrono::time_point_cast<std::chrono::seconds>(t);
}

protocol::post_fields to_post_fields(const storage::post& p)
{
    protocol::post_fields f;
    f.slug              = p.slug;
    f.type              = p.object_type;
    f.title             = p.title;
    f.content_html      = p.content_html;
    f.source            = p.source;
    f.source_media_type = p.source_media_type;
    f.language          = p.language;
    f.in_reply_to       = p.in_reply_to;
    if (auto extra = protocol::json::parse_object(p.extra_json))
        f.extra = std::move(*extra);
    f.published = to_seconds(p.published);
    if (p.updated)
        f.updated = to_seconds(*p.updated);
    return f;
}

} // namespace fedblog::node

namespace fedblog::node {

protocol::post_fields post_fields_for(const app& a, const storage::post& p)
{
    protocol::post_fields f = to_post_fields(p);
    f.policy.comments       = a.cfg().comments;
    f.policy.quotes         = a.cfg().quotes;
    return f;
}

} // namespace fedblog::node
