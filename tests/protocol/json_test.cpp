// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the JSON value, its limit-enforcing parser and the serializer.

// Test that header file is self-contained.
#include "protocol/json.hpp"

#include "protocol/error.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <limits>
#include <string>

namespace json = fedblog::protocol::json;
using fedblog::protocol::error;

namespace {
// error_code (unlike the enum) is printable, so failures show both sides.
boost::system::error_code ec(error e)
{
    return fedblog::protocol::make_error_code(e);
}
} // namespace

BOOST_AUTO_TEST_SUITE(json_value)

BOOST_AUTO_TEST_CASE(parses_an_activity_and_reads_members)
{
    auto v = json::parse(R"({"@context":"https://www.w3.org/ns/activitystreams","type":"Follow",
        "id":"https://a.example/1","actor":{"id":"https://a.example/u"},"n":3,"f":1.5,
        "big":18446744073709551615,"ok":true,"nothing":null,"to":["x",{"id":"y"},3]})");
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(json::type_of(*v) == "Follow");
    BOOST_TEST(*v->get_string("id") == "https://a.example/1");
    BOOST_TEST(*json::id_of(*v->find("actor")) == "https://a.example/u");
    BOOST_TEST(*v->find("n")->if_int() == 3);
    BOOST_TEST(*v->find("f")->if_number() == 1.5);
    BOOST_TEST(v->find("big")->is_number());
    BOOST_TEST(!v->find("big")->is_int());
    BOOST_TEST(*v->find("ok")->if_bool());
    BOOST_TEST(v->find("nothing")->is_null());
    BOOST_TEST(v->find("absent") == nullptr);
    BOOST_TEST(!v->get_string("n").has_value());
    auto to = json::ids_of(v->find("to"));
    BOOST_TEST_REQUIRE(to.size() == 2u);
    BOOST_TEST(to[0] == "x");
    BOOST_TEST(to[1] == "y");
}

BOOST_AUTO_TEST_CASE(type_may_be_an_array)
{
    auto v = json::parse(R"({"type":["Note","schema:Thing"]})");
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(json::type_of(*v) == "Note");
    BOOST_TEST(json::type_of(json::value(3)).empty());
}

BOOST_AUTO_TEST_CASE(serializes_in_member_order_and_round_trips)
{
    json::value v =
        json::make_object({{"b", 1}, {"a", "x\"y\n"}, {"c", json::array{true, nullptr}}});
    const std::string text = json::serialize(v);
    BOOST_TEST(text == R"({"b":1,"a":"x\"y\n","c":[true,null]})");
    auto back = json::parse(text);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == v));
}

BOOST_AUTO_TEST_CASE(set_replaces_in_place_and_erase_removes)
{
    json::value v;
    v.set("a", 1).set("b", 2).set("a", 3);
    BOOST_TEST(json::serialize(v) == R"({"a":3,"b":2})");
    BOOST_TEST(v.erase("a"));
    BOOST_TEST(!v.erase("a"));
    BOOST_TEST(json::serialize(v) == R"({"b":2})");
}

BOOST_AUTO_TEST_CASE(strings_with_nul_and_unicode_round_trip)
{
    std::string s("a\0b", 3);
    s += "\xC3\xA9\xF0\x9F\x98\x80";
    json::value v = json::make_object({{"s", s}});
    auto back     = json::parse(json::serialize(v));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(*back->get_string("s") == s);
}

BOOST_AUTO_TEST_CASE(non_finite_numbers_serialize_as_null)
{
    json::value v = json::array{json::value(1.0 / 0.0)};
    BOOST_TEST(json::serialize(v) == "[null]");
}

BOOST_AUTO_TEST_CASE(numbers_are_read_correctly_rounded_and_round_trip)
{
    // Each row is a number RapidJSON 1.1.0's own conversion got wrong or lossy.
    struct row
    {
        const char* text;
        double expected;
    };

    for (const row& r : {
             row{"2.2250738585072011e-308", 2.2250738585072009e-308}, // default mode: 1 ulp off
             row{"12345678901234567890123456789e-320", 1.2345678901234569e-292}, // ditto
             row{"123456789012345678901234567890e250", 1.2345678901234568e+279}, // full: garbage
             row{"5e-324", 4.9406564584124654e-324},                // smallest subnormal
             row{"1.7976931348623157e308", 1.7976931348623157e308}, // largest double
             row{"0.1", 0.1},                                       // the usual
         })
    {
        auto v = json::parse(r.text);
        BOOST_TEST_REQUIRE(v.has_value(), r.text);
        BOOST_TEST(*v->if_number() == r.expected, r.text);
        auto back = json::parse(json::serialize(*v));
        BOOST_TEST_REQUIRE(back.has_value(), r.text);
        BOOST_TEST((*back == *v), r.text);
    }
    // Integers stay integers; beyond int64 they become the nearest double.
    BOOST_TEST(*json::parse("-9223372036854775808")->if_int() ==
               std::numeric_limits<std::int64_t>::min());
    BOOST_TEST(*json::parse("-0")->if_int() == 0);
    BOOST_TEST(!json::parse("-9223372036854775809")->is_int());
    BOOST_TEST(*json::parse("-9223372036854775809")->if_number() == -9223372036854775808.0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_hostile_input)

BOOST_AUTO_TEST_CASE(refuses_malformed_text)
{
    // Each row is a classic way to be not-quite-JSON.
    const char* rows[] = {
        "",                  // empty
        "{",                 // unterminated
        "{\"a\":1,}",        // trailing comma
        "{'a':1}",           // single quotes
        "{\"a\":1} x",       // trailing garbage
        "{\"a\":NaN}",       // NaN is not JSON
        "{\"a\":\"\\x41\"}", // bad escape
        "{\"a\":01}",        // leading zero
        "[1,2",              // unterminated array
        "\"\xff\xfe\"",      // invalid UTF-8
        "{\"a\":\"\xc3\"}",  // truncated UTF-8 sequence
        "{\"a\":1,\"a\":2}", // duplicate key: ambiguous, refused
        "/* c */ {}",        // comments are not JSON
    };
    for (const char* row : rows)
    {
        auto v = json::parse(row);
        BOOST_TEST(!v.has_value(), "accepted: " << row);
        if (!v.has_value())
            BOOST_TEST(v.error() == ec(error::malformed_json), "row: " << row);
    }
}

BOOST_AUTO_TEST_CASE(refuses_deep_nesting_without_recursing)
{
    std::string deep(100000, '[');
    auto v = json::parse(deep);
    BOOST_TEST_REQUIRE(!v.has_value());
    BOOST_TEST(v.error() == ec(error::json_too_deep));

    std::string ok = std::string(32, '[') + std::string(32, ']');
    BOOST_TEST(json::parse(ok).has_value());
    std::string over = std::string(33, '[') + std::string(33, ']');
    BOOST_TEST(json::parse(over).error() == ec(error::json_too_deep));
}

BOOST_AUTO_TEST_CASE(refuses_oversized_text)
{
    json::parse_limits limits;
    limits.max_bytes = 10;
    auto v           = json::parse("{\"a\":\"0123456789\"}", limits);
    BOOST_TEST_REQUIRE(!v.has_value());
    BOOST_TEST(v.error() == ec(error::json_too_large));
}

BOOST_AUTO_TEST_CASE(refuses_too_many_values)
{
    json::parse_limits limits;
    limits.max_members = 5;
    BOOST_TEST(json::parse("[1,2,3,4]", limits).has_value());
    BOOST_TEST(!json::parse("[1,2,3,4,5,6]", limits).has_value());
}

BOOST_AUTO_TEST_CASE(refuses_unpaired_surrogate_escapes)
{
    // Each row would decode to a lone UTF-16 surrogate, which is not UTF-8.
    for (const char* row : {
             R"(["\udc00"])",       // lone low surrogate (RapidJSON 1.1.0 let it through)
             R"(["\udfff"])",       // the last one
             R"({"\udc00":1})",     // in a key
             R"(["\ud800"])",       // lone high surrogate
             R"(["\ud800\u0041"])", // high surrogate followed by a non-surrogate
             R"(["\ude00\ud83d"])", // a pair in the wrong order
         })
    {
        auto v = json::parse(row);
        BOOST_TEST(!v.has_value(), "accepted: " << row);
        if (!v.has_value())
            BOOST_TEST(v.error() == ec(error::malformed_json), "row: " << row);
    }
    // A proper pair is fine.
    BOOST_TEST(*json::parse(R"(["\ud83d\ude00"])")->if_array()->at(0).if_string() ==
               "\xF0\x9F\x98\x80");
}

BOOST_AUTO_TEST_CASE(refuses_numbers_outside_double_range)
{
    // RapidJSON turned these into infinity (serialized as null) or NaN, or into zero.
    for (const char* row : {"2e308", "-2e308", "1.7976931348623159e308", "[1e400]", "1e-400",
                            "2e-324", "123456789012345678901234567890e300"})
    {
        auto v = json::parse(row);
        BOOST_TEST(!v.has_value(), "accepted: " << row);
        if (!v.has_value())
            BOOST_TEST(v.error() == ec(error::malformed_json), "row: " << row);
    }
}

BOOST_AUTO_TEST_CASE(parse_object_requires_an_object)
{
    BOOST_TEST(json::parse_object("[1]").error() == ec(error::not_an_object));
    BOOST_TEST(json::parse_object("\"x\"").error() == ec(error::not_an_object));
    BOOST_TEST(json::parse_object("{}").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
