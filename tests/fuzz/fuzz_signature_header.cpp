// SPDX-License-Identifier: AGPL-3.0-or-later
// libFuzzer target: arbitrary bytes as HTTP signature headers (draft-cavage Signature, RFC 9421
// Signature-Input/Signature), and as the Date, Digest and Content-Digest values they rely on.
// Besides "no crash, no sanitizer report", it checks the parsers' own promises.
#include "keys/key_pair.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/http_date.hpp"
#include "protocol/http_signature.hpp"
#include "protocol/structured_field.hpp"
#include "tests/support/published_keys.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace fedblog;
using namespace std::chrono_literals;

// 2026-11-25T18:14:24Z: a fixed clock keeps runs reproducible.
protocol::sys_seconds const now{1795630464s};

std::string const body = R"({"type":"Follow"})";

const keys::public_key& verification_key()
{
    static keys::public_key const key =
        keys::public_key_from_pem(test_keys::rfc9421_ed25519_public_pem).value();
    return key;
}

void require(bool condition)
{
    if (!condition)
        std::abort(); // libFuzzer reports the input that broke a promise
}

/// Splits at '\n' into at most `n` parts (the last keeps the rest).
std::vector<std::string_view> split(std::string_view in, std::size_t n)
{
    std::vector<std::string_view> parts;
    while (parts.size() + 1 < n)
    {
        auto const nl = in.find('\n');
        if (nl == std::string_view::npos)
            break;
        parts.push_back(in.substr(0, nl));
        in.remove_prefix(nl + 1);
    }
    parts.push_back(in);
    return parts;
}

void run_prepare(const protocol::header_list& headers, std::string_view method,
                 std::string_view target)
{
    protocol::request_view const request{method, target, "https", "blog.example:8443", &headers};
    protocol::verify_options options;
    options.now  = now;
    options.body = body;
    auto pending = protocol::prepare_verification(request, options);
    if (!pending)
        return;
    require(!pending->key_id.empty());
    require(!pending->signing_strings.empty());
    require(!pending->signature.empty());
    (void)protocol::finish_verification(*pending, verification_key());
}

/// Serializing what we parsed and parsing it again must give the same serialization.
void check_structured_field_round_trip(std::string_view in)
{
    auto dict = protocol::sf::parse_dictionary(in);
    if (!dict)
        return;
    for (const auto& member : *dict)
    {
        if (!member.is_inner_list)
            continue;
        std::string const once = protocol::sf::serialize(member.list);
        auto again             = protocol::sf::parse_dictionary(member.key + "=" + once);
        require(again.has_value() && again->size() == 1 && (*again)[0].is_inner_list);
        require(protocol::sf::serialize((*again)[0].list) == once);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::string_view const input(reinterpret_cast<const char*>(data), size);

    // The parsers on their own.
    if (auto sig = protocol::parse_cavage_signature(input))
    {
        require(!sig->key_id.empty() && !sig->signature.empty() && !sig->headers.empty());
        require(sig->headers.size() <= 64);
    }
    if (auto t = protocol::parse_http_date(input))
        require(protocol::parse_http_date(protocol::format_http_date(*t)) == t);
    (void)protocol::parse_rfc3339(input);
    (void)protocol::verify_digest_header(input, body);
    (void)protocol::verify_content_digest(input, body);
    check_structured_field_round_trip(input);

    auto const parts = split(input, 4);
    auto part        = [&](std::size_t i, std::string_view fallback) {
        return std::string(i < parts.size() ? parts[i] : fallback);
    };

    // draft-cavage: the first part is the Signature header of an otherwise well-formed
    // Mastodon-shaped delivery; the next parts, when present, replace Date and Digest.
    {
        protocol::header_list headers;
        headers.add("Host", "blog.example");
        headers.add("Date", part(1, protocol::format_http_date(now)));
        headers.add("Digest", part(2, protocol::make_digest_header(body)));
        headers.add("Content-Type", "application/activity+json");
        headers.add("Signature", part(0, {}));
        run_prepare(headers, "POST", "/users/alice/inbox?x=1");
        run_prepare(headers, "GET", "/users/alice");
    }

    // RFC 9421: Signature-Input, Signature, then Date and Content-Digest.
    {
        protocol::header_list headers;
        headers.add("Host", "blog.example");
        headers.add("Date", part(2, protocol::format_http_date(now)));
        headers.add("Content-Digest", part(3, protocol::make_content_digest(body)));
        headers.add("Signature-Input", part(0, {}));
        headers.add("Signature", part(1, {}));
        run_prepare(headers, "POST", "/users/alice/inbox?x=1");
        (void)protocol::rfc9421_signature_base(
            protocol::request_view{"POST", "/inbox", "https", {}, &headers}, "sig1");
    }
    return 0;
}
