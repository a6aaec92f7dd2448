// SPDX-License-Identifier: AGPL-3.0-or-later
// store_image(): probe, strip, hash, write, record.
#include "node/media/media_library.hpp"

#include "keys/encoding.hpp"
#include "node/media/image_probe.hpp"
#include "node/net.hpp"

#include <fstream>
#include <system_error>

namespace fedblog::node {

std::variant<storage::media_file, http_error> store_image(const std::filesystem::path& data_dir,
                                                          storage::store& s, std::string_view bytes,
                                                          std::size_t max_bytes,
                                                          storage::time_point now)
{
    namespace fs = std::filesystem;
    if (bytes.size() > max_bytes)
        return http_error{http::status::payload_too_large,
                          "the image is larger than " + std::to_string(max_bytes) + " bytes",
                          {}};
    std::string why;
    auto info = probe_image(bytes, why);
    if (!info)
    {
        const bool unknown = why.starts_with("not a ");
        return http_error{
            unknown ? http::status::unsupported_media_type : http::status::bad_request, why, {}};
    }
    std::string data(bytes);
    if (info->media_type == "image/jpeg")
    {
        auto cleaned = strip_jpeg_metadata(bytes, why);
        if (!cleaned)
            return http_error{http::status::bad_request, why, {}};
        data = std::move(*cleaned);
    }
    storage::media_file m;
    m.name       = keys::hex_encode(keys::sha256(data)).substr(0, 32) + "." + info->extension;
    m.media_type = info->media_type;
    m.width      = info->width;
    m.height     = info->height;
    m.bytes      = static_cast<std::int64_t>(data.size());
    m.created    = now;

    const fs::path dir = data_dir / "media";
    std::error_code ec;
    fs::create_directories(dir, ec);
    const fs::path target = dir / m.name;
    if (!fs::exists(target, ec))
    {
        // Written beside the target and renamed, so a reader never sees half a file.
        const fs::path tmp = dir / ("." + m.name + "." + keys::hex_encode(keys::random_bytes(4)));
        {
            std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
            out.write(data.data(), static_cast<std::streamsize>(data.size()));
            out.close();
            if (!out)
            {
                fs::remove(tmp, ec);
                return http_error{http::status::internal_server_error, "cannot store the image",
                                  "writing " + tmp.string() + " failed"};
            }
        }
        fs::rename(tmp, target, ec);
        if (ec)
        {
            fs::remove(tmp, ec);
            return http_error{http::status::internal_server_error, "cannot store the image",
                              "renaming into " + target.string() + " failed"};
        }
    }
    if (auto recorded = s.put_media(m); !recorded)
        return to_http_error(recorded.error());
    return m;
}

} // namespace fedblog::node
