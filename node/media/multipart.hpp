// SPDX-License-Identifier: AGPL-3.0-or-later
// multipart/form-data bodies (RFC 7578), as ActivityPub's uploadMedia endpoint receives them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::node {

/// One part of a form.
struct form_part
{
    std::string name;         ///< the Content-Disposition `name`
    std::string filename;     ///< its `filename`, "" when none
    std::string content_type; ///< the part's Content-Type, "" when none
    std::string_view body;    ///< points into the body passed to parse_multipart()
};

/// The `boundary` parameter of a multipart/form-data Content-Type, or nullopt when the type
/// is something else or the boundary is missing or longer than 70 characters (RFC 2046 5.1.1).
[[nodiscard]] std::optional<std::string> multipart_boundary(std::string_view content_type);

/** Splits `body` at `boundary` into at most `max_parts` parts, each with a Content-Disposition
    of form-data and a name. Part headers are limited to 8 KiB; preamble and epilogue are
    ignored. The parts' bodies point into `body`, which must outlive them.
    @return the parts; std::nullopt with `why` for a body that does not follow RFC 7578
    (no closing boundary, a part without a name, too many parts, oversized headers).
*/
[[nodiscard]] std::optional<std::vector<form_part>> parse_multipart(std::string_view body,
                                                                    std::string_view boundary,
                                                                    std::size_t max_parts,
                                                                    std::string& why);

} // namespace fedblog::node
