// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the error code → HTTP status mapping and what the client gets to read.

// Test that header file is self-contained.
#include "node/http/http_error.hpp"

#include "protocol/error.hpp"
#include "storage/error.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <system_error>

using fedblog::node::to_http_error;
using status        = boost::beast::http::status;
namespace protocol_ = fedblog::protocol;
namespace storage_  = fedblog::storage;

namespace {

struct row
{
    boost::system::error_code ec;
    status expected;
};

} // namespace

BOOST_AUTO_TEST_SUITE(http_error_mapping)

BOOST_AUTO_TEST_CASE(maps_protocol_errors)
{
    using e          = protocol_::error;
    const row rows[] = {
        // Every signature problem is a 401, as Mastodon answers (INTEROP.md A1).
        {e::signature_missing, status::unauthorized},
        {e::signature_malformed, status::unauthorized},
        {e::signature_unsupported_algorithm, status::unauthorized},
        {e::signature_headers_insufficient, status::unauthorized},
        {e::signature_header_missing, status::unauthorized},
        {e::signature_expired, status::unauthorized},
        {e::bad_date, status::unauthorized},
        {e::signature_invalid, status::unauthorized},
        // A missing or wrong digest is a verification failure too.
        {e::digest_missing, status::unauthorized},
        {e::digest_mismatch, status::unauthorized},
        // An unparsable digest header is a 400, as Mastodon does for Content-Digest (A1).
        {e::digest_malformed, status::bad_request},
        // Over the 1 MiB JSON limit (A10).
        {e::json_too_large, status::payload_too_large},
        // Everything else a peer can get wrong in a document is its fault: 400.
        {e::malformed_json, status::bad_request},
        {e::json_too_deep, status::bad_request},
        {e::not_an_object, status::bad_request},
        {e::missing_field, status::bad_request},
        {e::bad_iri, status::bad_request},
        {e::bad_resource, status::bad_request},
        {e::invalid_document, status::bad_request},
    };
    for (const auto& r : rows)
    {
        const auto h = to_http_error(r.ec);
        BOOST_TEST((h.status == r.expected), r.ec.message() << " → " << static_cast<int>(h.status));
        // Protocol messages are fixed strings, safe to show.
        BOOST_TEST(h.public_text == r.ec.message());
        BOOST_TEST(h.log_detail == r.ec.message());
    }
}

BOOST_AUTO_TEST_CASE(maps_storage_errors)
{
    using e          = storage_::error;
    const row rows[] = {
        {e::conflict, status::conflict},                      // a slug or id already taken
        {e::busy, status::service_unavailable},               // the caller may retry
        {e::unavailable, status::service_unavailable},        // database down
        {e::schema_mismatch, status::internal_server_error},  // our problem, not the client's
        {e::backend, status::internal_server_error},          // I/O error, corrupt file
        {e::bad_url, status::internal_server_error},          // misconfiguration
        {e::invalid_argument, status::internal_server_error}, // a bug in the caller
    };
    for (const auto& r : rows)
    {
        const auto h = to_http_error(r.ec);
        BOOST_TEST((h.status == r.expected), r.ec.message() << " → " << static_cast<int>(h.status));
        // Storage messages may name tables or files: the client sees a generic text only.
        BOOST_TEST(h.public_text == "storage error");
        BOOST_TEST(h.log_detail == r.ec.message());
    }
}

BOOST_AUTO_TEST_CASE(maps_other_errors_to_500)
{
    const boost::system::error_code rows[] = {
        make_error_code(boost::system::errc::no_such_file_or_directory),      // generic errno
        make_error_code(boost::system::errc::permission_denied),              // may name a path
        boost::system::error_code(std::make_error_code(std::errc::io_error)), // std category
    };
    for (const auto& ec : rows)
    {
        const auto h = to_http_error(ec);
        BOOST_TEST((h.status == status::internal_server_error), ec.message());
        BOOST_TEST(h.public_text == "internal error");
        BOOST_TEST(h.log_detail == ec.message());
    }
}

BOOST_AUTO_TEST_CASE(caller_text_replaces_the_default)
{
    auto h = to_http_error(storage_::error::conflict, "that slug is taken");
    BOOST_TEST((h.status == status::conflict));
    BOOST_TEST(h.public_text == "that slug is taken");
    BOOST_TEST(h.log_detail == make_error_code(storage_::error::conflict).message());

    h = to_http_error(protocol_::error::signature_invalid, "bad signature");
    BOOST_TEST((h.status == status::unauthorized));
    BOOST_TEST(h.public_text == "bad signature");

    h = to_http_error(make_error_code(boost::system::errc::io_error), "try later");
    BOOST_TEST((h.status == status::internal_server_error));
    BOOST_TEST(h.public_text == "try later");
}

BOOST_AUTO_TEST_CASE(log_detail_is_never_public)
{
    // Whatever the category, the internal message goes to log_detail only.
    const auto h = to_http_error(storage_::error::backend);
    BOOST_TEST(h.public_text != h.log_detail);
    BOOST_TEST(!h.log_detail.empty());
}

BOOST_AUTO_TEST_SUITE_END()
