// SPDX-License-Identifier: AGPL-3.0-or-later
// Image signatures, header sizes and JPEG metadata removal, with bounds checks everywhere.
#include "node/media/image_probe.hpp"

namespace fedblog::node {

namespace {

std::uint32_t be16(std::string_view b, std::size_t at)
{
    return (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at])) << 8) |
           static_cast<unsigned char>(b[at + 1]);
}

std::uint32_t be32(std::string_view b, std::size_t at)
{
    return (be16(b, at) << 16) | be16(b, at + 2);
}

std::uint32_t le16(std::string_view b, std::size_t at)
{
    return static_cast<unsigned char>(b[at]) |
           (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8);
}

std::uint32_t le24(std::string_view b, std::size_t at)
{
    return le16(b, at) | (static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16);
}

std::uint32_t le32(std::string_view b, std::size_t at)
{
    return le16(b, at) | (le16(b, at + 2) << 16);
}

unsigned char byte(std::string_view b, std::size_t at)
{
    return static_cast<unsigned char>(b[at]);
}

std::optional<image_info> sized(const char* type, const char* ext, std::uint32_t w, std::uint32_t h,
                                std::string& why)
{
    if (w == 0 || h == 0)
    {
        why = "the image has no pixels";
        return std::nullopt;
    }
    if (w > max_image_side || h > max_image_side)
    {
        why = "the image is larger than 16384 pixels on a side";
        return std::nullopt;
    }
    return image_info{type, ext, w, h};
}

std::optional<image_info> probe_png(std::string_view b, std::string& why)
{
    // Signature (8), then the first chunk must be IHDR: length 13, "IHDR", width, height.
    if (b.size() < 8 + 8 + 13 || be32(b, 8) != 13 || b.substr(12, 4) != "IHDR")
    {
        why = "the PNG has no valid IHDR header";
        return std::nullopt;
    }
    const std::uint32_t w = be32(b, 16);
    const std::uint32_t h = be32(b, 20);
    return sized("image/png", "png", w, h, why);
}

std::optional<image_info> probe_gif(std::string_view b, std::string& why)
{
    if (b.size() < 10)
    {
        why = "the GIF header is truncated";
        return std::nullopt;
    }
    return sized("image/gif", "gif", le16(b, 6), le16(b, 8), why);
}

bool is_sof(unsigned char m)
{
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

/// Markers without a length field: TEM, RST0-7, SOI, EOI.
bool is_standalone(unsigned char m)
{
    return m == 0x01 || (m >= 0xD0 && m <= 0xD9);
}

std::optional<image_info> probe_jpeg(std::string_view b, std::string& why)
{
    std::size_t pos = 2;
    for (;;)
    {
        // Fill bytes (0xFF) may precede a marker.
        while (pos < b.size() && byte(b, pos) == 0xFF && pos + 1 < b.size() &&
               byte(b, pos + 1) == 0xFF)
            ++pos;
        if (pos + 4 > b.size() || byte(b, pos) != 0xFF)
        {
            why = "the JPEG has no frame header";
            return std::nullopt;
        }
        const unsigned char marker = byte(b, pos + 1);
        if (is_standalone(marker))
        {
            if (marker == 0xD9)
            {
                why = "the JPEG has no frame header";
                return std::nullopt;
            }
            pos += 2;
            continue;
        }
        const std::uint32_t len = be16(b, pos + 2);
        if (len < 2 || pos + 2 + len > b.size())
        {
            why = "the JPEG has a truncated segment";
            return std::nullopt;
        }
        if (is_sof(marker))
        {
            // precision (1), height (2), width (2)
            if (len < 7)
            {
                why = "the JPEG frame header is truncated";
                return std::nullopt;
            }
            return sized("image/jpeg", "jpg", be16(b, pos + 7), be16(b, pos + 5), why);
        }
        if (marker == 0xDA)
        {
            why = "the JPEG has no frame header before its scan";
            return std::nullopt;
        }
        pos += 2 + len;
    }
}

std::optional<image_info> probe_webp(std::string_view b, std::string& why)
{
    // "RIFF" size "WEBP", then the first chunk header at 12: FourCC (4), size (4).
    if (b.size() < 30)
    {
        why = "the WebP header is truncated";
        return std::nullopt;
    }
    const std::string_view chunk = b.substr(12, 4);
    if (chunk == "VP8 ")
    {
        // Frame tag (3 bytes at 20), start code 9D 01 2A, then 14-bit width and height.
        if (byte(b, 23) != 0x9D || byte(b, 24) != 0x01 || byte(b, 25) != 0x2A)
        {
            why = "the WebP (VP8) frame header is invalid";
            return std::nullopt;
        }
        return sized("image/webp", "webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF, why);
    }
    if (chunk == "VP8L")
    {
        // Signature 0x2F, then 14 bits width-1 and 14 bits height-1, little endian.
        if (byte(b, 20) != 0x2F)
        {
            why = "the WebP (VP8L) header is invalid";
            return std::nullopt;
        }
        const std::uint32_t bits = le32(b, 21);
        return sized("image/webp", "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, why);
    }
    if (chunk == "VP8X")
    {
        // Flags (4 bytes at 20), canvas width-1 (24 bits at 24), height-1 (24 bits at 27).
        return sized("image/webp", "webp", le24(b, 24) + 1, le24(b, 27) + 1, why);
    }
    why = "the WebP has no VP8, VP8L or VP8X chunk";
    return std::nullopt;
}

/// The Orientation (1-8) in an Exif APP1 payload ("Exif\0\0" + TIFF), or 0 for none.
unsigned exif_orientation(std::string_view payload)
{
    if (payload.size() < 6 + 8 || payload.substr(0, 6) != std::string_view("Exif\0\0", 6))
        return 0;
    const std::string_view tiff = payload.substr(6);
    const bool little           = tiff.substr(0, 2) == "II";
    if (!little && tiff.substr(0, 2) != "MM")
        return 0;
    auto u16 = [&](std::size_t at) {
        return little ? le16(tiff, at) : be16(tiff, at);
    };
    auto u32 = [&](std::size_t at) {
        return little ? le32(tiff, at) : be32(tiff, at);
    };
    if (u16(2) != 42)
        return 0;
    const std::uint32_t ifd = u32(4);
    if (ifd < 8 || ifd > tiff.size() - 2)
        return 0;
    const std::uint32_t count = u16(ifd);
    if (static_cast<std::size_t>(count) * 12 > tiff.size() - ifd - 2)
        return 0;
    for (std::uint32_t i = 0; i < count; ++i)
    {
        const std::size_t entry = ifd + 2 + static_cast<std::size_t>(i) * 12;
        // Tag 0x0112, type SHORT (3), count 1: the value sits in the entry itself.
        if (u16(entry) == 0x0112 && u16(entry + 2) == 3 && u32(entry + 4) == 1)
        {
            const std::uint32_t v = u16(entry + 8);
            return v >= 1 && v <= 8 ? v : 0;
        }
    }
    return 0;
}

/// An APP1 segment with a minimal little-endian Exif: IFD0 holding only the Orientation.
std::string orientation_segment(unsigned orientation)
{
    std::string tiff;
    tiff += "II";
    tiff += std::string("\x2A\x00\x08\x00\x00\x00", 6);         // 42, IFD0 at offset 8
    tiff += std::string("\x01\x00", 2);                         // one entry
    tiff += std::string("\x12\x01\x03\x00\x01\x00\x00\x00", 8); // 0x0112, SHORT, count 1
    tiff += static_cast<char>(orientation);
    tiff += std::string("\x00\x00\x00", 3);     // value, padding
    tiff += std::string("\x00\x00\x00\x00", 4); // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t len     = payload.size() + 2;
    std::string seg;
    seg += static_cast<char>(0xFF);
    seg += static_cast<char>(0xE1);
    seg += static_cast<char>((len >> 8) & 0xFF);
    seg += static_cast<char>(len & 0xFF);
    seg += payload;
    return seg;
}

} // namespace

std::optional<image_info> probe_image(std::string_view bytes, std::string& why)
{
    if (bytes.size() >= 8 && bytes.substr(0, 8) == std::string_view("\x89PNG\r\n\x1A\n", 8))
        return probe_png(bytes, why);
    if (bytes.size() >= 6 && (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a"))
        return probe_gif(bytes, why);
    if (bytes.size() >= 3 && byte(bytes, 0) == 0xFF && byte(bytes, 1) == 0xD8 &&
        byte(bytes, 2) == 0xFF)
        return probe_jpeg(bytes, why);
    if (bytes.size() >= 12 && bytes.substr(0, 4) == "RIFF" && bytes.substr(8, 4) == "WEBP")
        return probe_webp(bytes, why);
    why = "not a JPEG, PNG, GIF or WebP image";
    return std::nullopt;
}

std::optional<std::string> strip_jpeg_metadata(std::string_view jpeg, std::string& why)
{
    if (jpeg.size() < 4 || byte(jpeg, 0) != 0xFF || byte(jpeg, 1) != 0xD8)
    {
        why = "not a JPEG";
        return std::nullopt;
    }
    std::string out(jpeg.substr(0, 2));
    unsigned orientation     = 0;
    bool orientation_written = false;
    std::size_t pos          = 2;
    for (;;)
    {
        if (pos + 2 > jpeg.size() || byte(jpeg, pos) != 0xFF)
        {
            why = "the JPEG segment structure is broken";
            return std::nullopt;
        }
        const unsigned char marker = byte(jpeg, pos + 1);
        if (marker == 0xFF)
        {
            ++pos; // a fill byte
            continue;
        }
        if (is_standalone(marker))
        {
            out.append(jpeg.substr(pos, 2));
            pos += 2;
            if (marker == 0xD9)
                return out; // EOI without a scan
            continue;
        }
        if (pos + 4 > jpeg.size())
        {
            why = "the JPEG segment structure is broken";
            return std::nullopt;
        }
        const std::uint32_t len = be16(jpeg, pos + 2);
        if (len < 2 || pos + 2 + len > jpeg.size())
        {
            why = "the JPEG has a truncated segment";
            return std::nullopt;
        }
        const std::string_view segment = jpeg.substr(pos, 2 + len);
        if (marker == 0xE1)
        {
            if (unsigned o = exif_orientation(segment.substr(4)); o != 0 && orientation == 0)
                orientation = o;
        }
        else if (marker != 0xED)
        {
            // The minimal Exif goes where Exif is expected: after APP0 (JFIF), before the
            // rest.
            if (orientation != 0 && !orientation_written && marker != 0xE0)
            {
                out += orientation_segment(orientation);
                orientation_written = true;
            }
            out.append(segment);
        }
        pos += 2 + len;
        if (marker == 0xDA)
        {
            // The scan's entropy-coded data and everything after it are copied as they are.
            out.append(jpeg.substr(pos));
            return out;
        }
    }
}

} // namespace fedblog::node
