// SPDX-License-Identifier: AGPL-3.0-or-later
// Digest (RFC 3230) and Content-Digest (RFC 9530) creation and checking.
#include "protocol/digest_header.hpp"

#include "keys/encoding.hpp"
#include "protocol/error.hpp"
#include "protocol/structured_field.hpp"

namespace fedblog::protocol {

namespace {

std::string_view trim_ows(std::string_view text) noexcept
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::string to_lower(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c + 32);
    return out;
}

/// The digest of `body` for a supported algorithm name (lowercase), or std::nullopt.
std::optional<std::string> digest_for(std::string_view algorithm, std::string_view body)
{
    if (algorithm == "sha-256")
        return keys::sha256(body);
    if (algorithm == "sha-512")
        return keys::sha512(body);
    return std::nullopt;
}

} // namespace

std::string make_digest_header(std::string_view body)
{
    return "SHA-256=" + keys::base64_encode(keys::sha256(body));
}

boost::system::result<void> verify_digest_header(std::string_view value, std::string_view body)
{
    bool checked = false;
    while (!value.empty())
    {
        auto const comma               = value.find(',');
        std::string_view const element = trim_ows(value.substr(0, comma));
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        // RFC 9110 5.6.1: recipients accept empty list elements ("a, , b").
        if (element.empty())
            continue;
        auto const eq = element.find('=');
        if (eq == std::string_view::npos)
            return error::digest_malformed;
        auto const expected = digest_for(to_lower(trim_ows(element.substr(0, eq))), body);
        if (!expected)
            continue; // RFC 3230 4.3.2: digests we cannot compute are ignored
        auto const given = keys::base64_decode(trim_ows(element.substr(eq + 1)));
        if (!given)
            return error::digest_malformed;
        if (!keys::constant_time_equal(*given, *expected))
            return error::digest_mismatch;
        checked = true;
    }
    // Accepting a header that offers only unknown algorithms would mean an unchecked body.
    if (!checked)
        return error::digest_malformed;
    return {};
}

std::string make_content_digest(std::string_view body)
{
    return "sha-256=:" + keys::base64_encode(keys::sha256(body)) + ":";
}

boost::system::result<void> verify_content_digest(std::string_view value, std::string_view body)
{
    auto const dict = sf::parse_dictionary(value);
    if (!dict)
        return error::digest_malformed;
    bool checked = false;
    for (const auto& member : *dict)
    {
        auto const expected = digest_for(member.key, body);
        if (!expected)
            continue; // RFC 9530 section 2: unknown algorithms are ignored
        if (member.is_inner_list || member.value.value.type != sf::item_type::byte_sequence)
            return error::digest_malformed;
        if (!keys::constant_time_equal(member.value.value.text, *expected))
            return error::digest_mismatch;
        checked = true;
    }
    if (!checked)
        return error::digest_malformed;
    return {};
}

} // namespace fedblog::protocol
