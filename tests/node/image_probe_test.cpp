// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for recognising uploaded images by their bytes and removing JPEG location data,
// including truncated, inconsistent and hostile files.

// Test that header file is self-contained.
#include "node/media/image_probe.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace fedblog::node;

namespace {

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

std::string gif(std::uint16_t w, std::uint16_t h)
{
    return std::string("GIF89a") + static_cast<char>(w & 0xFF) + static_cast<char>(w >> 8) +
           static_cast<char>(h & 0xFF) + static_cast<char>(h >> 8) + std::string("\x00\x00\x00", 3);
}

std::string segment(unsigned char marker, const std::string& payload)
{
    return std::string{'\xFF', static_cast<char>(marker)} + be16(payload.size() + 2) + payload;
}

/// An Exif APP1 payload (big-endian TIFF) with Orientation `o` and a GPS IFD holding `gps`.
std::string exif(unsigned o, const std::string& gps)
{
    std::string tiff = "MM" + be16(42) + be32(8);
    tiff += be16(2);                                              // two entries
    tiff += be16(0x0112) + be16(3) + be32(1) + be16(o) + be16(0); // Orientation
    tiff += be16(0x8825) + be16(4) + be32(1) + be32(38);          // GPSInfo IFD offset
    tiff += be32(0);                                              // no next IFD
    tiff += gps;
    return std::string("Exif\0\0", 6) + tiff;
}

std::string jpeg(std::uint16_t w, std::uint16_t h, const std::string& app1 = {})
{
    std::string out = "\xFF\xD8";
    out += segment(0xE0, std::string("JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 14));
    if (!app1.empty())
        out += segment(0xE1, app1);
    out += segment(0xED, "Photoshop 3.0 IPTC city=Somewhere");
    out += segment(0xC0,
                   std::string("\x08", 1) + be16(h) + be16(w) + std::string("\x01\x01\x11\x00", 4));
    out += segment(0xDA, std::string("\x01\x01\x00\x00\x3F\x00", 6));
    out += std::string("\x12\x34\xFF\x00\x56", 5); // entropy-coded data, a stuffed 0xFF
    out += "\xFF\xD9";
    return out;
}

std::string webp_vp8x(std::uint32_t w, std::uint32_t h)
{
    std::string out =
        "RIFF" + std::string(4, '\0') + "WEBP" + "VP8X" + std::string("\x0A\0\0\0", 4);
    out += std::string(4, '\0');
    auto le24 = [](std::uint32_t v) {
        return std::string{static_cast<char>(v), static_cast<char>(v >> 8),
                           static_cast<char>(v >> 16)};
    };
    out += le24(w - 1) + le24(h - 1);
    return out;
}

bool contains(std::string_view haystack, std::string_view needle)
{
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(image_probe)

BOOST_AUTO_TEST_CASE(recognises_each_format_by_its_bytes)
{
    std::string why;
    auto p = probe_image(png(640, 480), why);
    BOOST_TEST_REQUIRE(p.has_value(), why);
    BOOST_TEST(p->media_type == "image/png");
    BOOST_TEST(p->extension == "png");
    BOOST_TEST(p->width == 640u);
    BOOST_TEST(p->height == 480u);

    auto g = probe_image(gif(3, 2), why);
    BOOST_TEST_REQUIRE(g.has_value(), why);
    BOOST_TEST(g->media_type == "image/gif");
    BOOST_TEST(g->width == 3u);

    auto j = probe_image(jpeg(1024, 768), why);
    BOOST_TEST_REQUIRE(j.has_value(), why);
    BOOST_TEST(j->media_type == "image/jpeg");
    BOOST_TEST(j->extension == "jpg");
    BOOST_TEST(j->width == 1024u);
    BOOST_TEST(j->height == 768u);

    auto w = probe_image(webp_vp8x(300, 200), why);
    BOOST_TEST_REQUIRE(w.has_value(), why);
    BOOST_TEST(w->media_type == "image/webp");
    BOOST_TEST(w->width == 300u);
    BOOST_TEST(w->height == 200u);
}

BOOST_AUTO_TEST_CASE(refuses_what_is_not_an_image)
{
    std::string why;
    for (std::string_view bytes :
         {std::string_view(""), std::string_view("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
          std::string_view("<html><script>alert(1)</script>"), std::string_view("BM\x36\x00", 4),
          std::string_view("%PDF-1.7"), std::string_view("\x89PNG", 4)})
    {
        why.clear();
        BOOST_TEST(!probe_image(bytes, why).has_value());
        BOOST_TEST(why.starts_with("not a "), why);
    }
}

BOOST_AUTO_TEST_CASE(refuses_broken_and_hostile_headers)
{
    std::string why;
    // Every truncation of a valid file is refused or still reads the same size; never a
    // read past the end (run under ASan in CI).
    for (const std::string& whole : {png(10, 10), gif(10, 10), jpeg(10, 10), webp_vp8x(10, 10)})
    {
        for (std::size_t n = 0; n < whole.size(); ++n)
        {
            auto r = probe_image(std::string_view(whole).substr(0, n), why);
            if (r)
                BOOST_TEST(r->width == 10u);
        }
    }
    BOOST_TEST(!probe_image(png(0, 10), why).has_value());
    BOOST_TEST(!probe_image(png(100000, 10), why).has_value()); // a decompression bomb
    BOOST_TEST(!probe_image(png(0xFFFFFFFF, 0xFFFFFFFF), why).has_value());
    BOOST_TEST(!probe_image(gif(0, 0), why).has_value());
    // A JPEG whose segment length runs past the end, or with a scan before any frame.
    std::string lying = "\xFF\xD8\xFF\xE0\xFF\xFF" + std::string(10, 'x');
    BOOST_TEST(!probe_image(lying, why).has_value());
    std::string scan_first = "\xFF\xD8" + segment(0xDA, std::string(6, '\0')) + "\xFF\xD9";
    BOOST_TEST(!probe_image(scan_first, why).has_value());
    // A zero-length segment (length 0 < 2) must not loop forever.
    std::string zero = std::string("\xFF\xD8\xFF\xE1\x00\x00", 6) + std::string(20, '\0');
    BOOST_TEST(!probe_image(zero, why).has_value());
    // Fill bytes only.
    BOOST_TEST(
        !probe_image(std::string("\xFF\xD8\xFF") + std::string(5000, '\xFF'), why).has_value());
}

BOOST_AUTO_TEST_CASE(jpeg_location_data_is_removed_and_orientation_kept)
{
    const std::string original = jpeg(40, 30, exif(6, "GPS 51.5007N 0.1246W"));
    BOOST_TEST_REQUIRE(contains(original, "GPS 51.5007N"));
    std::string why;
    auto cleaned = strip_jpeg_metadata(original, why);
    BOOST_TEST_REQUIRE(cleaned.has_value(), why);
    BOOST_TEST(!contains(*cleaned, "GPS 51.5007N"));
    BOOST_TEST(!contains(*cleaned, "IPTC city")); // APP13 goes too
    BOOST_TEST(contains(*cleaned, "JFIF"));
    BOOST_TEST(contains(*cleaned, std::string_view("Exif\0\0", 6))); // the minimal one
    // The scan data is untouched and the result is still the same image.
    BOOST_TEST(contains(*cleaned, std::string_view("\x12\x34\xFF\x00\x56\xFF\xD9", 7)));
    auto probed = probe_image(*cleaned, why);
    BOOST_TEST_REQUIRE(probed.has_value(), why);
    BOOST_TEST(probed->width == 40u);
    // Cleaning twice changes nothing more.
    auto again = strip_jpeg_metadata(*cleaned, why);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(*again == *cleaned);
}

BOOST_AUTO_TEST_CASE(jpeg_without_orientation_gets_no_exif)
{
    std::string why;
    auto cleaned = strip_jpeg_metadata(jpeg(8, 8, exif(0, "GPS here")), why);
    BOOST_TEST_REQUIRE(cleaned.has_value(), why);
    BOOST_TEST(!contains(*cleaned, "Exif"));
    BOOST_TEST(!contains(*cleaned, "GPS here"));
}

BOOST_AUTO_TEST_CASE(strip_refuses_broken_structure)
{
    std::string why;
    BOOST_TEST(!strip_jpeg_metadata("", why).has_value());
    BOOST_TEST(!strip_jpeg_metadata("\x89PNG", why).has_value());
    const std::string whole = jpeg(10, 10, exif(1, "x"));
    for (std::size_t n = 0; n + 1 < whole.size(); ++n)
        (void)strip_jpeg_metadata(std::string_view(whole).substr(0, n), why); // must not crash
    // A lying Exif IFD count or offset is read within bounds.
    std::string bad_exif = std::string("Exif\0\0", 6) + "II" + std::string("\x2A\x00", 2) +
                           std::string("\xF0\xFF\xFF\x7F", 4) + std::string(8, '\xFF');
    BOOST_TEST(strip_jpeg_metadata(jpeg(10, 10, bad_exif), why).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
