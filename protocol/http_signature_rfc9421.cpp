// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP signatures, RFC 9421 half: Signature-Input/Signature parsing, the signature base,
// label selection and signing.
#include "keys/encoding.hpp"
#include "protocol/digest_header.hpp"
#include "protocol/error.hpp"
#include "protocol/http_signature.hpp"
#include "protocol/signature_common.hpp"
#include "protocol/structured_field.hpp"

#include <algorithm>
#include <array>

namespace fedblog::protocol {

namespace {

using detail::to_lower;

/// The derived components (RFC 9421 section 2.2) we can compute for a request.
constexpr std::array<std::string_view, 7> derived_components = {
    "@method", "@target-uri", "@authority", "@scheme", "@request-target", "@path", "@query"};

bool is_derived(std::string_view name) noexcept
{
    return std::find(derived_components.begin(), derived_components.end(), name) !=
           derived_components.end();
}

/** A field name usable as a component identifier: a token in lowercase (RFC 9421 section 2.1
    requires the lowercased name; an uppercase one can only come from a broken signer).
*/
bool is_field_name(std::string_view name) noexcept
{
    if (name.empty())
        return false;
    for (char c : name)
    {
        bool const ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                        std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
        if (!ok)
            return false;
    }
    return true;
}

std::string_view algorithm_name(keys::algorithm alg) noexcept
{
    switch (alg)
    {
    case keys::algorithm::rsa_v1_5_sha256:
        return "rsa-v1_5-sha256";
    case keys::algorithm::rsa_v1_5_sha512:
        return "rsa-v1_5-sha512";
    case keys::algorithm::rsa_pss_sha512:
        return "rsa-pss-sha512";
    case keys::algorithm::ed25519:
        return "ed25519";
    }
    return {};
}

/** RFC 9421 section 6.2 names, plus "rsa-v1_5-sha512", which is not registered but which
    Fedify accepts and some signers send; it is as strong as rsa-v1_5-sha256.
*/
std::optional<keys::algorithm> algorithm_from_name(std::string_view name) noexcept
{
    for (auto alg : {keys::algorithm::rsa_v1_5_sha256, keys::algorithm::rsa_v1_5_sha512,
                     keys::algorithm::rsa_pss_sha512, keys::algorithm::ed25519})
        if (algorithm_name(alg) == name)
            return alg;
    return std::nullopt;
}

/** host[:port] normalised per RFC 9421 section 2.2.3 (RFC 9110 4.2.3): lowercase, default
    port for the scheme removed, an empty port removed.
*/
std::string normalize_authority(std::string_view authority, std::string_view scheme)
{
    std::string out    = to_lower(detail::trim_ows(authority));
    auto const colon   = out.rfind(':');
    auto const bracket = out.rfind(']');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket))
    {
        std::string_view const port = std::string_view(out).substr(colon + 1);
        bool const is_default       = port.empty() || (scheme == "https" && port == "443") ||
                                (scheme == "http" && port == "80");
        if (is_default)
            out.erase(colon);
    }
    return out;
}

/** The authorities a signer may have meant: the Host header as received, then the authority
    the node says it was addressed as. Trying both is safe: either one names this server (the
    request reached us under it), and a signature still has to cover it. It is needed because
    Mastodon sends Host without the port (INTEROP.md A14) while its @target-uri has one.
*/
std::vector<std::string> authority_candidates(const request_view& request)
{
    std::string const scheme = to_lower(request.scheme);
    std::vector<std::string> out;
    if (auto host = detail::signing_field_value(request.headers, "host"); host && !host->empty())
        out.push_back(normalize_authority(*host, scheme));
    if (!request.authority.empty())
    {
        std::string a = normalize_authority(request.authority, scheme);
        if (std::find(out.begin(), out.end(), a) == out.end())
            out.push_back(std::move(a));
    }
    return out;
}

/// One component's value (RFC 9421 sections 2.1 and 2.2); std::nullopt when a field is absent.
std::optional<std::string> component_value(const request_view& request, std::string_view name,
                                           std::string_view authority)
{
    std::string_view const target = request.target;
    auto const q                  = target.find('?');
    if (name == "@method")
        return std::string(request.method); // case-sensitive, not normalised (2.2.1)
    if (name == "@target-uri")
        return to_lower(request.scheme) + "://" + std::string(authority) + std::string(target);
    if (name == "@authority")
        return std::string(authority);
    if (name == "@scheme")
        return to_lower(request.scheme);
    if (name == "@request-target")
        return std::string(target);
    if (name == "@path")
    {
        std::string_view const path = target.substr(0, q);
        return path.empty() ? std::string("/") : std::string(path);
    }
    if (name == "@query")
        return q == std::string_view::npos ? std::string("?") : std::string(target.substr(q));
    return detail::signing_field_value(request.headers, name);
}

/// RFC 9421 section 2.5: one line per component, then the @signature-params line.
boost::system::result<std::string>
signature_base(const request_view& request, const sf::inner_list& list, std::string_view authority)
{
    std::string out;
    for (const auto& component : list.items)
    {
        const std::string& name = component.value.text;
        auto value              = component_value(request, name, authority);
        if (!value)
            return error::signature_header_missing;
        out += '"';
        out += name;
        out += "\": ";
        out += *value;
        out += '\n';
    }
    out += "\"@signature-params\": ";
    out += sf::serialize(list);
    return out;
}

bool needs_authority(const sf::inner_list& list) noexcept
{
    return std::any_of(list.items.begin(), list.items.end(), [](const sf::item& c) {
        return c.value.text == "@authority" || c.value.text == "@target-uri";
    });
}

/** Checks that every component is one we can compute, exactly once. Component parameters
    (sf, key, bs, req, tr, name) change what is signed; we implement none of them, so such a
    signature is one we cannot check.
*/
boost::system::result<void> check_components(const sf::inner_list& list)
{
    if (list.items.size() > detail::max_covered_components)
        return error::signature_malformed;
    for (std::size_t i = 0; i < list.items.size(); ++i)
    {
        const sf::item& c = list.items[i];
        if (c.value.type != sf::item_type::string || !c.params.empty())
            return error::signature_malformed;
        const std::string& name = c.value.text;
        if (!(is_derived(name) || is_field_name(name)))
            return error::signature_malformed;
        for (std::size_t j = 0; j < i; ++j)
            if (list.items[j].value.text == name)
                return error::signature_malformed; // section 2.5: MUST NOT repeat
    }
    return {};
}

struct signature_params
{
    std::optional<std::string> key_id;
    std::optional<std::int64_t> created;
    std::optional<std::int64_t> expires;
    std::optional<keys::algorithm> alg;
};

/// Reads the section 2.3 parameters we use, checking the types of all known ones.
boost::system::result<signature_params> read_params(const sf::parameters& params)
{
    signature_params out;
    for (const auto& [name, value] : params)
    {
        bool const is_string = value.type == sf::item_type::string;
        bool const is_int    = value.type == sf::item_type::integer;
        if (name == "keyid")
        {
            if (!is_string)
                return error::signature_malformed;
            out.key_id = value.text;
        }
        else if (name == "created" || name == "expires")
        {
            if (!is_int)
                return error::signature_malformed;
            (name == "created" ? out.created : out.expires) = value.integer;
        }
        else if (name == "alg")
        {
            if (!is_string)
                return error::signature_malformed;
            out.alg = algorithm_from_name(value.text);
            if (!out.alg)
                return error::signature_unsupported_algorithm;
        }
        else if (name == "nonce" || name == "tag")
        {
            if (!is_string)
                return error::signature_malformed;
        }
        // Unregistered parameters are signed (they are in @signature-params) but carry no
        // meaning for us.
    }
    return out;
}

bool covers(const sf::inner_list& list, std::string_view name) noexcept
{
    return std::any_of(list.items.begin(), list.items.end(),
                       [&](const sf::item& c) { return c.value.text == name; });
}

/// Every check of prepare_verification() for one label, short of the key.
boost::system::result<pending_verification> evaluate(const request_view& request,
                                                     const verify_options& options,
                                                     const sf::member& input,
                                                     const sf::dictionary& signatures)
{
    if (!input.is_inner_list)
        return error::signature_malformed;
    const sf::inner_list& list = input.list;
    auto const sig             = std::find_if(signatures.begin(), signatures.end(),
                                              [&](const sf::member& m) { return m.key == input.key; });
    if (sig == signatures.end() || sig->is_inner_list ||
        sig->value.value.type != sf::item_type::byte_sequence || sig->value.value.text.empty())
        return error::signature_malformed;
    if (auto ok = check_components(list); !ok)
        return ok.error();
    auto params = read_params(list.params);
    if (!params)
        return params.error();

    // Profile of INTEROP.md A8 and H (Mastodon and Fedify): keyid and created are required;
    // the request must be identified by method and full target (or authority plus path);
    // a body must be covered by Content-Digest.
    if (!params->key_id || params->key_id->empty())
        return error::signature_malformed;
    if (!params->created)
        return error::signature_headers_insufficient;
    if (!covers(list, "@method"))
        return error::signature_headers_insufficient;
    if (!covers(list, "@target-uri") && !(covers(list, "@authority") && covers(list, "@path")))
        return error::signature_headers_insufficient;
    if (detail::body_digest_required(request, options) && !covers(list, "content-digest"))
        return error::signature_headers_insufficient;

    for (const auto& c : list.items)
    {
        const std::string& name = c.value.text;
        if (name.front() == '@')
            continue;
        if (request.headers == nullptr || !request.headers->contains(name))
            return name == "content-digest" ? error::digest_missing
                                            : error::signature_header_missing;
    }

    std::optional<sys_seconds> expires;
    if (params->expires)
        expires = sys_seconds{std::chrono::seconds{*params->expires}};
    if (auto window = detail::check_time_window(sys_seconds{std::chrono::seconds{*params->created}},
                                                expires, options);
        !window)
        return window.error();

    if (covers(list, "content-digest"))
    {
        if (auto digest = verify_content_digest(
                *detail::signing_field_value(request.headers, "content-digest"), options.body);
            !digest)
            return digest.error();
    }

    pending_verification out;
    out.scheme    = signature_scheme::rfc9421;
    out.key_id    = *params->key_id;
    out.algorithm = params->alg;
    out.signature = sig->value.value.text;
    for (const auto& c : list.items)
        out.covered.push_back(c.value.text);

    std::vector<std::string> authorities{std::string()};
    if (needs_authority(list))
    {
        authorities = authority_candidates(request);
        if (authorities.empty())
            return error::signature_header_missing;
    }
    for (const auto& authority : authorities)
    {
        auto base = signature_base(request, list, authority);
        if (!base)
            return base.error();
        out.signing_strings.push_back(std::move(*base));
    }
    return out;
}

struct parsed_headers
{
    sf::dictionary inputs;
    sf::dictionary signatures;
};

boost::system::result<parsed_headers> parse_headers(const request_view& request)
{
    auto const input     = detail::signing_field_value(request.headers, "Signature-Input");
    auto const signature = detail::signing_field_value(request.headers, "Signature");
    if (!input)
        return error::signature_missing;
    // A Signature-Input without its Signature is a broken signature, not an unsigned request.
    if (!signature || input->size() > detail::max_signature_header_size ||
        signature->size() > detail::max_signature_header_size)
        return error::signature_malformed;
    auto inputs     = sf::parse_dictionary(*input);
    auto signatures = sf::parse_dictionary(*signature);
    if (!inputs || !signatures || inputs->empty())
        return error::signature_malformed;
    return parsed_headers{std::move(*inputs), std::move(*signatures)};
}

} // namespace

namespace detail {

boost::system::result<pending_verification> prepare_rfc9421(const request_view& request,
                                                            const verify_options& options)
{
    auto parsed = parse_headers(request);
    if (!parsed)
        return parsed.error();
    // RFC 9421 section 3.2 leaves the choice of signature to the verifier. We take the first
    // label that passes every check, so that an intermediary's extra signature (a CDN's, say)
    // in front of the sender's does not hide it; when none passes, the first label's error is
    // the most useful one to report.
    std::optional<boost::system::error_code> first_error;
    for (const auto& input : parsed->inputs)
    {
        auto result = evaluate(request, options, input, parsed->signatures);
        if (result)
            return result;
        if (!first_error)
            first_error = result.error();
    }
    return *first_error;
}

} // namespace detail

boost::system::result<std::string> rfc9421_signature_base(const request_view& request,
                                                          std::string_view label)
{
    auto parsed = parse_headers(request);
    if (!parsed)
        return parsed.error();
    auto const input = std::find_if(parsed->inputs.begin(), parsed->inputs.end(),
                                    [&](const sf::member& m) { return m.key == label; });
    if (input == parsed->inputs.end() || !input->is_inner_list)
        return error::signature_malformed;
    if (auto ok = check_components(input->list); !ok)
        return ok.error();
    std::string authority;
    if (needs_authority(input->list))
    {
        auto const candidates = authority_candidates(request);
        if (candidates.empty())
            return error::signature_header_missing;
        authority = candidates.front();
    }
    return signature_base(request, input->list, authority);
}

boost::system::result<rfc9421_headers> sign_rfc9421(const keys::private_key& key,
                                                    keys::algorithm alg, std::string_view key_id,
                                                    const request_view& request,
                                                    const std::vector<std::string>& components,
                                                    sys_seconds created)
{
    return sign_rfc9421(key, alg, key_id, request, components, created, rfc9421_sign_options{});
}

boost::system::result<rfc9421_headers>
sign_rfc9421(const keys::private_key& key, keys::algorithm alg, std::string_view key_id,
             const request_view& request, const std::vector<std::string>& components,
             sys_seconds created, const rfc9421_sign_options& options)
{
    if (!sf::is_key(options.label) || key_id.empty() || !sf::is_string_value(key_id) ||
        (options.nonce && !sf::is_string_value(*options.nonce)) ||
        (options.tag && !sf::is_string_value(*options.tag)))
        return error::signature_malformed;

    sf::inner_list list;
    for (const auto& name : components)
        list.items.push_back(sf::item{sf::make_string(name), {}});
    if (auto ok = check_components(list); !ok)
        return ok.error();
    list.params.emplace_back("created", sf::make_integer(created.time_since_epoch().count()));
    list.params.emplace_back("keyid", sf::make_string(std::string(key_id)));
    if (options.include_alg)
        list.params.emplace_back("alg", sf::make_string(std::string(algorithm_name(alg))));
    if (options.expires)
        list.params.emplace_back("expires",
                                 sf::make_integer(options.expires->time_since_epoch().count()));
    if (options.nonce)
        list.params.emplace_back("nonce", sf::make_string(*options.nonce));
    if (options.tag)
        list.params.emplace_back("tag", sf::make_string(*options.tag));

    std::string authority;
    if (needs_authority(list))
    {
        auto const candidates = authority_candidates(request);
        if (candidates.empty())
            return error::signature_header_missing;
        authority = candidates.front();
    }
    auto base = signature_base(request, list, authority);
    if (!base)
        return base.error();
    auto signature = keys::sign(key, alg, *base);
    if (!signature)
        return signature.error();

    rfc9421_headers out;
    out.signature_input = options.label + "=" + sf::serialize(list);
    out.signature       = options.label + "=:" + keys::base64_encode(*signature) + ":";
    return out;
}

} // namespace fedblog::protocol
