// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for interaction policies and the approvals of replies and quotes.

// Test that header file is self-contained.
#include "protocol/interaction.hpp"

#include "protocol/json.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::protocol;

namespace {

site_urls const urls{"https", "blog.example", "author"};
constexpr std::string_view public_iri = "https://www.w3.org/ns/activitystreams#Public";

std::string text(const json::value* v)
{
    return v == nullptr ? "<absent>" : json::serialize(*v);
}

} // namespace

BOOST_AUTO_TEST_SUITE(interaction_policy)

BOOST_AUTO_TEST_CASE(open_comments_approve_everyone_automatically)
{
    json::value const p      = build_interaction_policy(urls, {"open", "public"});
    const json::value* reply = p.find("canReply");
    BOOST_TEST_REQUIRE(reply != nullptr);
    const std::string r = text(reply);
    // Current and pre-0.20 GoToSocial names, as GoToSocial 0.20 writes them.
    BOOST_TEST(text(reply->find("automaticApproval")).find(public_iri) != std::string::npos, r);
    BOOST_TEST(text(reply->find("always")).find(public_iri) != std::string::npos, r);
    BOOST_TEST(text(reply->find("manualApproval")).find(public_iri) == std::string::npos, r);
    BOOST_TEST(text(p.find("canQuote")).find(public_iri) != std::string::npos, text(&p));
    // Likes and boosts are not enforced here, so they are not claimed.
    BOOST_TEST(p.find("canLike") == nullptr);
    BOOST_TEST(p.find("canAnnounce") == nullptr);
}

BOOST_AUTO_TEST_CASE(approve_mode_asks_for_manual_approval_and_closed_allows_only_the_author)
{
    json::value const approve = build_interaction_policy(urls, {"approve", "none"});
    const json::value* reply  = approve.find("canReply");
    BOOST_TEST_REQUIRE(reply != nullptr);
    BOOST_TEST(text(reply->find("manualApproval")).find(public_iri) != std::string::npos,
               text(reply));
    BOOST_TEST(text(reply->find("approvalRequired")).find(public_iri) != std::string::npos,
               text(reply));
    BOOST_TEST(text(reply->find("automaticApproval")).find(public_iri) == std::string::npos,
               text(reply));
    // quotes = none: only the author may quote.
    BOOST_TEST(text(approve.find("canQuote")).find(public_iri) == std::string::npos,
               text(&approve));
    BOOST_TEST(text(approve.find("canQuote")).find(urls.actor()) != std::string::npos,
               text(&approve));

    json::value const closed = build_interaction_policy(urls, {"closed", "public"});
    const std::string c      = text(closed.find("canReply"));
    BOOST_TEST(c.find(public_iri) == std::string::npos, c);
    BOOST_TEST(c.find(urls.actor()) != std::string::npos, c);
}

BOOST_AUTO_TEST_CASE(interaction_ids_are_stable_short_and_distinct)
{
    const std::string a = interaction_id("https://one.example/n/1");
    BOOST_TEST(a.size() == 32u);
    BOOST_TEST(a.find_first_not_of("0123456789abcdef") == std::string::npos, a);
    BOOST_TEST(a == interaction_id("https://one.example/n/1"));
    BOOST_TEST(a != interaction_id("https://one.example/n/2"));
    BOOST_TEST(reply_accept_url(urls, a).rfind(urls.actor(), 0) == 0u);
    BOOST_TEST(reply_authorization_url(urls, a).find(a) != std::string::npos);
    BOOST_TEST(quote_authorization_url(urls, a).find(a) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(reply_accept_points_at_the_reply_post_and_authorization)
{
    const std::string reply = "https://one.example/n/1";
    const std::string post  = "https://blog.example/posts/hello";
    json::value const accept =
        build_reply_accept(urls, reply, "https://one.example/users/a", post, "");
    BOOST_TEST(accept.get_string("type").value_or("") == "Accept");
    BOOST_TEST(accept.get_string("actor").value_or("") == urls.actor());
    BOOST_TEST(text(accept.find("object")).find(reply) != std::string::npos, text(&accept));
    BOOST_TEST(accept.get_string("target").value_or("") == post);
    BOOST_TEST(accept.get_string("result").value_or("") ==
               reply_authorization_url(urls, interaction_id(reply)));
    BOOST_TEST(text(accept.find("to")).find("https://one.example/users/a") != std::string::npos);

    json::value const authz = build_reply_authorization(urls, reply, post);
    BOOST_TEST(authz.get_string("attributedTo").value_or("") == urls.actor());
    BOOST_TEST(authz.get_string("interactingObject").value_or("") == reply);
    BOOST_TEST(authz.get_string("interactionTarget").value_or("") == post);

    json::value const reject = build_reply_reject(urls, reply, "https://one.example/users/a", post,
                                                  "https://one.example/rr/1");
    BOOST_TEST(reject.get_string("type").value_or("") == "Reject");
    BOOST_TEST(reject.find("result") == nullptr);
}

BOOST_AUTO_TEST_CASE(quote_accept_carries_a_dereferenceable_authorization)
{
    const std::string quote   = "https://one.example/n/q";
    const std::string request = "https://one.example/qr/1";
    const std::string post    = "https://blog.example/posts/hello";
    json::value const accept =
        build_quote_accept(urls, request, "https://one.example/u", post, quote);
    BOOST_TEST(accept.get_string("type").value_or("") == "Accept");
    BOOST_TEST(text(accept.find("object")).find(request) != std::string::npos, text(&accept));
    const std::string result(accept.get_string("result").value_or(""));
    BOOST_TEST(result.rfind("https://blog.example/", 0) == 0u, result);
    json::value const authz = build_quote_authorization(urls, quote, post);
    BOOST_TEST(authz.get_string("type").value_or("") == "QuoteAuthorization");
    BOOST_TEST(authz.get_string("interactingObject").value_or("") == quote);
    BOOST_TEST(authz.get_string("interactionTarget").value_or("") == post);
    BOOST_TEST(
        build_quote_reject(urls, request, "https://one.example/u", post, quote).find("result") ==
        nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
