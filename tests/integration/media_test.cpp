// SPDX-License-Identifier: AGPL-3.0-or-later
// The media upload endpoint (actor endpoints.uploadMedia): good images, hostile files,
// limits, and how stored files are served.
#include "tests/support/node_process.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace fedblog::test;
namespace json = fedblog::protocol::json;

namespace {

constexpr const char* as_accept = "application/activity+json";

std::string be32(std::uint32_t v)
{
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

std::string be16(std::uint32_t v)
{
    return {static_cast<char>(v >> 8), static_cast<char>(v)};
}

std::string png(std::uint32_t w, std::uint32_t h)
{
    return std::string("\x89PNG\r\n\x1A\n", 8) + be32(13) + "IHDR" + be32(w) + be32(h) +
           std::string("\x08\x02\x00\x00\x00", 5) + be32(0) + be32(0) + "IEND" + be32(0);
}

std::string segment(unsigned char marker, const std::string& payload)
{
    return std::string{'\xFF', static_cast<char>(marker)} + be16(payload.size() + 2) + payload;
}

/// A JPEG whose Exif carries a GPS position (as text the test can look for).
std::string jpeg_with_location()
{
    std::string tiff = "MM" + be16(42) + be32(8) + be16(1);
    tiff += be16(0x8825) + be16(4) + be32(1) + be32(26) + be32(0);
    tiff += "GPS 48.8584N 2.2945E";
    std::string out = "\xFF\xD8";
    out += segment(0xE1, std::string("Exif\0\0", 6) + tiff);
    out += segment(0xC0, std::string("\x08", 1) + be16(20) + be16(30) +
                             std::string("\x01\x01\x11\x00", 4));
    out += segment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6));
    out += std::string("\x11\x22\x33", 3) + "\xFF\xD9";
    return out;
}

struct media_node
{
    media_node()
        : node({"allow_http_peers = true", "allow_private_addresses = true",
                "max_media_bytes = 4096"})
    {
        node.start();
        token   = node.create_token();
        initial = stored_files(); // init's generated avatar
    }

    http_reply upload(const std::string& body, const std::string& type,
                      const std::string& bearer) const
    {
        header_pairs h{{"Content-Type", type}};
        if (!bearer.empty())
            h.emplace_back("Authorization", "Bearer " + bearer);
        return node.post("/users/author/media", body, h);
    }

    http_reply upload(const std::string& body, const std::string& type = "image/png") const
    {
        return upload(body, type, token);
    }

    std::size_t stored_files() const
    {
        std::size_t n  = 0;
        const auto dir = node.data_dir() / "media";
        if (std::filesystem::exists(dir))
        {
            for (const auto& e : std::filesystem::directory_iterator(dir))
                n += e.is_regular_file() ? 1 : 0;
        }
        return n;
    }

    node_process node;
    std::string token;
    std::size_t initial = 0;
};

std::string str(const json::value& v, const char* key)
{
    auto s = v.get_string(key);
    return s ? std::string(*s) : std::string();
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(media_upload, media_node)

BOOST_AUTO_TEST_CASE(the_actor_advertises_the_endpoint)
{
    const auto actor = node.get("/users/author", as_accept).json();
    BOOST_TEST(str(*actor.find("endpoints"), "uploadMedia") == node.actor() + "/media");
}

BOOST_AUTO_TEST_CASE(an_image_is_stored_under_its_hash_and_served)
{
    const std::string bytes = png(64, 48);
    auto r                  = upload(bytes, "application/octet-stream");
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const auto image      = r.json();
    const std::string url = str(image, "url");
    BOOST_TEST(str(image, "type") == "Image");
    BOOST_TEST(str(image, "mediaType") == "image/png");
    BOOST_TEST(*image.find("width")->if_int() == 64);
    BOOST_TEST(*image.find("height")->if_int() == 48);
    BOOST_TEST(url.starts_with(node.base() + "/media/"));
    BOOST_TEST(url.ends_with(".png"));
    BOOST_TEST(r.header("location") == url);

    auto served = node.get(url.substr(node.base().size()));
    BOOST_TEST(served.status == 200u);
    BOOST_TEST(served.header("content-type") == "image/png");
    BOOST_TEST(served.header("x-content-type-options") == "nosniff");
    BOOST_TEST(served.header("cache-control").find("max-age=31536000") != std::string::npos);
    BOOST_TEST(served.body == bytes);

    // The same bytes again: the same name, one file.
    auto again = upload(bytes);
    BOOST_TEST_REQUIRE(again.status == 201u);
    BOOST_TEST(str(again.json(), "url") == url);
    BOOST_TEST(stored_files() == initial + 1);
}

BOOST_AUTO_TEST_CASE(a_form_upload_carries_the_description)
{
    const std::string form = "--b0undary\r\n"
                             "Content-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n"
                             "Content-Type: image/png\r\n\r\n" +
                             png(2, 2) +
                             "\r\n--b0undary\r\n"
                             "Content-Disposition: form-data; name=\"object\"\r\n\r\n"
                             "{\"type\":\"Image\",\"name\":\"Two <b>pixels</b>\"}"
                             "\r\n--b0undary--\r\n";
    auto r = upload(form, "multipart/form-data; boundary=b0undary");
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const auto image = r.json();
    BOOST_TEST(str(image, "name") == "Two <b>pixels</b>"); // JSON, not HTML: kept as written
    BOOST_TEST(*image.find("width")->if_int() == 2);
}

BOOST_AUTO_TEST_CASE(jpeg_location_data_never_reaches_the_disk)
{
    auto r = upload(jpeg_with_location(), "image/jpeg");
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const auto image = r.json();
    BOOST_TEST(str(image, "mediaType") == "image/jpeg");
    BOOST_TEST(*image.find("width")->if_int() == 30);
    BOOST_TEST(*image.find("height")->if_int() == 20);
    auto served = node.get(str(image, "url").substr(node.base().size()));
    BOOST_TEST_REQUIRE(served.status == 200u);
    BOOST_TEST(served.body.find("GPS 48.8584N") == std::string::npos);
    BOOST_TEST(served.body.find(std::string("\x11\x22\x33", 3)) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(hostile_and_broken_files_are_refused)
{
    // Not an image at all, whatever the declared type says.
    auto html = upload("<html><script>alert(1)</script></html>", "image/png");
    BOOST_TEST(html.status == 415u);
    BOOST_TEST(html.header("content-type") == "application/problem+json");
    BOOST_TEST(
        upload("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>", "image/svg+xml")
            .status == 415u);
    // A PNG signature with a broken header, a truncated file, a bomb.
    BOOST_TEST(upload(png(8, 8).substr(0, 20)).status == 400u);
    BOOST_TEST(upload(png(0, 8)).status == 400u);
    BOOST_TEST(upload(png(60000, 60000)).status == 400u);
    // Over max_media_bytes (4096 here).
    BOOST_TEST(upload(png(8, 8) + std::string(5000, '\0')).status == 413u);
    // A form without a file part, a broken form, a body of another type.
    BOOST_TEST(upload("--b\r\nContent-Disposition: form-data; name=\"object\"\r\n\r\n{}\r\n--b--",
                      "multipart/form-data; boundary=b")
                   .status == 400u);
    BOOST_TEST(upload("--b\r\ngarbage", "multipart/form-data; boundary=b").status == 400u);
    BOOST_TEST(upload(png(8, 8), "text/plain").status == 415u);
    // No token, a wrong token, someone else's endpoint.
    auto anonymous = upload(png(8, 8), "image/png", "");
    BOOST_TEST(anonymous.status == 401u);
    BOOST_TEST(anonymous.header("www-authenticate").starts_with("Bearer"));
    BOOST_TEST(upload(png(8, 8), "image/png", "fbt_1_wrong").status == 401u);
    BOOST_TEST(node.post("/users/someone/media", png(8, 8),
                         {{"Content-Type", "image/png"}, {"Authorization", "Bearer " + token}})
                   .status == 404u);
    BOOST_TEST(stored_files() == initial);
    // Names that are not stored files are not served.
    BOOST_TEST(node.get("/media/..%2Ffedblog.conf").status == 404u);
    BOOST_TEST(node.get("/media/0123456789abcdef0123456789abcdef.png").status == 404u);
}

BOOST_AUTO_TEST_CASE(an_uploaded_image_in_a_post_becomes_an_attachment)
{
    auto r = upload(png(120, 80));
    BOOST_TEST_REQUIRE(r.status == 201u, r.body);
    const std::string url = str(r.json(), "url");
    const std::string post =
        node.publish(token, "Look:\n\n![A red square](" + url +
                                ")\n\nand ![remote](https://example.com/a.webp)");
    const auto note         = node.get(post.substr(node.base().size()), as_accept).json();
    const auto& attachments = *note.find("attachment")->if_array();
    BOOST_TEST_REQUIRE(attachments.size() == 2u);
    BOOST_TEST(str(attachments.at(0), "type") == "Image");
    BOOST_TEST(str(attachments.at(0), "url") == url);
    BOOST_TEST(str(attachments.at(0), "name") == "A red square");
    BOOST_TEST(str(attachments.at(0), "mediaType") == "image/png");
    BOOST_TEST(*attachments.at(0).find("width")->if_int() == 120);
    BOOST_TEST(str(attachments.at(1), "url") == "https://example.com/a.webp");
    BOOST_TEST(str(attachments.at(1), "mediaType") == "image/webp");
    BOOST_TEST(str(attachments.at(1), "name") == "remote");
}

BOOST_AUTO_TEST_CASE(profile_sets_the_avatar_and_header)
{
    const auto dir = node.data_dir().parent_path();
    {
        std::ofstream(dir / "me.png", std::ios::binary) << png(96, 96);
        std::ofstream(dir / "banner.png", std::ios::binary) << png(300, 100);
        std::ofstream(dir / "notes.txt", std::ios::binary) << "not an image";
    }
    auto set = run_fedblog({"profile", "--data", node.data_dir().string(), "--avatar",
                            (dir / "me.png").string(), "--header", (dir / "banner.png").string()});
    BOOST_TEST_REQUIRE(set.exit_code == 0, set.err);
    BOOST_TEST(set.out.find("avatar: " + node.base() + "/media/") != std::string::npos, set.out);
    // The running node serves the new images without a restart (it polls the settings).
    auto actor         = node.get("/users/author", as_accept).json();
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    // (The CLI stores the avatar and the header one after the other: wait for both.)
    while ((actor.find("icon") == nullptr || actor.find("image") == nullptr) &&
           std::chrono::steady_clock::now() < give_up)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        actor = node.get("/users/author", as_accept).json();
    }
    const auto* icon = actor.find("icon");
    BOOST_TEST_REQUIRE(icon != nullptr);
    const std::string url = str(*icon, "url");
    BOOST_TEST(url.starts_with(node.base() + "/media/"));
    BOOST_TEST(str(*icon, "mediaType") == "image/png");
    BOOST_TEST(node.get(url.substr(node.base().size())).status == 200u);
    BOOST_TEST_REQUIRE(actor.find("image") != nullptr);
    BOOST_TEST(str(*actor.find("image"), "url") != url);

    auto bad = run_fedblog(
        {"profile", "--data", node.data_dir().string(), "--avatar", (dir / "notes.txt").string()});
    BOOST_TEST(bad.exit_code == 1);
    BOOST_TEST(bad.err.find("not a JPEG, PNG, GIF or WebP") != std::string::npos, bad.err);
    BOOST_TEST(run_fedblog({"profile", "--data", node.data_dir().string()}).exit_code == 2);
}

BOOST_AUTO_TEST_SUITE_END()
