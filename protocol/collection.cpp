// SPDX-License-Identifier: AGPL-3.0-or-later
// Collection document builders.
#include "protocol/collection.hpp"

#include "protocol/vocab.hpp"

namespace fedblog::protocol {

json::value build_ordered_collection(std::string_view id, std::int64_t total,
                                     const std::optional<std::string>& first,
                                     const std::optional<std::string>& last,
                                     std::optional<json::array> items)
{
    json::value doc = json::make_object({
        {"@context", vocab::as_context},
        {"id", id},
        {"type", "OrderedCollection"},
        {"totalItems", total},
    });
    if (first)
        doc.set("first", *first);
    if (last)
        doc.set("last", *last);
    if (items)
        doc.set("orderedItems", std::move(*items));
    return doc;
}

json::value build_collection_page(std::string_view id, std::string_view part_of, json::array items,
                                  const std::optional<std::string>& next,
                                  const std::optional<std::string>& prev,
                                  std::optional<std::int64_t> total)
{
    json::value doc = json::make_object({
        {"@context", vocab::as_context},
        {"id", id},
        {"type", "OrderedCollectionPage"},
        {"partOf", part_of},
    });
    if (total)
        doc.set("totalItems", *total);
    if (next)
        doc.set("next", *next);
    if (prev)
        doc.set("prev", *prev);
    doc.set("orderedItems", std::move(items));
    return doc;
}

} // namespace fedblog::protocol
