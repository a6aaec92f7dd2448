// SPDX-License-Identifier: AGPL-3.0-or-later
// Update / Delete / Add / Remove documents for posts, and Update of the author.
#include "protocol/post_activities.hpp"

#include "protocol/vocab.hpp"

namespace fedblog::protocol {

namespace {

json::array to_public()
{
    return json::array{json::value(vocab::public_collection)};
}

json::array cc_followers(const site_urls& urls)
{
    return json::array{json::value(urls.followers())};
}

} // namespace

json::value build_update(const site_urls& urls, const post_fields& post, std::string_view id)
{
    json::value note = build_note(urls, post, false);
    json::value cc =
        note.find("cc") != nullptr ? *note.find("cc") : json::value(cc_followers(urls));
    return json::make_object({
        {"@context", object_context()},
        {"id", std::string(id)},
        {"type", "Update"},
        {"actor", urls.actor()},
        {"published", format_rfc3339(post.updated.value_or(post.published))},
        {"to", to_public()},
        {"cc", std::move(cc)},
        {"object", std::move(note)},
    });
}

json::value build_tombstone(const site_urls& urls, std::string_view slug,
                            std::string_view former_type, sys_seconds deleted, bool with_context)
{
    json::value tomb;
    if (with_context)
        tomb.set("@context", vocab::as_context);
    tomb.set("id", urls.post(slug));
    tomb.set("type", "Tombstone");
    tomb.set("formerType", std::string(former_type));
    tomb.set("deleted", format_rfc3339(deleted));
    // Mastodon's own Tombstones carry atomUri; it matches the status by it too.
    tomb.set("atomUri", urls.post(slug));
    return tomb;
}

json::value build_delete(const site_urls& urls, std::string_view slug, std::string_view former_type,
                         sys_seconds deleted)
{
    return json::make_object({
        {"@context", vocab::as_context},
        {"id", urls.post(slug) + "#delete"},
        {"type", "Delete"},
        {"actor", urls.actor()},
        {"published", format_rfc3339(deleted)},
        {"to", to_public()},
        {"cc", cc_followers(urls)},
        {"object", build_tombstone(urls, slug, former_type, deleted, false)},
    });
}

json::value build_featured_change(const site_urls& urls, std::string_view slug, bool add,
                                  std::string_view id)
{
    return json::make_object({
        {"@context", vocab::as_context},
        {"id", std::string(id)},
        {"type", add ? "Add" : "Remove"},
        {"actor", urls.actor()},
        {"object", urls.post(slug)},
        {"target", urls.featured()},
        {"to", to_public()},
        {"cc", cc_followers(urls)},
    });
}

json::value build_actor_update(const site_urls& urls, const json::value& person,
                               std::string_view id)
{
    json::value object  = person;
    json::value context = object.find("@context") != nullptr ? *object.find("@context")
                                                             : json::value(vocab::as_context);
    object.erase("@context");
    return json::make_object({
        {"@context", std::move(context)},
        {"id", std::string(id)},
        {"type", "Update"},
        {"actor", urls.actor()},
        {"to", to_public()},
        {"cc", cc_followers(urls)},
        {"object", std::move(object)},
    });
}

} // namespace fedblog::protocol
