// SPDX-License-Identifier: AGPL-3.0-or-later
// Interaction policies, approvals and authorizations.
#include "protocol/interaction.hpp"

#include "keys/encoding.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::protocol {

namespace {

json::value list_of(std::string_view iri)
{
    return json::array{json::value(iri)};
}

/// One sub-policy, with the current and the pre-0.20 GoToSocial names.
json::value rule(std::string_view automatic, std::string_view manual)
{
    json::value r;
    r.set("automaticApproval", automatic.empty() ? json::array{} : list_of(automatic));
    r.set("manualApproval", manual.empty() ? json::array{} : list_of(manual));
    r.set("always", automatic.empty() ? json::array{} : list_of(automatic));
    r.set("approvalRequired", manual.empty() ? json::array{} : list_of(manual));
    return r;
}

json::value context_with_terms()
{
    return json::array{json::value(vocab::as_context), interaction_context_terms()};
}

} // namespace

json::value interaction_context_terms()
{
    auto id_term = [](std::string_view iri) {
        return json::make_object({{"@id", iri}, {"@type", "@id"}});
    };
    return json::make_object({
        {"gts", "https://gotosocial.org/ns#"},
        {"interactionPolicy", id_term("gts:interactionPolicy")},
        {"canReply", id_term("gts:canReply")},
        {"canQuote", id_term("gts:canQuote")},
        {"automaticApproval", id_term("gts:automaticApproval")},
        {"manualApproval", id_term("gts:manualApproval")},
        {"always", id_term("gts:always")},
        {"approvalRequired", id_term("gts:approvalRequired")},
        {"interactingObject", id_term("gts:interactingObject")},
        {"interactionTarget", id_term("gts:interactionTarget")},
        {"ReplyAuthorization", "gts:ReplyAuthorization"},
        {"ReplyRequest", "gts:ReplyRequest"},
        {"QuoteRequest", "https://w3id.org/fep/044f#QuoteRequest"},
        {"QuoteAuthorization", "https://w3id.org/fep/044f#QuoteAuthorization"},
    });
}

json::value build_interaction_policy(const site_urls& urls, const interaction_settings& settings)
{
    const std::string_view everyone = vocab::public_collection;
    json::value reply;
    if (settings.comments == "approve")
        reply = rule({}, everyone);
    else if (settings.comments == "closed")
        reply = rule(urls.actor(), {});
    else
        reply = rule(everyone, {});
    json::value quote =
        rule(settings.quotes == "public" ? everyone : std::string_view(urls.actor()), {});
    // canQuote follows Mastodon, which writes only the current name.
    quote.erase("always");
    quote.erase("approvalRequired");
    return json::make_object({{"canReply", std::move(reply)}, {"canQuote", std::move(quote)}});
}

std::string interaction_id(std::string_view interacting_object)
{
    return keys::hex_encode(keys::sha256(interacting_object)).substr(0, 32);
}

std::string reply_accept_url(const site_urls& urls, std::string_view id)
{
    return urls.actor() + "/accepts/" + std::string(id);
}

std::string reply_authorization_url(const site_urls& urls, std::string_view id)
{
    return urls.actor() + "/authorizations/" + std::string(id);
}

std::string quote_authorization_url(const site_urls& urls, std::string_view id)
{
    return urls.actor() + "/quote_authorizations/" + std::string(id);
}

namespace {

json::value reply_answer(const site_urls& urls, std::string_view type, std::string_view reply_id,
                         std::string_view replier, std::string_view post_id,
                         std::string_view request_id)
{
    const std::string id = interaction_id(reply_id);
    json::value answer   = json::make_object({
          {"@context", context_with_terms()},
          {"type", type},
          {"id", type == "Accept" ? reply_accept_url(urls, id) : urls.actor() + "/rejects/" + id},
          {"actor", urls.actor()},
    });
    if (request_id.empty())
    {
        answer.set("object", reply_id);
        answer.set("target", post_id);
    }
    else
    {
        answer.set("object", json::make_object({
                                 {"type", "ReplyRequest"},
                                 {"id", request_id},
                                 {"actor", replier},
                                 {"object", post_id},
                                 {"instrument", reply_id},
                             }));
    }
    if (type == "Accept")
        answer.set("result", reply_authorization_url(urls, id));
    answer.set("to", list_of(replier));
    answer.set("cc",
               json::array{json::value(vocab::public_collection), json::value(urls.followers())});
    return answer;
}

json::value quote_answer(const site_urls& urls, std::string_view type, std::string_view request_id,
                         std::string_view quoter, std::string_view post_id,
                         std::string_view quote_id)
{
    const std::string id = interaction_id(quote_id);
    json::value answer   = json::make_object({
          {"@context", context_with_terms()},
          {"type", type},
          {"id", urls.actor() +
                     (type == "Accept" ? "#accepts/quote_requests/" : "#rejects/quote_requests/") +
                     id},
          {"actor", urls.actor()},
          {"to", list_of(quoter)},
          {"object", json::make_object({
                         {"type", "QuoteRequest"},
                         {"id", request_id},
                         {"actor", quoter},
                         {"object", post_id},
                         {"instrument", quote_id},
                   })},
    });
    if (type == "Accept")
        answer.set("result", quote_authorization_url(urls, id));
    return answer;
}

} // namespace

json::value build_reply_accept(const site_urls& urls, std::string_view reply_id,
                               std::string_view replier, std::string_view post_id,
                               std::string_view request_id)
{
    return reply_answer(urls, "Accept", reply_id, replier, post_id, request_id);
}

json::value build_reply_reject(const site_urls& urls, std::string_view reply_id,
                               std::string_view replier, std::string_view post_id,
                               std::string_view request_id)
{
    return reply_answer(urls, "Reject", reply_id, replier, post_id, request_id);
}

json::value build_reply_authorization(const site_urls& urls, std::string_view reply_id,
                                      std::string_view post_id)
{
    return json::make_object({
        {"@context", context_with_terms()},
        {"type", "ReplyAuthorization"},
        {"id", reply_authorization_url(urls, interaction_id(reply_id))},
        {"attributedTo", urls.actor()},
        {"interactingObject", reply_id},
        {"interactionTarget", post_id},
    });
}

json::value build_quote_accept(const site_urls& urls, std::string_view request_id,
                               std::string_view quoter, std::string_view post_id,
                               std::string_view quote_id)
{
    return quote_answer(urls, "Accept", request_id, quoter, post_id, quote_id);
}

json::value build_quote_reject(const site_urls& urls, std::string_view request_id,
                               std::string_view quoter, std::string_view post_id,
                               std::string_view quote_id)
{
    return quote_answer(urls, "Reject", request_id, quoter, post_id, quote_id);
}

json::value build_quote_authorization(const site_urls& urls, std::string_view quote_id,
                                      std::string_view post_id)
{
    return json::make_object({
        {"@context", context_with_terms()},
        {"type", "QuoteAuthorization"},
        {"id", quote_authorization_url(urls, interaction_id(quote_id))},
        {"attributedTo", urls.actor()},
        {"interactingObject", quote_id},
        {"interactionTarget", post_id},
    });
}

} // namespace fedblog::protocol
