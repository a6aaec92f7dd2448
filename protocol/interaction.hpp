// SPDX-License-Identifier: AGPL-3.0-or-later
// Interaction policies and the answers to interactions: reply approval (GoToSocial) and
// quote authorization (FEP-044f).
#pragma once

#include "protocol/json.hpp"
#include "protocol/site_urls.hpp"

#include <string>
#include <string_view>

namespace fedblog::protocol {

/// How replies and quotes to the author's posts are handled (config `comments`, `quotes`).
struct interaction_settings
{
    std::string comments = "open";   ///< open | approve | closed
    std::string quotes   = "public"; ///< public | none
};

/** The `interactionPolicy` of a post (GoToSocial; FEP-044f `canQuote`).

    `canReply` says what the blog enforces: Public with automatic approval (open), Public
    with manual approval (approve: we send Accept/Reject), or only the author (closed). Both
    the current (`automaticApproval`/`manualApproval`) and the pre-0.20 GoToSocial names
    (`always`/`approvalRequired`) are written, as GoToSocial 0.20 itself does. `canLike` and
    `canAnnounce` are left out: absent means open to all, and we answer neither.
    `canQuote` is Public or only the author, per the quote policy.

    @par Specification
    GoToSocial docs/federation/interaction_policy.md; FEP-044f section "Quote policy".
*/
[[nodiscard]] json::value build_interaction_policy(const site_urls& urls,
                                                   const interaction_settings& settings);

/// The @context terms for interaction policies and authorizations.
[[nodiscard]] json::value interaction_context_terms();

/// A stable short id (hex) for an interaction, derived from the interacting object's id.
[[nodiscard]] std::string interaction_id(std::string_view interacting_object);

/// URLs where the approval of one interaction can be dereferenced.
[[nodiscard]] std::string reply_accept_url(const site_urls& urls, std::string_view id);
[[nodiscard]] std::string reply_authorization_url(const site_urls& urls, std::string_view id);
[[nodiscard]] std::string quote_authorization_url(const site_urls& urls, std::string_view id);

/** The `Accept` of a reply that waited for approval: object = the reply (or the embedded
    ReplyRequest when it came as one), target = our post, result = the ReplyAuthorization,
    to the replier, cc Public and followers (GoToSocial InteractionReqToASAccept).
    `request_id` is "" for a reply delivered as a plain Create.
*/
[[nodiscard]] json::value build_reply_accept(const site_urls& urls, std::string_view reply_id,
                                             std::string_view replier, std::string_view post_id,
                                             std::string_view request_id);

/// The `Reject` of a pending reply (same addressing, no result).
[[nodiscard]] json::value build_reply_reject(const site_urls& urls, std::string_view reply_id,
                                             std::string_view replier, std::string_view post_id,
                                             std::string_view request_id);

/// The dereferenceable `ReplyAuthorization` (attributedTo us, interactingObject the reply,
/// interactionTarget our post).
[[nodiscard]] json::value build_reply_authorization(const site_urls& urls,
                                                    std::string_view reply_id,
                                                    std::string_view post_id);

/** The `Accept` of a FEP-044f QuoteRequest: object = the request (embedded, instrument by
    id), result = the QuoteAuthorization. Id `<actor>#accepts/quote_requests/<id>`.
*/
[[nodiscard]] json::value build_quote_accept(const site_urls& urls, std::string_view request_id,
                                             std::string_view quoter, std::string_view post_id,
                                             std::string_view quote_id);

/// The `Reject` of a QuoteRequest (no result).
[[nodiscard]] json::value build_quote_reject(const site_urls& urls, std::string_view request_id,
                                             std::string_view quoter, std::string_view post_id,
                                             std::string_view quote_id);

/// The dereferenceable `QuoteAuthorization` of an accepted quote.
[[nodiscard]] json::value build_quote_authorization(const site_urls& urls,
                                                    std::string_view quote_id,
                                                    std::string_view post_id);

} // namespace fedblog::protocol
