// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: arbitrary bytes through json::parse. Besides "no crash, no sanitizer
// report", it checks the parser's promises: every string it hands on is valid UTF-8, the
// limits hold, and whatever parses serializes to text that parses back to an equal value.
#include "protocol/error.hpp"
#include "protocol/json.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace fedblog::protocol;

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer reports the input that broke a promise
}

/// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool valid_utf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size())
    {
        const auto c     = static_cast<unsigned char>(s[i]);
        std::size_t n    = 0;
        std::uint32_t cp = 0;
        if (c < 0x80)
        {
            ++i;
            continue;
        }
        if ((c & 0xE0) == 0xC0)
        {
            n  = 1;
            cp = c & 0x1F;
        }
        else if ((c & 0xF0) == 0xE0)
        {
            n  = 2;
            cp = c & 0x0F;
        }
        else if ((c & 0xF8) == 0xF0)
        {
            n  = 3;
            cp = c & 0x07;
        }
        else
            return false;
        for (std::size_t k = 1; k <= n; ++k)
        {
            if (i + k >= s.size())
                return false;
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        const std::uint32_t min[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

struct shape
{
    std::size_t depth  = 0; ///< nested arrays/objects; a scalar is 0
    std::size_t values = 0; ///< every value, containers included (as max_members counts)
    bool utf8          = true;
};

shape measure(const json::value& v)
{
    shape s;
    s.values = 1;
    if (const auto* str = v.if_string())
        s.utf8 = valid_utf8(*str);
    if (const auto* a = v.if_array())
    {
        std::size_t deepest = 0;
        for (const auto& e : *a)
        {
            const shape child = measure(e);
            deepest           = std::max(deepest, child.depth);
            s.values += child.values;
            s.utf8 = s.utf8 && child.utf8;
        }
        s.depth = deepest + 1;
    }
    if (const auto* o = v.if_object())
    {
        std::size_t deepest = 0;
        for (const auto& [key, e] : *o)
        {
            const shape child = measure(e);
            deepest           = std::max(deepest, child.depth);
            s.values += child.values;
            s.utf8 = s.utf8 && child.utf8 && valid_utf8(key);
        }
        s.depth = deepest + 1;
    }
    return s;
}

bool is_parse_error(const boost::system::error_code& ec)
{
    return ec == error::malformed_json || ec == error::json_too_deep || ec == error::json_too_large;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const json::parse_limits defaults;

    auto parsed = json::parse(input);
    if (!parsed)
    {
        require(is_parse_error(parsed.error()));
        require(!json::parse_object(input).has_value());
    }
    else
    {
        const shape s = measure(*parsed);
        require(s.utf8);
        require(s.depth <= defaults.max_depth);
        require(s.values <= defaults.max_members);

        // Round trip: compact and pretty output both parse back to an equal value, and the
        // compact form is a fixed point.
        const std::string once = json::serialize(*parsed);
        require(valid_utf8(once));
        auto again = json::parse(once);
        require(again.has_value());
        require(*again == *parsed);
        require(json::serialize(*again) == once);
        auto pretty = json::parse(json::serialize_pretty(*parsed));
        require(pretty.has_value());
        require(*pretty == *parsed);

        auto object = json::parse_object(input);
        require(object.has_value() == parsed->is_object());
        if (!object)
            require(object.error() == error::not_an_object);
    }

    // Tight limits: whatever passes them is within them, and a document that passed the
    // defaults is refused only for exceeding one.
    json::parse_limits tight;
    tight.max_depth   = 4;
    tight.max_members = 64;
    tight.max_bytes   = 256;
    auto small        = json::parse(input, tight);
    if (small)
    {
        const shape s = measure(*small);
        require(s.depth <= tight.max_depth && s.values <= tight.max_members);
        require(input.size() <= tight.max_bytes);
        require(parsed.has_value() && *small == *parsed);
    }
    else
    {
        require(is_parse_error(small.error()));
        if (parsed)
        {
            const shape s = measure(*parsed);
            require(s.depth > tight.max_depth || s.values > tight.max_members ||
                    input.size() > tight.max_bytes);
            if (small.error() == error::json_too_deep)
                require(s.depth > tight.max_depth);
            if (small.error() == error::json_too_large)
                require(input.size() > tight.max_bytes);
        }
    }
    return 0;
}
