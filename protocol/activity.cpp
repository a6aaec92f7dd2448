// SPDX-License-Identifier: AGPL-3.0-or-later
// Inbound activity envelopes and Accept/Reject of follows.
#include "protocol/activity.hpp"

#include "keys/encoding.hpp"
#include "protocol/error.hpp"
#include "protocol/iri.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::protocol {

boost::system::result<activity_envelope> read_activity(const json::value& doc, bool allow_http)
{
    if (!doc.is_object())
        return error::not_an_object;
    activity_envelope env;
    env.type = std::string(json::type_of(doc));
    if (env.type.empty())
        return error::missing_field;
    const json::value* actor = doc.find("actor");
    if (actor == nullptr)
        return error::missing_field;
    auto actor_id = json::id_of(*actor);
    if (!actor_id)
    {
        // Some servers send a one-element array.
        auto ids = json::ids_of(actor);
        if (ids.size() != 1)
            return error::missing_field;
        actor_id = ids.front();
    }
    if (!is_fetchable_url(*actor_id, allow_http))
        return error::bad_iri;
    env.actor = std::string(*actor_id);

    if (const json::value* id = doc.find("id"))
    {
        const auto* s = id->if_string();
        if (s == nullptr || !is_fetchable_url(*s, allow_http) || !same_origin(*s, env.actor))
            return error::bad_iri;
        env.id = *s;
    }

    env.object = doc.find("object");
    if (env.object != nullptr)
    {
        if (auto oid = json::id_of(*env.object))
            env.object_id = std::string(*oid);
        if (env.object->is_object())
            env.object_type = std::string(json::type_of(*env.object));
    }
    return env;
}

namespace {

json::value follow_response(const site_urls& urls, std::string_view type,
                            std::string_view follow_id, std::string_view follower_actor)
{
    const std::string digest = keys::hex_encode(keys::sha256(follow_id)).substr(0, 32);
    std::string id =
        urls.actor() + "#" + (type == "Accept" ? "accepts" : "rejects") + "/follows/" + digest;
    json::value follow = json::make_object({
        {"id", follow_id},
        {"type", "Follow"},
        {"actor", follower_actor},
        {"object", urls.actor()},
    });
    return json::make_object({
        {"@context", vocab::as_context},
        {"id", std::move(id)},
        {"type", type},
        {"actor", urls.actor()},
        {"to", json::array{json::value(follower_actor)}},
        {"object", std::move(follow)},
    });
}

} // namespace

json::value build_accept_follow(const site_urls& urls, std::string_view follow_id,
                                std::string_view follower_actor)
{
    return follow_response(urls, "Accept", follow_id, follower_actor);
}

json::value build_reject_follow(const site_urls& urls, std::string_view follow_id,
                                std::string_view follower_actor)
{
    return follow_response(urls, "Reject", follow_id, follower_actor);
}

bool has_activitystreams_context(const json::value& doc) noexcept
{
    const json::value* ctx = doc.find("@context");
    if (ctx == nullptr)
        return false;
    if (const auto* s = ctx->if_string())
        return *s == vocab::as_context;
    if (const auto* a = ctx->if_array())
    {
        for (const auto& e : *a)
        {
            if (const auto* s = e.if_string(); s != nullptr && *s == vocab::as_context)
                return true;
        }
    }
    return false;
}

} // namespace fedblog::protocol
