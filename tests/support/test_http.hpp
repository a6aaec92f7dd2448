// SPDX-License-Identifier: AGPL-3.0-or-later
// A blocking HTTP/1.1 client for tests: one request per connection over real loopback sockets.
#pragma once

#include "protocol/json.hpp"

#include <boost/beast/http/verb.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fedblog::test {

using header_pairs = std::vector<std::pair<std::string, std::string>>;

struct http_reply
{
    unsigned status = 0;
    std::map<std::string, std::string> headers; ///< lowercase names; repeated ones joined ", "
    std::string body;

    /// Header value or "" when absent (name in any case).
    std::string header(std::string name) const;

    /// The body parsed as a JSON object; fails the test when it is not one.
    protocol::json::value json() const;
};

/** Sends one request to 127.0.0.1-style `host`:`port` and reads the whole response. `target`
    is the origin-form path. A Host header defaults to host:port. Throws on connection errors.
*/
http_reply http_request(const std::string& host, unsigned short port,
                        boost::beast::http::verb method, const std::string& target,
                        const header_pairs& headers = {}, const std::string& body = {});

/** Writes `bytes` on a fresh connection and returns everything read until the server closes
    it (or `timeout_seconds`). For malformed-request tests.
*/
std::string raw_exchange(const std::string& host, unsigned short port, const std::string& bytes,
                         int timeout_seconds = 10);

/// Splits "http://host:port/path" into its parts (test URLs only).
struct url_parts
{
    std::string host;
    unsigned short port = 80;
    std::string target;
};

url_parts split_url(const std::string& url);

} // namespace fedblog::test
