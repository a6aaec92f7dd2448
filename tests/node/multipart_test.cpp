// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for the multipart/form-data reader of the media upload endpoint, hostile bodies
// included.

// Test that header file is self-contained.
#include "node/media/multipart.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace fedblog::node;

namespace {

const std::string good = "--XyZ\r\n"
                         "Content-Disposition: form-data; name=\"file\"; filename=\"cat.png\"\r\n"
                         "Content-Type: image/png\r\n"
                         "\r\n"
                         "\x89PNG\r\n--not-a-boundary\r\n"
                         "\r\n--XyZ\r\n"
                         "Content-Disposition: form-data; name=\"object\"\r\n"
                         "\r\n"
                         "{\"name\":\"A cat\"}"
                         "\r\n--XyZ--\r\nepilogue";

} // namespace

BOOST_AUTO_TEST_SUITE(multipart)

BOOST_AUTO_TEST_CASE(reads_the_boundary_from_the_content_type)
{
    BOOST_TEST(*multipart_boundary("multipart/form-data; boundary=XyZ") == "XyZ");
    BOOST_TEST(*multipart_boundary("Multipart/Form-Data;boundary=\"a b;c\"") == "a b;c");
    BOOST_TEST(*multipart_boundary("multipart/form-data; charset=utf-8; boundary=q") == "q");
    BOOST_TEST(!multipart_boundary("multipart/mixed; boundary=XyZ"));
    BOOST_TEST(!multipart_boundary("multipart/form-data"));
    BOOST_TEST(!multipart_boundary("multipart/form-data; boundary="));
    BOOST_TEST(!multipart_boundary("multipart/form-data; boundary=\"unterminated"));
    BOOST_TEST(!multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'a')));
    BOOST_TEST(!multipart_boundary("image/png"));
    BOOST_TEST(!multipart_boundary(""));
}

BOOST_AUTO_TEST_CASE(splits_parts_with_their_names)
{
    std::string why;
    auto parts = parse_multipart(good, "XyZ", 8, why);
    BOOST_TEST_REQUIRE(parts.has_value(), why);
    BOOST_TEST_REQUIRE(parts->size() == 2u);
    BOOST_TEST(parts->at(0).name == "file");
    BOOST_TEST(parts->at(0).filename == "cat.png");
    BOOST_TEST(parts->at(0).content_type == "image/png");
    // A line that merely starts like a boundary is part of the content.
    BOOST_TEST(parts->at(0).body == "\x89PNG\r\n--not-a-boundary\r\n");
    BOOST_TEST(parts->at(1).name == "object");
    BOOST_TEST(parts->at(1).body == "{\"name\":\"A cat\"}");
    // A preamble before the first boundary is ignored.
    auto with_preamble = parse_multipart("preamble\r\n" + good, "XyZ", 8, why);
    BOOST_TEST_REQUIRE(with_preamble.has_value(), why);
    BOOST_TEST(with_preamble->size() == 2u);
}

BOOST_AUTO_TEST_CASE(refuses_malformed_bodies)
{
    std::string why;
    BOOST_TEST(!parse_multipart("", "XyZ", 8, why));
    BOOST_TEST(!parse_multipart("no boundary at all", "XyZ", 8, why));
    BOOST_TEST(!parse_multipart(good, "other", 8, why));
    BOOST_TEST(!parse_multipart(good, "XyZ", 1, why)); // too many parts
    BOOST_TEST(why == "the form has too many parts");
    // No closing boundary.
    BOOST_TEST(!parse_multipart(good.substr(0, good.find("\r\n--XyZ--")), "XyZ", 8, why));
    // A part without a name, or not form-data, or with a header line without a colon.
    BOOST_TEST(
        !parse_multipart("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--", "b", 8, why));
    BOOST_TEST(!parse_multipart(
        "--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--b--", "b", 8, why));
    BOOST_TEST(!parse_multipart("--b\r\nno colon here\r\n\r\nx\r\n--b--", "b", 8, why));
    // Headers that never end, or are huge.
    BOOST_TEST(
        !parse_multipart("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n", "b", 8, why));
    BOOST_TEST(
        !parse_multipart("--b\r\nX: " + std::string(10000, 'a') +
                             "\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b--",
                         "b", 8, why));
    // Garbage after a boundary.
    BOOST_TEST(!parse_multipart("--bXX\r\n", "b", 8, why));
    // Every truncation is refused or parsed, never read past the end.
    for (std::size_t n = 0; n < good.size(); ++n)
        (void)parse_multipart(std::string_view(good).substr(0, n), "XyZ", 8, why);
}

BOOST_AUTO_TEST_SUITE_END()
