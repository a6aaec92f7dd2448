// SPDX-License-Identifier: AGPL-3.0-or-later
// RapidJSON SAX parsing into json::value with limits, and serialization back to text.
#include "protocol/json.hpp"

#include "protocol/error.hpp"

#include <rapidjson/encodedstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <system_error>

namespace fedblog::protocol::json {

std::optional<bool> value::if_bool() const noexcept
{
    if (const auto* b = std::get_if<bool>(&v_))
        return *b;
    return std::nullopt;
}

std::optional<std::int64_t> value::if_int() const noexcept
{
    if (const auto* i = std::get_if<std::int64_t>(&v_))
        return *i;
    return std::nullopt;
}

std::optional<double> value::if_number() const noexcept
{
    if (const auto* i = std::get_if<std::int64_t>(&v_))
        return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v_))
        return *d;
    return std::nullopt;
}

const value* value::find(std::string_view key) const noexcept
{
    const auto* o = if_object();
    if (o == nullptr)
        return nullptr;
    for (const auto& [k, v] : *o)
    {
        if (k == key)
            return &v;
    }
    return nullptr;
}

value* value::find(std::string_view key) noexcept
{
    return const_cast<value*>(std::as_const(*this).find(key));
}

std::optional<std::string_view> value::get_string(std::string_view key) const noexcept
{
    const value* v = find(key);
    if (v == nullptr)
        return std::nullopt;
    if (const auto* s = v->if_string())
        return std::string_view(*s);
    return std::nullopt;
}

value& value::set(std::string key, value v)
{
    if (is_null())
        v_ = object{};
    auto& o = std::get<object>(v_);
    for (auto& [k, existing] : o)
    {
        if (k == key)
        {
            existing = std::move(v);
            return *this;
        }
    }
    o.emplace_back(std::move(key), std::move(v));
    return *this;
}

bool value::erase(std::string_view key)
{
    auto* o = if_object();
    if (o == nullptr)
        return false;
    auto it = std::find_if(o->begin(), o->end(), [&](const auto& m) { return m.first == key; });
    if (it == o->end())
        return false;
    o->erase(it);
    return true;
}

value& value::push_back(value v)
{
    if (is_null())
        v_ = array{};
    std::get<array>(v_).push_back(std::move(v));
    return *this;
}

bool operator==(const value& a, const value& b) noexcept
{
    return a.v_ == b.v_;
}

//----------------------------------------------------------------------------

namespace {

/// Builds a json::value from SAX events, enforcing depth and size limits as it goes so a
/// hostile document is abandoned at the first violation rather than after allocation.
class builder
{
public:
    explicit builder(const parse_limits& limits) : limits_(limits) {}

    bool Null() { return add(value(nullptr)); }

    bool Bool(bool b) { return add(value(b)); }

    bool Int(int i) { return add(value(static_cast<std::int64_t>(i))); }

    bool Uint(unsigned u) { return add(value(static_cast<std::int64_t>(u))); }

    bool Int64(std::int64_t i) { return add(value(i)); }

    bool Uint64(std::uint64_t u)
    {
        if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
            return add(value(static_cast<double>(u)));
        return add(value(static_cast<std::int64_t>(u)));
    }

    bool Double(double d) { return add(value(d)); }

    /** A number, as its (grammar-checked) text. RapidJSON 1.1.0's own conversion is off by
        an ulp or more in its default mode, returns NaN or garbage for long mantissas with
        large exponents in its full-precision mode, and turns overflow into infinity (which
        serialize() can only write as null). std::from_chars rounds correctly, so what
        serialize() writes parses back to the same value; a number outside the range of
        double (overflow or underflow) is refused.
    */
    bool RawNumber(const char* s, rapidjson::SizeType n, bool)
    {
        const char* const end = s + n;
        if (std::string_view(s, n).find_first_of(".eE") == std::string_view::npos)
        {
            std::int64_t i     = 0;
            const auto [p, ec] = std::from_chars(s, end, i);
            if (ec == std::errc() && p == end)
                return add(value(i));
            // An integer beyond int64: kept as the nearest double, as before.
        }
        double d           = 0;
        const auto [p, ec] = std::from_chars(s, end, d);
        if (ec != std::errc() || p != end || !std::isfinite(d))
            return false;
        return add(value(d));
    }

    bool String(const char* s, rapidjson::SizeType n, bool)
    {
        if (has_surrogate(s, n))
            return false;
        return add(value(std::string(s, n)));
    }

    bool StartObject() { return open(value(object{})); }

    bool Key(const char* s, rapidjson::SizeType n, bool)
    {
        if (has_surrogate(s, n))
            return false;
        stack_.back().key.assign(s, n);
        return true;
    }

    bool EndObject(rapidjson::SizeType)
    {
        if (has_duplicate_keys(*stack_.back().v.if_object()))
        {
            duplicate_key_ = true;
            return false;
        }
        return close();
    }

    bool StartArray() { return open(value(array{})); }

    bool EndArray(rapidjson::SizeType) { return close(); }

    bool too_deep() const { return too_deep_; }

    bool duplicate_key() const { return duplicate_key_; }

    value take() { return std::move(root_); }

private:
    /** True when the decoded string holds a UTF-16 surrogate (U+D800..U+DFFF, encoded ED A0..BF
        xx). RapidJSON 1.1.0 validates raw bytes and refuses an unpaired high-surrogate escape,
        but decodes an unpaired low one ("\uDC00") into those three bytes, which are not UTF-8.
    */
    static bool has_surrogate(const char* s, rapidjson::SizeType n) noexcept
    {
        for (rapidjson::SizeType i = 0; i + 1 < n; ++i)
        {
            if (static_cast<unsigned char>(s[i]) == 0xED &&
                static_cast<unsigned char>(s[i + 1]) >= 0xA0)
                return true;
        }
        return false;
    }

    struct frame
    {
        value v;
        std::string key;
    };

    static bool has_duplicate_keys(const object& o)
    {
        if (o.size() < 2)
            return false;
        std::vector<std::string_view> keys;
        keys.reserve(o.size());
        for (const auto& m : o)
            keys.emplace_back(m.first);
        std::sort(keys.begin(), keys.end());
        return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
    }

    bool count() { return ++values_ <= limits_.max_members; }

    bool add(value v)
    {
        if (!count())
            return false;
        if (stack_.empty())
        {
            root_ = std::move(v);
            return true;
        }
        frame& top = stack_.back();
        if (auto* a = top.v.if_array())
            a->push_back(std::move(v));
        else
            top.v.if_object()->emplace_back(std::move(top.key), std::move(v));
        return true;
    }

    bool open(value container)
    {
        if (!count())
            return false;
        if (stack_.size() >= limits_.max_depth)
        {
            too_deep_ = true;
            return false;
        }
        stack_.push_back(frame{std::move(container), {}});
        return true;
    }

    bool close()
    {
        value done = std::move(stack_.back().v);
        stack_.pop_back();
        --values_; // add() counts it again
        return add(std::move(done));
    }

    const parse_limits& limits_;
    std::vector<frame> stack_;
    value root_;
    std::size_t values_ = 0;
    bool too_deep_      = false;
    bool duplicate_key_ = false;
};

template <class Writer>
void write(Writer& w, const value& v)
{
    std::visit(
        [&w](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>)
                w.Null();
            else if constexpr (std::is_same_v<T, bool>)
                w.Bool(x);
            else if constexpr (std::is_same_v<T, std::int64_t>)
                w.Int64(x);
            else if constexpr (std::is_same_v<T, double>)
            {
                // JSON has no NaN or infinity; write null rather than invalid text.
                if (std::isfinite(x))
                    w.Double(x);
                else
                    w.Null();
            }
            else if constexpr (std::is_same_v<T, std::string>)
                w.String(x.data(), static_cast<rapidjson::SizeType>(x.size()));
            else if constexpr (std::is_same_v<T, array>)
            {
                w.StartArray();
                for (const auto& e : x)
                    write(w, e);
                w.EndArray();
            }
            else
            {
                w.StartObject();
                for (const auto& [k, e] : x)
                {
                    w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
                    write(w, e);
                }
                w.EndObject();
            }
        },
        v.variant());
}

} // namespace

boost::system::result<value> parse(std::string_view text, const parse_limits& limits)
{
    if (text.size() > limits.max_bytes)
        return error::json_too_large;

    rapidjson::MemoryStream ms(text.data(), text.size());
    rapidjson::EncodedInputStream<rapidjson::UTF8<>, rapidjson::MemoryStream> in(ms);
    builder b(limits);
    rapidjson::Reader reader;
    // Iterative parsing keeps stack use flat whatever the nesting; encoding validation
    // refuses invalid UTF-8 so every string we hand on is valid. Numbers come as text and
    // are converted by builder::RawNumber (see there for why).
    constexpr unsigned flags = rapidjson::kParseIterativeFlag |
                               rapidjson::kParseValidateEncodingFlag |
                               rapidjson::kParseNumbersAsStringsFlag;
    const rapidjson::ParseResult ok = reader.Parse<flags>(in, b);
    if (!ok)
    {
        if (b.too_deep())
            return error::json_too_deep;
        return error::malformed_json;
    }
    return b.take();
}

boost::system::result<value> parse_object(std::string_view text, const parse_limits& limits)
{
    auto v = parse(text, limits);
    if (!v)
        return v;
    if (!v->is_object())
        return error::not_an_object;
    return v;
}

std::string serialize(const value& v)
{
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    write(w, v);
    return {buf.GetString(), buf.GetSize()};
}

std::string serialize_pretty(const value& v)
{
    rapidjson::StringBuffer buf;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
    w.SetIndent(' ', 2);
    write(w, v);
    return {buf.GetString(), buf.GetSize()};
}

value make_object(std::initializer_list<std::pair<std::string, value>> members)
{
    object o(members.begin(), members.end());
    return value(std::move(o));
}

std::optional<std::string_view> id_of(const value& v) noexcept
{
    if (const auto* s = v.if_string())
        return std::string_view(*s);
    return v.get_string("id");
}

std::vector<std::string_view> ids_of(const value* v)
{
    std::vector<std::string_view> out;
    if (v == nullptr)
        return out;
    if (const auto* a = v->if_array())
    {
        for (const auto& e : *a)
        {
            if (auto id = id_of(e))
                out.push_back(*id);
        }
    }
    else if (auto id = id_of(*v))
        out.push_back(*id);
    return out;
}

std::string_view type_of(const value& v) noexcept
{
    const value* t = v.find("type");
    if (t == nullptr)
        return {};
    if (const auto* s = t->if_string())
        return *s;
    if (const auto* a = t->if_array())
    {
        for (const auto& e : *a)
        {
            if (const auto* s = e.if_string())
                return *s;
        }
    }
    return {};
}

} // namespace fedblog::protocol::json
