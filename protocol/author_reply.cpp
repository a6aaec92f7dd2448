// SPDX-License-Identifier: AGPL-3.0-or-later
// Note, Create, Update and Delete documents for the author's replies to comments.
#include "protocol/author_reply.hpp"

#include "protocol/note.hpp"
#include "protocol/vocab.hpp"

#include <algorithm>

namespace fedblog::protocol {

namespace {

/// The followers, then the mentioned actors (extra "cc"), each once.
json::value reply_cc(const site_urls& urls, const json::value& extra)
{
    json::array cc{json::value(urls.followers())};
    if (const auto* listed = extra.find("cc"); listed != nullptr && listed->is_array())
    {
        for (const auto& v : *listed->if_array())
        {
            if (v.is_string() && std::find(cc.begin(), cc.end(), v) == cc.end())
                cc.push_back(v);
        }
    }
    return cc;
}

json::array listed(const json::value& extra, const char* key)
{
    if (const auto* v = extra.find(key); v != nullptr && v->is_array())
        return *v->if_array();
    return {};
}

} // namespace

json::value build_reply_note(const site_urls& urls, const reply_fields& reply, bool with_context)
{
    json::value note;
    if (with_context)
        note.set("@context", object_context());
    note.set("id", reply.id);
    note.set("type", "Note");
    note.set("attributedTo", urls.actor());
    note.set("content", reply.content_html);
    if (!reply.language.empty())
        note.set("contentMap", json::make_object({{reply.language, reply.content_html}}));
    note.set("published", format_rfc3339(reply.published));
    if (reply.updated)
        note.set("updated", format_rfc3339(*reply.updated));
    note.set("url", reply.id);
    note.set("to", json::array{json::value(vocab::public_collection)});
    note.set("cc", reply_cc(urls, reply.extra));
    note.set("inReplyTo", reply.in_reply_to);
    note.set("context", urls.post_context(reply.post_slug));
    note.set("sensitive", false);
    note.set("tag", listed(reply.extra, "tag"));
    note.set("attachment", listed(reply.extra, "attachment"));
    return note;
}

json::value build_reply_activity(const site_urls& urls, std::string_view type,
                                 const reply_fields& reply, std::string_view id)
{
    return json::make_object({
        {"@context", object_context()},
        {"id", std::string(id)},
        {"type", std::string(type)},
        {"actor", urls.actor()},
        {"published", format_rfc3339(reply.updated.value_or(reply.published))},
        {"to", json::array{json::value(vocab::public_collection)}},
        {"cc", reply_cc(urls, reply.extra)},
        {"object", build_reply_note(urls, reply, false)},
    });
}

json::value build_reply_tombstone(std::string_view id, sys_seconds deleted, bool with_context)
{
    json::value tomb;
    if (with_context)
        tomb.set("@context", vocab::as_context);
    tomb.set("id", std::string(id));
    tomb.set("type", "Tombstone");
    tomb.set("formerType", "Note");
    tomb.set("deleted", format_rfc3339(deleted));
    tomb.set("atomUri", std::string(id));
    return tomb;
}

json::value build_reply_delete(const site_urls& urls, const reply_fields& reply,
                               sys_seconds deleted)
{
    return json::make_object({
        {"@context", vocab::as_context},
        {"id", reply.id + "#delete"},
        {"type", "Delete"},
        {"actor", urls.actor()},
        {"to", json::array{json::value(vocab::public_collection)}},
        {"cc", reply_cc(urls, reply.extra)},
        {"object", build_reply_tombstone(reply.id, deleted, false)},
    });
}

} // namespace fedblog::protocol
