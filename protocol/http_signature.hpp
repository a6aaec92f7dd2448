// SPDX-License-Identifier: AGPL-3.0-or-later
// HTTP signatures: draft-cavage-12 (as the fediverse uses it) and RFC 9421. Pure functions over
// a request view; fetching the key is the caller's job, between prepare and finish.
#pragma once

#include "keys/key_pair.hpp"
#include "keys/signature.hpp"
#include "protocol/http_date.hpp"
#include "protocol/http_message_view.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fedblog::protocol {

/// A parsed draft-cavage `Signature` header.
struct cavage_signature
{
    std::string key_id;
    std::string algorithm;            ///< lowercase as sent; "" when absent (means hs2019)
    std::vector<std::string> headers; ///< lowercase, in the signer's order (defaulted if absent)
    std::string signature;            ///< raw bytes (base64-decoded)
    std::optional<std::int64_t> created;
    std::optional<std::int64_t> expires;
};

/** Parses a draft-cavage `Signature` header value.

    Parameters may be tokens or quoted strings, in any order, separated by ',' with optional
    whitespace; a stray leading "Signature " is tolerated (Mastodon `SignatureParser`). When
    `headers` is absent it defaults to "date" for rsa-sha256 and "(created)" for hs2019.
    @return the fields, or error::signature_malformed when keyId or signature is missing,
    signature is not base64, a parameter repeats, or the syntax is broken.

    @par Specification
    draft-cavage-http-signatures-12 section 2.1; INTEROP.md A2.
*/
[[nodiscard]] boost::system::result<cavage_signature> parse_cavage_signature(std::string_view value);

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
    /// Candidate signing strings, tried in order: exact, then (cavage only) the
    /// (request-target) without its query string, for older signers (INTEROP.md A6).
    std::vector<std::string> signing_strings;
    std::string signature;            ///< raw bytes
    std::vector<std::string> covered; ///< lowercase component names, for logs
};

/// Policy for prepare_verification.
struct verify_options
{
    sys_seconds now{};
    /// A signature dated further in the future than this is refused (clock skew allowance).
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
    that the covered components are strong enough (date or created; (request-target) or
    digest; host on GET; digest on POST — for RFC 9421: @method, @target-uri or
    @path+@authority, created, and content-digest on POST), that each covered header exists,
    that the time is inside the window, and that the covered body digest matches `body`.
    A POST body is always required to be covered by a digest.

    @return the pending verification, or an error::signature_* / digest_* / bad_date code.

    @par Specification
    draft-cavage-http-signatures-12 sections 2.1-2.3; RFC 9421 sections 2, 3.2, 4; INTEROP.md A.
*/
[[nodiscard]] boost::system::result<pending_verification>
prepare_verification(const request_view& request, const verify_options& options);

/** Verifies the prepared signature with `key`.

    For hs2019 (and RFC 9421 without `alg`) the algorithm follows the key: RSA verifies as
    RSASSA-PKCS1-v1_5 SHA-256 (what every fediverse signer means by hs2019), Ed25519 as
    Ed25519. @return true when one candidate signing string verifies.
*/
[[nodiscard]] bool finish_verification(const pending_verification& pending,
                                       const keys::public_key& key) noexcept;

/** Builds the draft-cavage `Signature` header value for a request.

    `covered` lists lowercase component names in order; "(request-target)" is
    "<lowercase method> <target>", other names are looked up in `headers` (all must exist).
    The algorithm parameter is "rsa-sha256" for RSA keys and "hs2019" for Ed25519.
    @return the header value `keyId="...",algorithm="...",headers="...",signature="..."`.
*/
[[nodiscard]] boost::system::result<std::string>
sign_cavage(const keys::private_key& key, std::string_view key_id, std::string_view method,
            std::string_view target, const header_list& headers,
            const std::vector<std::string>& covered);

/// The two headers of an RFC 9421 signature.
struct rfc9421_headers
{
    std::string signature_input; ///< `sig1=("@method" ...);created=...;keyid="..."`
    std::string signature;       ///< `sig1=:<base64>:`
};

/** Signs a request per RFC 9421 with label "sig1". `components` are lowercase component
    identifiers ("@method", "@target-uri", "@authority", "@path", "@query", or header names).
    @target-uri is built from request.scheme, the Host header (or request.authority) and
    request.target.
*/
[[nodiscard]] boost::system::result<rfc9421_headers>
sign_rfc9421(const keys::private_key& key, keys::algorithm alg, std::string_view key_id,
             const request_view& request, const std::vector<std::string>& components,
             sys_seconds created);

} // namespace fedblog::protocol
