// SPDX-License-Identifier: AGPL-3.0-or-later
// OrderedCollection and OrderedCollectionPage documents (outbox, followers, featured, ...).
#pragma once

#include "protocol/json.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace fedblog::protocol {

/** An `OrderedCollection` with `totalItems`; `first`/`last` page links when given, or the
    items inline when `items` is set (small collections such as featured).
    @par Specification
    ActivityStreams 2.0 Core sections 2.3-2.4; ActivityPub section 5.
*/
[[nodiscard]] json::value build_ordered_collection(std::string_view id, std::int64_t total,
                                                   const std::optional<std::string>& first,
                                                   const std::optional<std::string>& last,
                                                   std::optional<json::array> items = {});

/// An `OrderedCollectionPage` of `items`, with `partOf` and optional `next` / `prev`.
[[nodiscard]] json::value build_collection_page(std::string_view id, std::string_view part_of,
                                                json::array items,
                                                const std::optional<std::string>& next,
                                                const std::optional<std::string>& prev,
                                                std::optional<std::int64_t> total = {});

} // namespace fedblog::protocol
