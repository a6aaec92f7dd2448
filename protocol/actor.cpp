// SPDX-License-Identifier: AGPL-3.0-or-later
// Building our actor documents and reading remote ones.
#include "protocol/actor.hpp"

#include "protocol/error.hpp"
#include "protocol/iri.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::protocol {

namespace {

json::value actor_context()
{
    json::value terms = json::make_object({
        {"manuallyApprovesFollowers", "as:manuallyApprovesFollowers"},
        {"toot", "http://joinmastodon.org/ns#"},
        {"featured", json::make_object({{"@id", "toot:featured"}, {"@type", "@id"}})},
        {"discoverable", "toot:discoverable"},
        {"indexable", "toot:indexable"},
        {"schema", "http://schema.org#"},
        {"PropertyValue", "schema:PropertyValue"},
        {"value", "schema:value"},
        {"webfinger", "https://purl.archive.org/socialweb/webfinger#webfinger"},
    });
    return json::array{json::value(vocab::as_context), json::value(vocab::security_context),
                       std::move(terms)};
}

json::value image(std::string_view url, std::string_view media_type)
{
    json::value img = json::make_object({{"type", "Image"}, {"url", url}});
    if (!media_type.empty())
        img.set("mediaType", media_type);
    return img;
}

json::value public_key(std::string_view key_id, std::string_view owner, std::string_view pem)
{
    return json::make_object({{"id", key_id}, {"owner", owner}, {"publicKeyPem", pem}});
}

} // namespace

json::value build_person(const site_urls& urls, const actor_profile& p)
{
    json::value doc = json::make_object({
        {"@context", actor_context()},
        {"id", urls.actor()},
        {"type", "Person"},
        {"preferredUsername", urls.user()},
        {"name", p.display_name},
        {"summary", p.summary_html},
        {"url", urls.home()},
        {"inbox", urls.inbox()},
        {"outbox", urls.outbox()},
        {"followers", urls.followers()},
        {"following", urls.following()},
        {"featured", urls.featured()},
        {"endpoints", json::make_object({{"sharedInbox", urls.shared_inbox()},
                                         {"uploadMedia", urls.upload_media()}})},
        {"publicKey", public_key(urls.actor_key(), urls.actor(), p.public_key_pem)},
        {"manuallyApprovesFollowers", false},
        {"discoverable", p.discoverable},
        {"indexable", p.indexable},
        {"published", format_rfc3339(p.published)},
        {"webfinger", urls.handle()},
    });
    if (!p.icon_url.empty())
        doc.set("icon", image(p.icon_url, p.icon_media_type));
    if (!p.image_url.empty())
        doc.set("image", image(p.image_url, p.image_media_type));
    json::array attachment;
    for (const auto& [name, value] : p.fields)
    {
        attachment.push_back(
            json::make_object({{"type", "PropertyValue"}, {"name", name}, {"value", value}}));
    }
    doc.set("attachment", std::move(attachment));
    if (!p.also_known_as.empty())
    {
        json::array aka;
        for (const auto& a : p.also_known_as)
            aka.emplace_back(a);
        doc.set("alsoKnownAs", std::move(aka));
    }
    return doc;
}

json::value build_instance_actor(const site_urls& urls, std::string_view public_key_pem,
                                 sys_seconds published)
{
    return json::make_object({
        {"@context",
         json::array{json::value(vocab::as_context), json::value(vocab::security_context)}},
        {"id", urls.instance_actor()},
        {"type", "Application"},
        {"preferredUsername", urls.instance_username()},
        {"name", urls.domain()},
        {"summary", "The instance actor of this blog; it signs requests on the blog's behalf."},
        {"url", urls.home()},
        {"inbox", urls.instance_actor() + "/inbox"},
        {"outbox", urls.instance_actor() + "/outbox"},
        {"endpoints", json::make_object({{"sharedInbox", urls.shared_inbox()}})},
        {"publicKey", public_key(urls.instance_actor_key(), urls.instance_actor(), public_key_pem)},
        {"manuallyApprovesFollowers", true},
        {"discoverable", false},
        {"indexable", false},
        {"published", format_rfc3339(published)},
    });
}

namespace {

/// An image property's URL: a string, an Image object with a string or Link `url`, or an
/// array of those (first usable wins).
std::string image_url(const json::value* v, bool allow_http)
{
    if (v == nullptr)
        return {};
    if (const auto* a = v->if_array())
    {
        for (const auto& e : *a)
        {
            if (auto u = image_url(&e, allow_http); !u.empty())
                return u;
        }
        return {};
    }
    if (const auto* s = v->if_string())
        return is_fetchable_url(*s, allow_http) ? *s : std::string();
    if (const auto* url = v->find("url"))
    {
        if (const auto* s = url->if_string())
            return is_fetchable_url(*s, allow_http) ? *s : std::string();
        if (auto href = url->get_string("href"); href && is_fetchable_url(*href, allow_http))
            return std::string(*href);
    }
    return {};
}

std::string string_or_empty(const json::value& doc, std::string_view key)
{
    auto s = doc.get_string(key);
    return s ? std::string(*s) : std::string();
}

} // namespace

boost::system::result<remote_actor_info> read_remote_actor(const json::value& doc, bool allow_http)
{
    if (!doc.is_object())
        return error::invalid_document;
    remote_actor_info info;
    info.type = std::string(json::type_of(doc));
    if (!vocab::is_actor_type(info.type))
        return error::invalid_document;
    auto id = doc.get_string("id");
    if (!id || !is_fetchable_url(*id, allow_http))
        return error::bad_iri;
    info.id    = std::string(*id);
    auto inbox = doc.get_string("inbox");
    if (!inbox || !is_fetchable_url(*inbox, allow_http))
        return error::invalid_document;
    info.inbox              = std::string(*inbox);
    info.preferred_username = string_or_empty(doc, "preferredUsername");
    info.name               = string_or_empty(doc, "name");

    std::optional<std::string_view> shared;
    if (const auto* endpoints = doc.find("endpoints"))
        shared = endpoints->get_string("sharedInbox");
    if (!shared)
        shared = doc.get_string("sharedInbox");
    if (shared && is_fetchable_url(*shared, allow_http))
        info.shared_inbox = std::string(*shared);

    // Only a profile URL on the actor's own host; anything else could impersonate.
    if (const auto* url = doc.find("url"))
    {
        std::string candidate;
        if (const auto* s = url->if_string())
            candidate = *s;
        else if (const auto* a = url->if_array())
        {
            // The text/html Link if there is one, else the first entry (Mastodon's
            // url_to_href). An entry is a string or a Link object, whose URL is its href
            // (a Link's own "id" names the Link, not the page).
            bool html = false;
            for (const auto& e : *a)
            {
                std::optional<std::string_view> href =
                    e.is_string() ? std::optional<std::string_view>(*e.if_string())
                                  : e.get_string("href");
                if (!href)
                    continue;
                if (e.get_string("mediaType") == "text/html" && !html)
                {
                    candidate = std::string(*href);
                    html      = true;
                }
                else if (candidate.empty())
                    candidate = std::string(*href);
            }
        }
        else if (auto href = url->get_string("href"))
            candidate = std::string(*href);
        if (is_fetchable_url(candidate, allow_http) && host_of(candidate) == host_of(info.id))
            info.url = candidate;
    }
    info.icon_url = image_url(doc.find("icon"), allow_http);

    const json::value* pk = doc.find("publicKey");
    std::vector<const json::value*> candidates;
    if (pk != nullptr)
    {
        if (const auto* a = pk->if_array())
        {
            for (const auto& e : *a)
                candidates.push_back(&e);
        }
        else
            candidates.push_back(pk);
    }
    for (const json::value* k : candidates)
    {
        if (info.keys.size() >= 10)
            break;
        auto kid   = k->get_string("id");
        auto owner = k->get_string("owner");
        auto pem   = k->get_string("publicKeyPem");
        if (!kid || !owner || !pem)
            continue;
        if (*owner != info.id || !same_origin(strip_fragment(*kid), info.id))
            continue;
        info.keys.push_back(actor_key{std::string(*kid), std::string(*owner), std::string(*pem)});
    }
    return info;
}

boost::system::result<actor_key> read_key_document(const json::value& doc)
{
    auto kid   = doc.get_string("id");
    auto owner = doc.get_string("owner");
    auto pem   = doc.get_string("publicKeyPem");
    if (!kid || !owner || !pem)
        return error::invalid_document;
    return actor_key{std::string(*kid), std::string(*owner), std::string(*pem)};
}

} // namespace fedblog::protocol
