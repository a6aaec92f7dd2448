// SPDX-License-Identifier: AGPL-3.0-or-later
// Error codes of the protocol module: everything a hostile or broken peer can send us.
#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace fedblog::protocol {

/// Errors returned by protocol/ functions. Each message() is short, lowercase and safe to show
/// to the remote party (it never contains their input).
enum class error
{
    // --- JSON ---
    /// The text is not well-formed JSON (or not UTF-8).
    malformed_json = 1,
    /// Nesting deeper than the configured limit.
    json_too_deep,
    /// The text is longer than the configured limit.
    json_too_large,
    /// The document is JSON but not the object we expected (e.g. an array at the top).
    not_an_object,
    /// A required property is absent or of the wrong type.
    missing_field,
    /// An IRI is not an absolute http(s) IRI, or otherwise unusable.
    bad_iri,

    // --- HTTP signatures ---
    /// No Signature / Signature-Input header.
    signature_missing,
    /// The Signature (or Signature-Input) header cannot be parsed or lacks keyId/signature.
    signature_malformed,
    /// Algorithm not accepted (we accept rsa-sha256 and hs2019; RFC 9421 algorithms by name).
    signature_unsupported_algorithm,
    /// The covered components are too weak (e.g. POST without digest, no date).
    signature_headers_insufficient,
    /// A covered header is not present in the request.
    signature_header_missing,
    /// Date/created is outside the accepted window, or expires is in the past.
    signature_expired,
    /// The Date header (or created parameter) cannot be parsed.
    bad_date,
    /// The signature does not verify with the key.
    signature_invalid,

    // --- body digests ---
    /// `digest` is covered (or required) but no Digest/Content-Digest header is present.
    digest_missing,
    /// Digest header present but cannot be parsed, or only unsupported algorithms are offered.
    digest_malformed,
    /// The digest does not match the body.
    digest_mismatch,

    // --- WebFinger and others ---
    /// A WebFinger resource is neither an acct: URI nor an http(s) URL.
    bad_resource,
    /// A document is well-formed but violates the protocol (wrong type, id mismatch, ...).
    invalid_document,
};

const boost::system::error_category& error_category() noexcept;

inline boost::system::error_code make_error_code(error e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

} // namespace fedblog::protocol

template <>
struct boost::system::is_error_code_enum<fedblog::protocol::error> : std::true_type
{};
