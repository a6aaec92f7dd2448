// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: arbitrary bytes as a WebFinger resource, and (parsed as JSON) as a remote
// actor, a key document, an inbound activity and a JRD. Besides "no crash", it checks what
// each reader promises about what it returns.
#include "protocol/activity.hpp"
#include "protocol/actor.hpp"
#include "protocol/error.hpp"
#include "protocol/iri.hpp"
#include "protocol/json.hpp"
#include "protocol/vocab.hpp"
#include "protocol/webfinger.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace fedblog::protocol;

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer reports the input that broke a promise
}

bool has_control_or_space(std::string_view s)
{
    for (char c : s)
    {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7F)
            return true;
    }
    return false;
}

void check_resource(std::string_view input)
{
    auto r = parse_webfinger_resource(input);
    if (!r)
    {
        require(r.error() == error::bad_resource);
        return;
    }
    require(!input.empty() && input.size() <= 512);
    if (r->type == webfinger_resource::kind::url)
    {
        require(r->url == input);
        require(parse_http_url(r->url).has_value());
        return;
    }
    require(!r->user.empty() && !r->host.empty());
    require(r->user.find_first_of("@:") == std::string::npos);
    require(r->host.find('@') == std::string::npos);
    require(!has_control_or_space(r->user) && !has_control_or_space(r->host));
    for (char c : r->host)
        require(!(c >= 'A' && c <= 'Z'));
}

void check_actor(const json::value& doc, bool allow_http)
{
    auto info = read_remote_actor(doc, allow_http);
    if (!info)
    {
        require(info.error() == error::invalid_document || info.error() == error::bad_iri);
        return;
    }
    require(doc.is_object());
    require(vocab::is_actor_type(info->type));
    require(is_fetchable_url(info->id, allow_http));
    require(is_fetchable_url(info->inbox, allow_http));
    require(info->shared_inbox.empty() || is_fetchable_url(info->shared_inbox, allow_http));
    require(info->icon_url.empty() || is_fetchable_url(info->icon_url, allow_http));
    // A profile URL only on the actor's own host (INTEROP.md C28).
    require(info->url.empty() ||
            (is_fetchable_url(info->url, allow_http) && host_of(info->url) == host_of(info->id)));
    // Keys: at most 10, owned by the actor, on its origin (C27).
    require(info->keys.size() <= 10);
    for (const auto& k : info->keys)
    {
        require(k.owner == info->id);
        require(same_origin(strip_fragment(k.id), info->id));
    }
    // Whatever the strict reading accepts, the lax one accepts identically.
    if (!allow_http)
    {
        auto lax = read_remote_actor(doc, true);
        require(lax.has_value());
        require(lax->id == info->id && lax->inbox == info->inbox);
        require(lax->keys.size() >= info->keys.size());
    }
}

void check_activity(const json::value& doc, bool allow_http)
{
    auto env = read_activity(doc, allow_http);
    if (!env)
    {
        const auto& ec = env.error();
        require(ec == error::missing_field || ec == error::bad_iri || ec == error::not_an_object);
        require((ec == error::not_an_object) == !doc.is_object());
        return;
    }
    require(!env->type.empty());
    require(env->type == json::type_of(doc));
    require(is_fetchable_url(env->actor, allow_http));
    // An activity speaks only for its own origin.
    require(env->id.empty() ||
            (is_fetchable_url(env->id, allow_http) && same_origin(env->id, env->actor)));
    require(env->object == doc.find("object"));
    if (env->object == nullptr)
        require(env->object_id.empty() && env->object_type.empty());
    else if (!env->object->is_object())
        require(env->object_type.empty());
}

void check_jrd(const json::value& doc)
{
    auto href = jrd_self_link(doc);
    if (!href)
    {
        require(href.error() == error::invalid_document);
        return;
    }
    require(parse_http_url(*href).has_value());
    // It came from a rel=self link of one of the two exact types (INTEROP.md C19).
    bool found = false;
    for (const auto& link : *doc.find("links")->if_array())
    {
        const auto type = link.get_string("type");
        if (link.get_string("rel") == "self" && link.get_string("href") == *href && type &&
            (*type == vocab::activity_json || *type == vocab::ld_json_as))
            found = true;
    }
    require(found);
}

void check_key_document(const json::value& doc)
{
    auto key = read_key_document(doc);
    if (!key)
    {
        require(key.error() == error::invalid_document);
        return;
    }
    require(doc.get_string("id") == key->id);
    require(doc.get_string("owner") == key->owner);
    require(doc.get_string("publicKeyPem") == key->pem);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    check_resource(input);

    auto doc = json::parse(input);
    if (!doc)
        return 0;
    check_actor(*doc, false);
    check_actor(*doc, true);
    check_activity(*doc, false);
    check_activity(*doc, true);
    check_jrd(*doc);
    check_key_document(*doc);
    (void)has_activitystreams_context(*doc);

    // Embedded actors and objects are read the same way when they come from a JRD-less
    // document: also try every member that is itself an object.
    if (const auto* members = doc->if_object())
    {
        for (const auto& [name, member] : *members)
        {
            (void)name;
            if (!member.is_object())
                continue;
            check_actor(member, false);
            check_activity(member, false);
            check_jrd(member);
        }
    }
    return 0;
}
