// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP signatures: draft-cavage-12 (as the fediverse uses it) and RFC 9421. Pure functions over
// a request view; fetching the key is the caller's job, between prepare and finish. Every
// function here is safe to call from several threads at once (no shared state).
#pragma once

#include "keys/key_pair.hpp"
#include "keys/signature.hpp"
#include "protocol/http_date.hpp"
#include "protocol/http_message_view.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::protocol {

/// A parsed draft-cavage `Signature` header.
struct cavage_signature
{
    std::string key_id;
    std::string algorithm;               ///< lowercase as sent; "" when absent (means hs2019)
    std::vector<std::string> headers;    ///< lowercase, in the signer's order (defaulted if absent)
    std::string signature;               ///< raw bytes (base64-decoded)
    std::optional<std::int64_t> created; ///< `created=`, Unix seconds
    std::optional<std::int64_t> expires; ///< `expires=`, Unix seconds (a fraction is dropped)
};

/** Parses a draft-cavage `Signature` header value.

    Parameters may be tokens or quoted strings, in any order, separated by ',' with optional
    whitespace; a stray leading "Signature " is tolerated (Mastodon `SignatureParser`).
    Parameter names are matched without case; unknown parameters are ignored. When `headers`
    is absent it defaults to "date" for rsa-sha256 and "(created)" for hs2019 (or no
    algorithm). Nothing is judged here beyond syntax: an unknown algorithm parses.

    @return the fields, or error::signature_malformed when keyId or signature is missing or
    empty, signature is not base64, a parameter repeats (in any case), `headers` is present but
    empty or lists more than 64 names, created/expires are not Unix times, the value exceeds
    8 KiB, or the syntax is broken (unterminated quotes, control characters, stray commas).

    @par Specification
    draft-cavage-http-signatures-12 section 2.1; INTEROP.md A2.
*/
[[nodiscard]] boost::system::result<cavage_signature>
parse_cavage_signature(std::string_view value);

enum class signature_scheme
{
    cavage,
    rfc9421,
};

/// Everything checked before the key is known, and what finish_verification() needs.
struct pending_verification
{
    signature_scheme scheme = signature_scheme::cavage;
    std::string key_id; ///< as sent, fragment included
    /// The algorithm the signer named; std::nullopt for hs2019 or an RFC 9421 signature
    /// without `alg`, where it follows from the key type.
    std::optional<keys::algorithm> algorithm;
    /** Candidate signing strings, tried in order. Cavage: the exact one, then, when the target
        has a query, the one whose (request-target) omits it, for older signers (INTEROP.md
        A6). RFC 9421: one signature base per plausible authority when @authority or
        @target-uri is covered: the Host header's, then request_view::authority if it differs
        (Mastodon sends Host without the port its @target-uri has, INTEROP.md A14).
    */
    std::vector<std::string> signing_strings;
    std::string signature;            ///< raw bytes
    std::vector<std::string> covered; ///< lowercase component names, for logs
};

/// Policy for prepare_verification.
struct verify_options
{
    sys_seconds now{};
    /** The clock-skew allowance: a signature dated further in the future than this is
        refused, and a signed `expires` is honoured only this long after it passed (Mastodon's
        CLOCK_SKEW_MARGIN of 1 h, INTEROP.md A4).
    */
    std::chrono::seconds max_future{std::chrono::hours{1}};
    /** A signature older than this is refused. Mastodon accepts Date up to created + 5 min +
        1 h (INTEROP.md A4); we match it so that queued retries from Mastodon still verify.
    */
    std::chrono::seconds max_age{std::chrono::minutes{65}};
    /// The raw body; checked against Digest / Content-Digest.
    std::string_view body{};
};

/** Checks the request's signature headers without the key.

    Chooses RFC 9421 when `Signature-Input` is present, else draft-cavage `Signature`. Checks
    that the covered components are strong enough (date or (created); (request-target) or
    digest; host on GET; digest on POST — for RFC 9421: keyid, created, @method, @target-uri
    or @path+@authority, and content-digest on POST), that each covered header exists, that
    the time is inside the window, and that the covered body digest matches `body`. A POST,
    and any request with a non-empty body, must cover a digest.

    Draft-cavage: only rsa-sha256 and hs2019 (named or by default) are accepted; (created) and
    (expires) only with hs2019. The signing string uses the headers as received, in the
    signer's order (INTEROP.md A3, A6).

    RFC 9421: components are the derived @method, @target-uri, @authority, @scheme, @path,
    @query and @request-target, and lowercase field names; component parameters (`;sf`,
    `;key`, ...) and @query-param are not supported. Known signature parameters must have
    their registered types; `alg` may be rsa-v1_5-sha256, rsa-v1_5-sha512, rsa-pss-sha512 or
    ed25519. The first label that passes every check is chosen (RFC 9421 section 3.2 leaves
    the choice to the verifier); when none does, the first label's error is returned.

    Time window: the signed creation time (the `created` parameter when (created) is covered
    or for RFC 9421, else the covered Date header) must satisfy
    now - max_age <= created <= now + max_future, and a signed expiry must not have passed by
    more than max_future. Unsigned created/expires parameters are ignored.

    `request.target` must be in origin-form; `request.headers` must not be null for a signed
    request (null reads as unsigned).

    @return the pending verification, or: error::signature_missing (no signature headers);
    signature_malformed (unparsable, missing keyId/keyid, Signature-Input without Signature,
    components we cannot compute, misuse of (created)/(expires)); signature_unsupported_algorithm;
    signature_headers_insufficient; signature_header_missing; bad_date; signature_expired;
    digest_missing, digest_malformed or digest_mismatch (a covered digest header).

    @par Specification
    draft-cavage-http-signatures-12 sections 2.1-2.3; RFC 9421 sections 2, 3.2, 4; INTEROP.md A.
*/
[[nodiscard]] boost::system::result<pending_verification>
prepare_verification(const request_view& request, const verify_options& options);

/** Verifies the prepared signature with `key`.

    For hs2019 (and RFC 9421 without `alg`) the algorithm follows the key: RSA verifies as
    RSASSA-PKCS1-v1_5 SHA-256 (what every fediverse signer means by hs2019), Ed25519 as
    Ed25519. An RFC 9421 signature made with RSA-PSS must therefore name `alg`.
    @return true when one candidate signing string verifies; false otherwise, or for an empty
    key or a key that does not fit the named algorithm.

    @par Specification
    draft-cavage-http-signatures-12 section 2.5; RFC 9421 section 3.2 steps 6-8.
*/
[[nodiscard]] bool finish_verification(const pending_verification& pending,
                                       const keys::public_key& key) noexcept;

/** Builds the draft-cavage `Signature` header value for a request.

    `covered` lists lowercase component names in order; "(request-target)" is
    "<lowercase method> <target>", other names are looked up in `headers` (all must exist).
    The algorithm parameter is "rsa-sha256" for RSA keys and "hs2019" for Ed25519.

    When `created` is given, a `created=` parameter is added, "(created)" may be covered, and
    the algorithm parameter is "hs2019" whatever the key (draft-cavage-12 section 2.3 allows
    (created) only with hs2019; verifiers then derive the algorithm from the key).

    @return the header value `keyId="...",algorithm="...",headers="...",signature="..."`
    (`created=N,` before `headers` when given); error::signature_header_missing when a covered
    header is absent; error::signature_malformed when `covered` is empty, names something we
    cannot sign ("(expires)", "(created)" without `created`, a non-lowercase name) or `key_id`
    holds a double quote, a backslash or control characters; keys::error::* when signing fails.

    @par Specification
    draft-cavage-http-signatures-12 sections 2.1 and 2.3; INTEROP.md B12-B13.
*/
[[nodiscard]] boost::system::result<std::string>
sign_cavage(const keys::private_key& key, std::string_view key_id, std::string_view method,
            std::string_view target, const header_list& headers,
            const std::vector<std::string>& covered,
            std::optional<sys_seconds> created = std::nullopt);

/** The draft-cavage signing string for a request and a `Signature` header value, exactly as
    prepare_verification() builds its first candidate (or, with `include_query` false, its
    second). No policy is applied: for diagnostics and for checking published test vectors.

    @return the signing string; error::signature_malformed when the header does not parse or
    (created)/(expires) is misused; error::signature_header_missing when a covered header is
    absent.

    @par Specification
    draft-cavage-http-signatures-12 section 2.3.
*/
[[nodiscard]] boost::system::result<std::string>
cavage_signing_string(const request_view& request, std::string_view signature_header,
                      bool include_query = true);

/// The two headers of an RFC 9421 signature.
struct rfc9421_headers
{
    std::string signature_input; ///< `sig1=("@method" ...);created=...;keyid="..."`
    std::string signature;       ///< `sig1=:<base64>:`
};

/// Optional parts of an RFC 9421 signature (see sign_rfc9421).
struct rfc9421_sign_options
{
    std::string label = "sig1"; ///< dictionary key; must be an RFC 8941 key
    /// Emit `alg`. On by default so that verifiers never have to guess between PKCS#1 v1.5 and
    /// PSS for an RSA key; the RFC's own examples omit it, hence the switch.
    bool include_alg = true;
    std::optional<sys_seconds> expires;
    std::optional<std::string> nonce;
    std::optional<std::string> tag;
};

/** Signs a request per RFC 9421. `components` are lowercase component identifiers
    ("@method", "@target-uri", "@authority", "@scheme", "@path", "@query", "@request-target",
    or header names). @target-uri is built from request.scheme, the Host header (or
    request.authority) and request.target. Parameters are written in the order created, keyid,
    alg, expires, nonce, tag (the order of the RFC's examples).

    @return both header values; error::signature_header_missing when a covered header (or,
    for @authority/@target-uri, any authority) is absent; error::signature_malformed for an
    unsupported or repeated component, a bad label, or keyid/nonce/tag that are not printable
    ASCII; keys::error::* when signing fails (e.g. unsupported_key for an algorithm that does
    not fit the key).

    @par Specification
    RFC 9421 sections 2.2, 2.3, 2.5, 3.1 and 4.
*/
[[nodiscard]] boost::system::result<rfc9421_headers>
sign_rfc9421(const keys::private_key& key, keys::algorithm alg, std::string_view key_id,
             const request_view& request, const std::vector<std::string>& components,
             sys_seconds created);

/// sign_rfc9421 with explicit options (label, alg emission, expires, nonce, tag).
[[nodiscard]] boost::system::result<rfc9421_headers>
sign_rfc9421(const keys::private_key& key, keys::algorithm alg, std::string_view key_id,
             const request_view& request, const std::vector<std::string>& components,
             sys_seconds created, const rfc9421_sign_options& options);

/** The RFC 9421 signature base of the Signature-Input member `label` of `request`, built the
    way prepare_verification() builds it (first authority candidate), without any policy check.
    For diagnostics and for checking published test vectors.

    @return the signature base; error::signature_malformed when Signature-Input does not parse,
    has no such label, or uses a component we do not support; error::signature_header_missing
    when a covered header is absent.

    @par Specification
    RFC 9421 section 2.5.
*/
[[nodiscard]] boost::system::result<std::string> rfc9421_signature_base(const request_view& request,
                                                                        std::string_view label);

} // namespace fedblog::protocol
