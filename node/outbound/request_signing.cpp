// SPDX-License-Identifier: AGPL-3.0-or-later
// draft-cavage signing of Beast requests.
#include "node/outbound/request_signing.hpp"

#include "protocol/digest_header.hpp"
#include "protocol/http_signature.hpp"
#include "protocol/vocab.hpp"

namespace fedblog::node {

boost::system::result<void> sign_request(http::request<http::string_body>& msg,
                                         const keys::private_key& key, std::string_view key_id)
{
    std::vector<std::string> covered{"(request-target)", "host", "date"};
    if (msg.method() == http::verb::post)
    {
        msg.set(http::field::digest, protocol::make_digest_header(msg.body()));
        if (msg.find(http::field::content_type) == msg.end())
            msg.set(http::field::content_type, protocol::vocab::activity_json);
        covered.emplace_back("digest");
        covered.emplace_back("content-type");
    }
    protocol::header_list headers;
    for (const auto& field : msg)
        headers.add(std::string(field.name_string()), std::string(field.value()));
    auto signature = protocol::sign_cavage(key, key_id, std::string(msg.method_string()),
                                           std::string(msg.target()), headers, covered);
    if (!signature)
        return signature.error();
    msg.set("Signature", *signature);
    return {};
}

boost::system::result<void> sign_prepared(prepared_request& msg, const keys::private_key& key,
                                          std::string_view key_id)
{
    static const std::vector<std::string> covered{"(request-target)", "host", "date", "digest",
                                                  "content-type"};
    // Only the covered fields: the rest would be copied for nothing.
    protocol::header_list headers;
    for (const auto field :
         {http::field::host, http::field::date, http::field::digest, http::field::content_type})
    {
        auto it = msg.find(field);
        if (it != msg.end())
            headers.add(std::string(it->name_string()), std::string(it->value()));
    }
    auto signature = protocol::sign_cavage(key, key_id, std::string(msg.method_string()),
                                           std::string(msg.target()), headers, covered);
    if (!signature)
        return signature.error();
    msg.set("Signature", *signature);
    return {};
}

} // namespace fedblog::node
