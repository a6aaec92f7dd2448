// SPDX-License-Identifier: AGPL-3.0-or-later
// A transport-neutral view of an HTTP request, as signature code needs to see it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedblog::protocol {

/** Header fields in the order received. Names are compared case-insensitively; values are
    exactly as received (signatures cover the received bytes, see INTEROP.md A6).
*/
class header_list
{
public:
    void add(std::string name, std::string value);

    /** The value of `name`; repeated fields are joined with ", " (RFC 9110 5.3).
        @return std::nullopt when the field is absent.
    */
    std::optional<std::string> get(std::string_view name) const;

    bool contains(std::string_view name) const;

    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

/// What a verifier needs from a request. Views must outlive the calls they are passed to.
struct request_view
{
    std::string_view method; ///< "GET", "POST" (any case)
    std::string_view target; ///< origin-form as received: "/users/a/inbox?x=1"
    /// Scheme and authority the request was addressed to ("https", "blog.example"); used for
    /// RFC 9421 @target-uri / @authority when no Host header is available.
    std::string_view scheme    = "https";
    std::string_view authority = {};
    const header_list* headers = nullptr;
};

} // namespace fedblog::protocol
