// SPDX-License-Identifier: AGPL-3.0-or-later
// A small owned JSON value with a limit-enforcing parser; the only door to RapidJSON.
#pragma once

#include <boost/system/result.hpp>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace fedblog::protocol::json {

class value;

using array = std::vector<value>;

/// Members in document order; keys are unique after parse() (a repeated key is refused).
using object = std::vector<std::pair<std::string, value>>;

/** A JSON value. Objects keep their member order, so documents we build serialize in the
    order we wrote them (readable output, stable ETags).

    Numbers are kept as int64 when they are integers in range, else as double.
*/
class value
{
public:
    using storage =
        std::variant<std::nullptr_t, bool, std::int64_t, double, std::string, array, object>;

    value() noexcept : v_(nullptr) {}

    value(std::nullptr_t) noexcept : v_(nullptr) {}

    value(bool b) noexcept : v_(b) {}

    value(int i) noexcept : v_(static_cast<std::int64_t>(i)) {}

    value(std::int64_t i) noexcept : v_(i) {}

    value(double d) noexcept : v_(d) {}

    value(std::string s) : v_(std::move(s)) {}

    value(std::string_view s) : v_(std::string(s)) {}

    value(const char* s) : v_(std::string(s)) {}

    value(array a) : v_(std::move(a)) {}

    value(object o) : v_(std::move(o)) {}

    bool is_null() const noexcept { return std::holds_alternative<std::nullptr_t>(v_); }

    bool is_bool() const noexcept { return std::holds_alternative<bool>(v_); }

    bool is_number() const noexcept { return is_int() || std::holds_alternative<double>(v_); }

    bool is_int() const noexcept { return std::holds_alternative<std::int64_t>(v_); }

    bool is_string() const noexcept { return std::holds_alternative<std::string>(v_); }

    bool is_array() const noexcept { return std::holds_alternative<array>(v_); }

    bool is_object() const noexcept { return std::holds_alternative<object>(v_); }

    /// The string, or nullptr when this is not a string.
    const std::string* if_string() const noexcept { return std::get_if<std::string>(&v_); }

    const array* if_array() const noexcept { return std::get_if<array>(&v_); }

    array* if_array() noexcept { return std::get_if<array>(&v_); }

    const object* if_object() const noexcept { return std::get_if<object>(&v_); }

    object* if_object() noexcept { return std::get_if<object>(&v_); }

    std::optional<bool> if_bool() const noexcept;
    std::optional<std::int64_t> if_int() const noexcept;
    std::optional<double> if_number() const noexcept;

    /// The member `key` of an object, or nullptr (also when this is not an object).
    const value* find(std::string_view key) const noexcept;
    value* find(std::string_view key) noexcept;

    /// The string member `key`, or std::nullopt when absent or not a string.
    std::optional<std::string_view> get_string(std::string_view key) const noexcept;

    /** Sets member `key` of an object (replacing an existing one in place, else appending).
        A null value becomes an empty object first. Precondition: is_object() or is_null().
        @return *this, for chaining.
    */
    value& set(std::string key, value v);

    /// Removes member `key` if present. @return true when removed.
    bool erase(std::string_view key);

    /// Appends to an array (a null value becomes an empty array first).
    value& push_back(value v);

    const storage& variant() const noexcept { return v_; }

    friend bool operator==(const value& a, const value& b) noexcept;

private:
    storage v_;
};

/// Limits for parse(): inputs come from strangers.
struct parse_limits
{
    std::size_t max_bytes   = 1024 * 1024; ///< Mastodon's MAX_JSON_SIZE (INTEROP.md A10)
    std::size_t max_depth   = 32;          ///< arrays/objects nested deeper are refused
    std::size_t max_members = 100000;      ///< total values in the document
};

/** Parses UTF-8 JSON text (RFC 8259).

    @return the value; error::json_too_large, error::json_too_deep or error::malformed_json
    (invalid syntax, invalid UTF-8 or an unpaired surrogate escape, a repeated object key, a
    number outside the range of double, trailing garbage, too many values). Numbers are read
    correctly rounded, so serialize() output parses back to an equal value. Never throws on
    any input.
*/
[[nodiscard]] boost::system::result<value> parse(std::string_view text,
                                                 const parse_limits& limits = {});

/// Parses and requires an object at the top (error::not_an_object otherwise).
[[nodiscard]] boost::system::result<value> parse_object(std::string_view text,
                                                        const parse_limits& limits = {});

/// Compact serialization; strings are escaped so output is valid UTF-8 JSON.
[[nodiscard]] std::string serialize(const value& v);

/// Indented serialization, for humans (CLI output).
[[nodiscard]] std::string serialize_pretty(const value& v);

/** Builds an object from pairs, in order: `make_object({{"type", "Note"}, {"id", id}})`. */
[[nodiscard]] value make_object(std::initializer_list<std::pair<std::string, value>> members);

/// ActivityStreams "id or object" reference: a string, or an object's string "id".
[[nodiscard]] std::optional<std::string_view> id_of(const value& v) noexcept;

/** A property that may be one value or an array of them ("single or array", as JSON-LD
    compaction produces): returns the ids (see id_of) of each element, skipping unusable ones.
*/
[[nodiscard]] std::vector<std::string_view> ids_of(const value* v);

/// The "type" of an object as a string; the first string when it is an array; "" otherwise.
[[nodiscard]] std::string_view type_of(const value& v) noexcept;

} // namespace fedblog::protocol::json
