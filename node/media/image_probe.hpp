// SPDX-License-Identifier: AGPL-3.0-or-later
// Uploaded images: recognising JPEG, PNG, GIF and WebP by their bytes, reading their size,
// and removing location metadata from JPEGs. Pure functions over bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fedblog::node {

/// What probe_image() found.
struct image_info
{
    std::string media_type; ///< image/jpeg, image/png, image/gif or image/webp
    std::string extension;  ///< jpg, png, gif or webp
    std::uint32_t width  = 0;
    std::uint32_t height = 0;
};

/// Images larger than this on either side are refused (a decompression bomb for readers).
inline constexpr std::uint32_t max_image_side = 16384;

/** Identifies `bytes` by their signature — never by a name or a declared type — and reads
    the pixel size from the header: PNG (IHDR), GIF (logical screen), JPEG (the first SOFn
    frame header before the scan), WebP (VP8, VP8L or VP8X).
    @return the info; std::nullopt with `why` set (a short reason fit for a client) for
    anything else, a truncated or inconsistent header, or a side of 0 or over max_image_side.
    Never reads past `bytes`.

    @par Specification
    PNG (ISO/IEC 15948) 5.2, 11.2.2; GIF89a 17-18; JPEG (ITU T.81) B.1.1, B.2.2; WebP
    container (RFC 9649) 2.5-2.7; VP8 (RFC 6386) 9.1.
*/
[[nodiscard]] std::optional<image_info> probe_image(std::string_view bytes, std::string& why);

/** Removes from a JPEG the metadata that can locate the photographer: every APP1 segment
    (Exif, with its GPS IFD, and XMP) and APP13 (Photoshop/IPTC). When the Exif carried an
    Orientation, a minimal Exif holding only that tag takes its place, so phone photos still
    show upright. Everything else (JFIF, ICC profile, tables, the image data) is copied as is.
    @return the cleaned file; std::nullopt with `why` for a malformed segment structure.
*/
[[nodiscard]] std::optional<std::string> strip_jpeg_metadata(std::string_view jpeg,
                                                             std::string& why);

} // namespace fedblog::node
