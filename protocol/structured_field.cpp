// SPDX-License-Identifier: AGPL-3.0-or-later
// A small RFC 8941 parser and serializer, written to the spec's own algorithms (section 4).
#include "protocol/structured_field.hpp"

#include "keys/encoding.hpp"

namespace fedblog::protocol::sf {

namespace {

bool is_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

bool is_alpha(char c) noexcept
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_lcalpha(char c) noexcept
{
    return c >= 'a' && c <= 'z';
}

bool is_tchar(char c) noexcept
{
    if (is_alpha(c) || is_digit(c))
        return true;
    switch (c)
    {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool is_base64_char(char c) noexcept
{
    return is_alpha(c) || is_digit(c) || c == '+' || c == '/' || c == '=';
}

class parser
{
public:
    explicit parser(std::string_view text) : in_(text) {}

    bool empty() const noexcept { return in_.empty(); }

    char peek() const noexcept { return in_.empty() ? '\0' : in_.front(); }

    bool consume(char c) noexcept
    {
        if (peek() != c || in_.empty())
            return false;
        in_.remove_prefix(1);
        return true;
    }

    void skip_sp() noexcept
    {
        while (!in_.empty() && in_.front() == ' ')
            in_.remove_prefix(1);
    }

    void skip_ows() noexcept
    {
        while (!in_.empty() && (in_.front() == ' ' || in_.front() == '\t'))
            in_.remove_prefix(1);
    }

    // 4.2.3.3
    std::optional<std::string> key()
    {
        if (in_.empty() || !(is_lcalpha(in_.front()) || in_.front() == '*'))
            return std::nullopt;
        std::size_t n = 0;
        while (n < in_.size() && (is_lcalpha(in_[n]) || is_digit(in_[n]) || in_[n] == '_' ||
                                  in_[n] == '-' || in_[n] == '.' || in_[n] == '*'))
            ++n;
        std::string out(in_.substr(0, n));
        in_.remove_prefix(n);
        return out;
    }

    // 4.2.3.2
    std::optional<parameters> params()
    {
        parameters out;
        while (consume(';'))
        {
            skip_sp();
            auto name = key();
            if (!name)
                return std::nullopt;
            bare_item value;
            value.type    = item_type::boolean;
            value.boolean = true;
            if (consume('='))
            {
                auto parsed = bare();
                if (!parsed)
                    return std::nullopt;
                value = std::move(*parsed);
            }
            for (const auto& existing : out)
                if (existing.first == *name)
                    return std::nullopt; // stricter than 8941: see parse_dictionary
            out.emplace_back(std::move(*name), std::move(value));
        }
        return out;
    }

    // 4.2.3
    std::optional<item> parse_item()
    {
        auto value = bare();
        if (!value)
            return std::nullopt;
        auto p = params();
        if (!p)
            return std::nullopt;
        return item{std::move(*value), std::move(*p)};
    }

    // 4.2.1.2
    std::optional<inner_list> parse_inner_list()
    {
        if (!consume('('))
            return std::nullopt;
        inner_list out;
        while (!in_.empty())
        {
            skip_sp();
            if (consume(')'))
            {
                auto p = params();
                if (!p)
                    return std::nullopt;
                out.params = std::move(*p);
                return out;
            }
            auto element = parse_item();
            if (!element)
                return std::nullopt;
            out.items.push_back(std::move(*element));
            if (peek() != ' ' && peek() != ')')
                return std::nullopt;
        }
        return std::nullopt; // unterminated
    }

    // 4.2.3.1
    std::optional<bare_item> bare()
    {
        char const c = peek();
        if (in_.empty())
            return std::nullopt;
        if (c == '-' || is_digit(c))
            return number();
        if (c == '"')
            return string();
        if (c == '*' || is_alpha(c))
            return token();
        if (c == ':')
            return byte_sequence();
        if (c == '?')
            return boolean();
        return std::nullopt;
    }

private:
    // 4.2.4
    std::optional<bare_item> number()
    {
        bare_item out;
        out.type      = item_type::integer;
        bool negative = consume('-');
        if (!is_digit(peek()) || in_.empty())
            return std::nullopt;
        std::string digits;
        std::size_t dot = std::string::npos;
        while (!in_.empty())
        {
            char const c = in_.front();
            if (is_digit(c))
            {
                digits += c;
            }
            else if (c == '.' && out.type == item_type::integer)
            {
                if (digits.size() > 12)
                    return std::nullopt;
                out.type = item_type::decimal;
                dot      = digits.size();
                digits += c;
            }
            else
            {
                break;
            }
            in_.remove_prefix(1);
            if (out.type == item_type::integer && digits.size() > 15)
                return std::nullopt;
            if (out.type == item_type::decimal && digits.size() > 16)
                return std::nullopt;
        }
        if (out.type == item_type::integer)
        {
            std::int64_t v = 0;
            for (char d : digits)
                v = v * 10 + (d - '0');
            out.integer = negative ? -v : v;
            return out;
        }
        std::size_t const fraction = digits.size() - dot - 1;
        if (fraction == 0 || fraction > 3)
            return std::nullopt;
        out.text = (negative ? "-" : "") + digits;
        return out;
    }

    // 4.2.5
    std::optional<bare_item> string()
    {
        consume('"');
        bare_item out;
        out.type = item_type::string;
        while (!in_.empty())
        {
            char const c = in_.front();
            in_.remove_prefix(1);
            if (c == '\\')
            {
                if (in_.empty() || (in_.front() != '"' && in_.front() != '\\'))
                    return std::nullopt;
                out.text += in_.front();
                in_.remove_prefix(1);
            }
            else if (c == '"')
            {
                return out;
            }
            else if (c < 0x20 || c > 0x7E)
            {
                return std::nullopt; // also rejects NUL and every non-ASCII byte
            }
            else
            {
                out.text += c;
            }
        }
        return std::nullopt; // unterminated
    }

    // 4.2.6
    std::optional<bare_item> token()
    {
        bare_item out;
        out.type      = item_type::token;
        std::size_t n = 1;
        while (n < in_.size() && (is_tchar(in_[n]) || in_[n] == ':' || in_[n] == '/'))
            ++n;
        out.text = std::string(in_.substr(0, n));
        in_.remove_prefix(n);
        return out;
    }

    // 4.2.7
    std::optional<bare_item> byte_sequence()
    {
        consume(':');
        std::size_t n = 0;
        while (n < in_.size() && in_[n] != ':')
        {
            if (!is_base64_char(in_[n]))
                return std::nullopt;
            ++n;
        }
        if (n == in_.size())
            return std::nullopt; // unterminated
        auto decoded = keys::base64_decode(in_.substr(0, n));
        if (!decoded)
            return std::nullopt;
        in_.remove_prefix(n + 1);
        bare_item out;
        out.type = item_type::byte_sequence;
        out.text = std::move(*decoded);
        return out;
    }

    // 4.2.8
    std::optional<bare_item> boolean()
    {
        consume('?');
        bare_item out;
        out.type = item_type::boolean;
        if (consume('1'))
            out.boolean = true;
        else if (consume('0'))
            out.boolean = false;
        else
            return std::nullopt;
        return out;
    }

    std::string_view in_;
};

std::string canonical_decimal(std::string_view text)
{
    bool const negative = !text.empty() && text.front() == '-';
    if (negative)
        text.remove_prefix(1);
    auto const dot      = text.find('.');
    std::string_view ip = text.substr(0, dot);
    std::string_view fp = text.substr(dot + 1);
    while (ip.size() > 1 && ip.front() == '0')
        ip.remove_prefix(1);
    while (fp.size() > 1 && fp.back() == '0')
        fp.remove_suffix(1);
    bool const zero = ip == "0" && fp == "0";
    std::string out = negative && !zero ? "-" : "";
    out += ip;
    out += '.';
    out += fp;
    return out;
}

} // namespace

std::optional<dictionary> parse_dictionary(std::string_view text)
{
    // Surrounding whitespace is dropped up front so that "after the last member" is simply
    // "nothing left".
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    parser in(text);
    in.skip_ows();
    dictionary out;
    while (!in.empty())
    {
        member m;
        auto name = in.key();
        if (!name)
            return std::nullopt;
        m.key = std::move(*name);
        if (in.consume('='))
        {
            if (in.peek() == '(')
            {
                auto list = in.parse_inner_list();
                if (!list)
                    return std::nullopt;
                m.is_inner_list = true;
                m.list          = std::move(*list);
            }
            else
            {
                auto value = in.parse_item();
                if (!value)
                    return std::nullopt;
                m.value = std::move(*value);
            }
        }
        else
        {
            auto p = in.params();
            if (!p)
                return std::nullopt;
            m.value.value.type    = item_type::boolean;
            m.value.value.boolean = true;
            m.value.params        = std::move(*p);
        }
        for (const auto& existing : out)
            if (existing.key == m.key)
                return std::nullopt;
        out.push_back(std::move(m));

        in.skip_ows();
        if (in.empty())
            return out;
        if (!in.consume(','))
            return std::nullopt;
        in.skip_ows();
        if (in.empty())
            return std::nullopt; // trailing comma
    }
    return out;
}

std::string serialize(const bare_item& value)
{
    switch (value.type)
    {
    case item_type::integer:
        return std::to_string(value.integer);
    case item_type::decimal:
        return canonical_decimal(value.text);
    case item_type::string:
    {
        std::string out = "\"";
        for (char c : value.text)
        {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
        return out;
    }
    case item_type::token:
        return value.text;
    case item_type::byte_sequence:
        return ":" + keys::base64_encode(value.text) + ":";
    case item_type::boolean:
        return value.boolean ? "?1" : "?0";
    }
    return {};
}

std::string serialize(const parameters& params)
{
    std::string out;
    for (const auto& [name, value] : params)
    {
        out += ';';
        out += name;
        if (value.type == item_type::boolean && value.boolean)
            continue;
        out += '=';
        out += serialize(value);
    }
    return out;
}

std::string serialize(const inner_list& list)
{
    std::string out = "(";
    for (std::size_t i = 0; i < list.items.size(); ++i)
    {
        if (i > 0)
            out += ' ';
        out += serialize(list.items[i].value);
        out += serialize(list.items[i].params);
    }
    out += ')';
    out += serialize(list.params);
    return out;
}

bool is_key(std::string_view key) noexcept
{
    if (key.empty() || !(is_lcalpha(key.front()) || key.front() == '*'))
        return false;
    for (char c : key)
        if (!(is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == '*'))
            return false;
    return true;
}

bool is_string_value(std::string_view text) noexcept
{
    for (char c : text)
        if (c < 0x20 || c > 0x7E)
            return false;
    return true;
}

bare_item make_string(std::string text)
{
    bare_item out;
    out.type = item_type::string;
    out.text = std::move(text);
    return out;
}

bare_item make_integer(std::int64_t value)
{
    bare_item out;
    out.type    = item_type::integer;
    out.integer = value;
    return out;
}

} // namespace fedblog::protocol::sf
