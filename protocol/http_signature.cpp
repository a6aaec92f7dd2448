// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP signatures, draft-cavage half (as the fediverse speaks it), plus the scheme dispatch
// and the key-dependent final step shared with RFC 9421.
#include "protocol/http_signature.hpp"

#include "keys/encoding.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/error.hpp"
#include "protocol/signature_common.hpp"

#include <algorithm>

namespace fedblog::protocol {

namespace {

using detail::to_lower;

constexpr std::string_view request_target = "(request-target)";
constexpr std::string_view created_pseudo = "(created)";
constexpr std::string_view expires_pseudo = "(expires)";

bool is_tchar(char c) noexcept
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

/// The parameters of a Signature header, values as sent (quoted strings unescaped).
struct raw_params
{
    std::optional<std::string> key_id;
    std::optional<std::string> algorithm;
    std::optional<std::string> headers;
    std::optional<std::string> signature;
    std::optional<std::string> created;
    std::optional<std::string> expires;
};

/** Parses `auth-param *( OWS "," OWS auth-param )` with auth-param = token BWS "=" BWS
    ( token / quoted-string ) (RFC 9110 11.2 and 5.6), as draft-cavage-12 section 4.1 and
    Mastodon's SignatureParser do. Parameter names are matched without case (RFC 9110 11.2:
    auth-param names are case-insensitive), so a repeat in another case is a repeat too.
*/
boost::system::result<raw_params> parse_params(std::string_view in)
{
    if (in.size() > detail::max_signature_header_size)
        return error::signature_malformed;
    in = detail::trim_ows(in);
    // Old node-http-signature versions prefixed the value with the auth scheme. Dropping the
    // exact prefix is safe: what follows must still parse as parameters on its own.
    if (in.substr(0, 10) == "Signature " && detail::trim_ows(in.substr(10)).substr(0, 1) != "=")
        in = detail::trim_ows(in.substr(10));

    raw_params out;
    std::vector<std::string> seen;
    auto skip_ows = [&] {
        in = in.substr(std::min(in.size(), in.find_first_not_of(" \t")));
    };
    for (;;)
    {
        skip_ows();
        std::size_t n = 0;
        while (n < in.size() && is_tchar(in[n]))
            ++n;
        if (n == 0)
            return error::signature_malformed;
        std::string name = to_lower(in.substr(0, n));
        in.remove_prefix(n);
        skip_ows();
        if (in.empty() || in.front() != '=')
            return error::signature_malformed;
        in.remove_prefix(1);
        skip_ows();

        std::string value;
        if (!in.empty() && in.front() == '"')
        {
            in.remove_prefix(1);
            bool closed = false;
            // Runs of plain characters are copied whole: a signature is 344 of them.
            std::size_t run = 0;
            while (run < in.size())
            {
                auto c = static_cast<unsigned char>(in[run]);
                // qdtext / quoted-pair: HTAB, SP, VCHAR, obs-text; never NUL or other controls.
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                    return error::signature_malformed;
                if (c != '"' && c != '\\')
                {
                    ++run;
                    continue;
                }
                value.append(in.data(), run);
                in.remove_prefix(run + 1);
                run = 0;
                if (c == '"')
                {
                    closed = true;
                    break;
                }
                if (in.empty())
                    return error::signature_malformed;
                c = static_cast<unsigned char>(in.front());
                if ((c < 0x20 && c != '\t') || c == 0x7F)
                    return error::signature_malformed;
                value += static_cast<char>(c);
                in.remove_prefix(1);
            }
            if (!closed)
                return error::signature_malformed;
        }
        else
        {
            std::size_t m = 0;
            while (m < in.size() && is_tchar(in[m]))
                ++m;
            if (m == 0)
                return error::signature_malformed;
            value = std::string(in.substr(0, m));
            in.remove_prefix(m);
        }

        if (std::find(seen.begin(), seen.end(), name) != seen.end())
            return error::signature_malformed; // which of two values would the signer mean?
        seen.push_back(name);
        if (name == "keyid")
            out.key_id = std::move(value);
        else if (name == "algorithm")
            out.algorithm = std::move(value);
        else if (name == "headers")
            out.headers = std::move(value);
        else if (name == "signature")
            out.signature = std::move(value);
        else if (name == "created")
            out.created = std::move(value);
        else if (name == "expires")
            out.expires = std::move(value);
        // Other parameters are ignored, as draft-cavage-12 section 2.1 asks.

        skip_ows();
        if (in.empty())
            return out;
        if (in.front() != ',')
            return error::signature_malformed;
        in.remove_prefix(1);
    }
}

/// A Unix time of at most 15 digits (so it cannot overflow), with an optional fraction that
/// is dropped (draft-cavage-12 section 2.1.5 allows one in `expires`).
std::optional<std::int64_t> parse_unix_time(std::string_view text, bool allow_fraction)
{
    auto const dot         = text.find('.');
    std::string_view whole = text.substr(0, dot);
    if (dot != std::string_view::npos)
    {
        std::string_view const fraction = text.substr(dot + 1);
        if (!allow_fraction || fraction.empty() ||
            fraction.find_first_not_of("0123456789") != std::string_view::npos)
            return std::nullopt;
    }
    if (whole.empty() || whole.size() > 15 ||
        whole.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    std::int64_t v = 0;
    for (char c : whole)
        v = v * 10 + (c - '0');
    return v;
}

struct parsed_signature
{
    cavage_signature sig;
    raw_params raw;
};

boost::system::result<parsed_signature> parse_signature(std::string_view value)
{
    auto raw = parse_params(value);
    if (!raw)
        return raw.error();
    parsed_signature out;
    out.raw             = std::move(*raw);
    const raw_params& p = out.raw;

    if (!p.key_id || p.key_id->empty() || !p.signature || p.signature->empty())
        return error::signature_malformed;
    out.sig.key_id = *p.key_id;
    auto decoded   = keys::base64_decode(*p.signature);
    if (!decoded)
        return error::signature_malformed;
    out.sig.signature = std::move(*decoded);
    out.sig.algorithm = p.algorithm ? to_lower(*p.algorithm) : std::string();

    if (p.headers)
    {
        std::string_view list = *p.headers;
        while (!list.empty())
        {
            auto const start = list.find_first_not_of(" \t");
            if (start == std::string_view::npos)
                break;
            list.remove_prefix(start);
            auto const end = std::min(list.size(), list.find_first_of(" \t"));
            // Repeats are kept, as Mastodon does: both sides then sign the same line twice,
            // which gains an attacker nothing; the count cap bounds the cost.
            out.sig.headers.push_back(to_lower(list.substr(0, end)));
            list.remove_prefix(end);
            if (out.sig.headers.size() > detail::max_covered_components)
                return error::signature_malformed;
        }
        // An explicit empty list signs nothing at all; no default can be meant.
        if (out.sig.headers.empty())
            return error::signature_malformed;
    }
    else
    {
        // draft-cavage-12 section 2.1.6 and Mastodon's signed_headers.
        bool const hs2019 = out.sig.algorithm.empty() || out.sig.algorithm == "hs2019";
        out.sig.headers.emplace_back(hs2019 ? created_pseudo : "date");
    }

    if (p.created)
    {
        out.sig.created = parse_unix_time(*p.created, false);
        if (!out.sig.created)
            return error::signature_malformed;
    }
    if (p.expires)
    {
        out.sig.expires = parse_unix_time(*p.expires, true);
        if (!out.sig.expires)
            return error::signature_malformed;
    }
    return out;
}

bool is_hs2019(const cavage_signature& sig) noexcept
{
    return sig.algorithm.empty() || sig.algorithm == "hs2019";
}

bool covers(const cavage_signature& sig, std::string_view name) noexcept
{
    return std::find(sig.headers.begin(), sig.headers.end(), name) != sig.headers.end();
}

/** Builds the signing string (draft-cavage-12 section 2.3) from the headers as received, in
    the signer's order. `include_query` false drops the query from (request-target), for
    signers that signed only the path (INTEROP.md A6).
*/
boost::system::result<std::string> build_signing_string(const request_view& request,
                                                        const parsed_signature& parsed,
                                                        bool include_query)
{
    const cavage_signature& sig = parsed.sig;
    std::string out;
    for (std::size_t i = 0; i < sig.headers.size(); ++i)
    {
        const std::string& name = sig.headers[i];
        if (i > 0)
            out += '\n';
        out += name;
        out += ": ";
        if (name == request_target)
        {
            std::string_view target = request.target;
            if (!include_query)
                target = target.substr(0, target.find('?'));
            out += to_lower(request.method);
            out += ' ';
            out += target;
        }
        else if (name == created_pseudo || name == expires_pseudo)
        {
            // draft-cavage-12 section 2.3: only hs2019 (and other non-rsa/hmac/ecdsa
            // algorithms) may sign these, and the parameter must be there to be signed.
            const auto& param = name == created_pseudo ? parsed.raw.created : parsed.raw.expires;
            if (!is_hs2019(sig) || !param)
                return error::signature_malformed;
            out += *param;
        }
        else
        {
            auto value = detail::signing_field_value(request.headers, name);
            if (!value)
                return error::signature_header_missing;
            out += *value;
        }
    }
    return out;
}

std::optional<keys::algorithm> cavage_algorithm(const cavage_signature& sig, bool& supported)
{
    supported = true;
    if (sig.algorithm == "rsa-sha256")
        return keys::algorithm::rsa_v1_5_sha256;
    // hs2019 (named or by default) leaves the algorithm to the key: finish_verification().
    if (is_hs2019(sig))
        return std::nullopt;
    // Everything else (rsa-sha1, hmac-*, ecdsa-*) is refused, as Mastodon does (INTEROP.md A2).
    supported = false;
    return std::nullopt;
}

bool valid_key_id(std::string_view key_id) noexcept
{
    if (key_id.empty())
        return false;
    for (char c : key_id)
    {
        auto const u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || u < 0x20 || u == 0x7F)
            return false;
    }
    return true;
}

} // namespace

boost::system::result<cavage_signature> parse_cavage_signature(std::string_view value)
{
    auto parsed = parse_signature(value);
    if (!parsed)
        return parsed.error();
    return std::move(parsed->sig);
}

namespace detail {

boost::system::result<pending_verification> prepare_cavage(const request_view& request,
                                                           const verify_options& options)
{
    auto const header = signing_field_value(request.headers, "Signature");
    if (!header)
        return error::signature_missing;
    auto parsed = parse_signature(*header);
    if (!parsed)
        return parsed.error();
    const cavage_signature& sig = parsed->sig;

    bool supported = true;
    auto const alg = cavage_algorithm(sig, supported);
    if (!supported)
        return error::signature_unsupported_algorithm;

    // Strength of the covered set, Mastodon's verify_signature_strength! (INTEROP.md A3).
    if (!covers(sig, "date") && !covers(sig, created_pseudo))
        return error::signature_headers_insufficient;
    if (!covers(sig, request_target) && !covers(sig, "digest"))
        return error::signature_headers_insufficient;
    if (method_is(request.method, "GET") && !covers(sig, "host"))
        return error::signature_headers_insufficient;
    if (body_digest_required(request, options) && !covers(sig, "digest"))
        return error::signature_headers_insufficient;

    for (const auto& name : sig.headers)
    {
        if (name == request_target || name == created_pseudo || name == expires_pseudo)
        {
            if (name != request_target &&
                (!is_hs2019(sig) ||
                 (name == created_pseudo ? !parsed->raw.created : !parsed->raw.expires)))
                return error::signature_malformed;
            continue;
        }
        if (request.headers == nullptr || !request.headers->contains(name))
            return name == "digest" ? error::digest_missing : error::signature_header_missing;
    }

    // Only signed times count: (created) when covered, else the covered Date header. An
    // unsigned created/expires parameter could be rewritten by anyone on the path.
    sys_seconds created{};
    if (covers(sig, created_pseudo))
    {
        created = sys_seconds{std::chrono::seconds{*sig.created}};
    }
    else
    {
        auto const date = parse_http_date(*signing_field_value(request.headers, "date"));
        if (!date)
            return error::bad_date;
        created = *date;
    }
    std::optional<sys_seconds> expires;
    if (covers(sig, expires_pseudo))
        expires = sys_seconds{std::chrono::seconds{*sig.expires}};
    if (auto window = check_time_window(created, expires, options); !window)
        return window.error();

    if (covers(sig, "digest"))
    {
        if (auto digest =
                verify_digest_header(*signing_field_value(request.headers, "digest"), options.body);
            !digest)
            return digest.error();
    }

    pending_verification out;
    out.scheme    = signature_scheme::cavage;
    out.algorithm = alg;
    auto exact    = build_signing_string(request, *parsed, true);
    if (!exact)
        return exact.error();
    out.signing_strings.push_back(std::move(*exact));
    if (covers(sig, request_target) && request.target.find('?') != std::string_view::npos)
    {
        // Older Mastodon signed (request-target) without the query (INTEROP.md A6). Trying
        // that too leaves only the query unsigned: method, path and every other covered header
        // still have to match. An inbox POST gives the query no meaning; on a signed GET a
        // replayed signature could at most ask for another page of what its signer may see.
        // Mastodon accepts the same.
        auto path_only = build_signing_string(request, *parsed, false);
        if (!path_only)
            return path_only.error();
        out.signing_strings.push_back(std::move(*path_only));
    }
    out.key_id    = std::move(parsed->sig.key_id);
    out.signature = std::move(parsed->sig.signature);
    out.covered   = std::move(parsed->sig.headers);
    return out;
}

} // namespace detail

boost::system::result<pending_verification> prepare_verification(const request_view& request,
                                                                 const verify_options& options)
{
    if (request.headers != nullptr && request.headers->contains("Signature-Input"))
        return detail::prepare_rfc9421(request, options);
    return detail::prepare_cavage(request, options);
}

bool finish_verification(const pending_verification& pending, const keys::public_key& key) noexcept
{
    if (!key)
        return false;
    // hs2019, and RFC 9421 without alg: the key decides. Every fediverse signer means RSA
    // PKCS#1 v1.5 with SHA-256 for an RSA key (INTEROP.md A2), and Ed25519 has one algorithm.
    keys::algorithm const alg = pending.algorithm.value_or(key.type() == keys::key_type::ed25519
                                                               ? keys::algorithm::ed25519
                                                               : keys::algorithm::rsa_v1_5_sha256);
    for (const auto& candidate : pending.signing_strings)
        if (keys::verify(key, alg, candidate, pending.signature))
            return true;
    return false;
}

boost::system::result<std::string> sign_cavage(const keys::private_key& key,
                                               std::string_view key_id, std::string_view method,
                                               std::string_view target, const header_list& headers,
                                               const std::vector<std::string>& covered,
                                               std::optional<sys_seconds> created)
{
    if (!valid_key_id(key_id) || covered.empty() || covered.size() > detail::max_covered_components)
        return error::signature_malformed;
    for (const auto& name : covered)
    {
        bool const pseudo_ok = name == request_target || (name == created_pseudo && created);
        bool const header_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
            return is_tchar(c) && !(c >= 'A' && c <= 'Z');
        });
        if (!pseudo_ok && !header_ok)
            return error::signature_malformed;
    }

    parsed_signature parsed;
    parsed.sig.headers = covered;
    // (created) needs hs2019 (draft-cavage-12 section 2.3); otherwise name the real algorithm
    // for RSA, which every verifier understands, and hs2019 for Ed25519, which has no name of
    // its own in the draft.
    bool const ed25519   = key.type() == keys::key_type::ed25519;
    parsed.sig.algorithm = created || ed25519 ? "hs2019" : "rsa-sha256";
    if (created)
        parsed.raw.created = std::to_string(created->time_since_epoch().count());

    request_view const request{method, target, "https", {}, &headers};
    auto text = build_signing_string(request, parsed, true);
    if (!text)
        return text.error();
    auto signature = keys::sign(
        key, ed25519 ? keys::algorithm::ed25519 : keys::algorithm::rsa_v1_5_sha256, *text);
    if (!signature)
        return signature.error();

    std::string header_list_text;
    for (const auto& name : covered)
    {
        if (!header_list_text.empty())
            header_list_text += ' ';
        header_list_text += name;
    }
    std::string out = "keyId=\"";
    out += key_id;
    out += "\",algorithm=\"";
    out += parsed.sig.algorithm;
    out += '"';
    if (created)
    {
        out += ",created=";
        out += *parsed.raw.created;
    }
    out += ",headers=\"";
    out += header_list_text;
    out += "\",signature=\"";
    out += keys::base64_encode(*signature);
    out += '"';
    return out;
}

boost::system::result<std::string> cavage_signing_string(const request_view& request,
                                                         std::string_view signature_header,
                                                         bool include_query)
{
    auto parsed = parse_signature(signature_header);
    if (!parsed)
        return parsed.error();
    return build_signing_string(request, *parsed, include_query);
}

} // namespace fedblog::protocol
