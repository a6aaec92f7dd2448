// SPDX-License-Identifier: AGPL-3.0-or-later
// Prebuilt answers: the fields written once, the same as negotiated_response() sets them.
#include "node/http/prebuilt_response.hpp"

#include "node/http/responses.hpp"

namespace fedblog::node {

prebuilt_response make_prebuilt_response(std::string body, std::string_view content_type,
                                         int max_age)
{
    prebuilt_response doc;
    doc.etag         = etag_for(body);
    doc.content_type = std::string(content_type);
    doc.max_age      = max_age;
    doc.body         = std::move(body);
    // Written by the same code as the slow path, so the two can never disagree on a field.
    request probe;
    probe.version(11);
    const response res =
        negotiated_response(probe, std::string(doc.body), doc.etag, doc.content_type, doc.max_age);
    for (const auto& field : res)
    {
        doc.fields += field.name_string();
        doc.fields += ": ";
        doc.fields += field.value();
        doc.fields += "\r\n";
    }
    return doc;
}

response negotiated_response(const request& req, const prebuilt_response& doc)
{
    return negotiated_response(req, doc.body, doc.etag, doc.content_type, doc.max_age);
}

bool prebuilt_answers(const request& req)
{
    const auto method = req.method();
    return (method == http::verb::get || method == http::verb::head) && req.version() == 11 &&
           req.keep_alive() && req.find(http::field::if_none_match) == req.end();
}

} // namespace fedblog::node
