// SPDX-License-Identifier: AGPL-3.0-or-later
// RFC 8941 Structured Field Values: the dictionary parser and the serializers that
// Content-Digest (RFC 9530) and Signature-Input/Signature (RFC 9421) need.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fedblog::protocol::sf {

enum class item_type
{
    integer,
    decimal,
    string,
    token,
    byte_sequence,
    boolean,
};

/// A bare item (RFC 8941 section 3.3).
struct bare_item
{
    item_type type       = item_type::boolean;
    std::int64_t integer = 0;     ///< for integer
    bool boolean         = false; ///< for boolean
    /// string and token: the value (unescaped); byte_sequence: the decoded bytes; decimal: the
    /// text as written (e.g. "-1.50"), canonicalised only when serialized.
    std::string text;
};

/// Parameters in their order of appearance (RFC 8941 section 3.1.2).
using parameters = std::vector<std::pair<std::string, bare_item>>;

struct item
{
    bare_item value;
    parameters params;
};

struct inner_list
{
    std::vector<item> items;
    parameters params;
};

/// One dictionary member: either an item or an inner list.
struct member
{
    std::string key;
    bool is_inner_list = false;
    item value;      ///< when !is_inner_list
    inner_list list; ///< when is_inner_list
};

/// Members in their order of appearance.
using dictionary = std::vector<member>;

/** Parses a Dictionary field value.

    Stricter than RFC 8941 section 4.2.2 in one way: a repeated dictionary key or parameter key
    is refused instead of "last one wins". The fields we parse carry digests and signatures,
    where two values for one name can only be a mistake or an attempt to make two parties read
    different values; no correct sender produces them. Leading and trailing SP/HTAB are
    ignored.

    @return the members, or std::nullopt when the text is not a valid dictionary.

    @par Specification
    RFC 8941 sections 3.2 and 4.2.2.
*/
[[nodiscard]] std::optional<dictionary> parse_dictionary(std::string_view text);

/// Serializes a bare item canonically (RFC 8941 section 4.1.3).
[[nodiscard]] std::string serialize(const bare_item& value);

/// Serializes parameters (RFC 8941 section 4.1.1.2), e.g. `;created=1;keyid="a"`.
[[nodiscard]] std::string serialize(const parameters& params);

/// Serializes an inner list with its parameters (RFC 8941 section 4.1.1.1).
[[nodiscard]] std::string serialize(const inner_list& list);

/// True when `key` is a valid dictionary or parameter key (RFC 8941 section 3.1.2).
[[nodiscard]] bool is_key(std::string_view key) noexcept;

/// True when `text` can be an sf-string: printable ASCII only (RFC 8941 section 3.3.3).
[[nodiscard]] bool is_string_value(std::string_view text) noexcept;

/// A string bare item.
[[nodiscard]] bare_item make_string(std::string text);

/// An integer bare item.
[[nodiscard]] bare_item make_integer(std::int64_t value);

} // namespace fedblog::protocol::sf
