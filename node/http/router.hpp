// SPDX-License-Identifier: AGPL-3.0-or-later
// Maps (method, path pattern) to handlers; patterns use {name} segments.
#pragma once

#include "node/http/prebuilt_response.hpp"
#include "node/http/types.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

class app;

using handler = std::function<asio::awaitable<response>(app&, request_context&)>;

/** A route's look-up of a document it can answer with as prebuilt bytes, tried before its
    handler for requests prebuilt_answers() accepts. Null: run the handler, which must give
    the same answer (the look-up is only a faster way to it). It runs on the connection's
    thread and must not wait. */
using prebuilt_lookup = std::shared_ptr<const prebuilt_response> (*)(app&, const request_context&);

/// Per-route options: a limit the session checks before reading the body, and a shortcut.
struct route_options
{
    /// Largest accepted request body; a larger Content-Length gets 413 before reading.
    std::size_t body_limit   = 64 * 1024;
    prebuilt_lookup prebuilt = nullptr;
};

struct route
{
    http::verb method;
    std::vector<std::string> segments; ///< literal segments, or "{}" for a parameter
    handler fn;
    route_options options;
    std::string pattern; ///< as registered: the metrics label (bounded, unlike paths)
};

/// The outcome of matching a request.
struct route_match
{
    const route* found = nullptr;
    std::vector<std::string> params; ///< percent-decoded parameter values
    /// When nothing matched the method but the path exists: the methods that would.
    std::string allow;
    bool bad_path = false; ///< the path had an invalid percent escape
};

/** The route table. Built once before serving, then only read.
    @par Thread Safety
    add() must not run concurrently with anything; match() is safe from any thread.
*/
class router
{
public:
    /// Registers `fn` for `method` on `pattern` ("/users/{name}/inbox"). GET routes also
    /// answer HEAD.
    void add(http::verb method, std::string_view pattern, handler fn, route_options options = {});

    /// Finds the route for `method` and `path` (percent-encoded, no query).
    [[nodiscard]] route_match match(http::verb method, std::string_view path) const;

private:
    std::vector<route> routes_;
};

} // namespace fedblog::node
