// SPDX-License-Identifier: AGPL-3.0-or-later
// Rendering a submission and building its tags, attachments and cc.
#include "node/authoring/compose.hpp"

#include "node/web/media_files.hpp"
#include "protocol/iri.hpp"

namespace fedblog::node {

protocol::post_content render_request(const post_request& req, const protocol::site_urls& urls,
                                      const std::vector<mention_target>& mentions)
{
    if (req.source_media_type == "text/markdown" && !req.source.empty())
    {
        std::vector<protocol::resolved_mention> resolved;
        for (const auto& m : mentions)
            resolved.push_back(m.mention);
        return protocol::render_post_markdown(req.source, urls, resolved);
    }
    protocol::post_content c;
    c.html   = req.content_html;
    c.images = protocol::find_images(c.html);
    return c;
}

std::vector<std::string> local_media_names(const protocol::post_content& content,
                                           const protocol::site_urls& urls)
{
    const std::string prefix = urls.media("");
    std::vector<std::string> out;
    for (const auto& img : content.images)
    {
        if (img.src.starts_with(prefix))
            out.push_back(img.src.substr(prefix.size()));
    }
    return out;
}

composed_content compose_content(protocol::post_content content, const post_request& req,
                                 const protocol::site_urls& urls,
                                 const std::vector<mention_target>& mentions,
                                 const std::vector<storage::media_file>& media)
{
    namespace json = protocol::json;
    composed_content out;
    out.content_html = std::move(content.html);

    json::array tags;
    auto add_hashtag = [&](const std::string& name, const std::string& key) {
        for (const auto& k : out.hashtags)
        {
            if (k == key)
                return;
        }
        out.hashtags.push_back(key);
        tags.push_back(json::make_object({
            {"type", "Hashtag"},
            {"href", urls.tag(protocol::url_encode(key))},
            {"name", "#" + name},
        }));
    };
    for (const auto& t : content.hashtags)
        add_hashtag(t.name, t.key);
    for (const auto& name : req.extra_tags)
    {
        if (auto key = protocol::hashtag_key(name); !key.empty())
            add_hashtag(name, key);
    }

    json::array cc;
    for (const auto& m : content.mentions)
    {
        tags.push_back(json::make_object({
            {"type", "Mention"},
            {"href", m.actor_id},
            {"name", "@" + m.address},
        }));
        cc.push_back(json::value(m.actor_id));
        for (const auto& t : mentions)
        {
            if (t.mention.actor_id == m.actor_id)
                out.inboxes.push_back(t.inbox);
        }
    }

    json::array attachments;
    const std::string prefix = urls.media("");
    for (const auto& img : content.images)
    {
        json::value a                    = json::make_object({{"type", "Image"}, {"url", img.src}});
        const storage::media_file* known = nullptr;
        if (img.src.starts_with(prefix))
        {
            const std::string name = img.src.substr(prefix.size());
            for (const auto& m : media)
            {
                if (m.name == name)
                    known = &m;
            }
        }
        if (known != nullptr)
        {
            a.set("mediaType", known->media_type);
            a.set("width", known->width);
            a.set("height", known->height);
        }
        else if (auto type = media_type_for(img.src.substr(0, img.src.find_first_of("?#")));
                 !type.empty())
            a.set("mediaType", std::string(type));
        // Mastodon reads an attachment's alt text from `name` (INTEROP.md F47).
        a.set("name", img.alt);
        attachments.push_back(std::move(a));
    }

    json::value extra = json::make_object({});
    if (!tags.empty())
        extra.set("tag", std::move(tags));
    if (!attachments.empty())
        extra.set("attachment", std::move(attachments));
    if (!cc.empty())
        extra.set("cc", std::move(cc));
    if (!req.extra_tags.empty())
    {
        json::array names;
        for (const auto& n : req.extra_tags)
            names.push_back(json::value(n));
        extra.set(std::string(client_tags_key), std::move(names));
    }
    out.extra_json = json::serialize(extra);
    return out;
}

} // namespace fedblog::node
