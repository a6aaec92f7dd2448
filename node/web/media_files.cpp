// SPDX-License-Identifier: AGPL-3.0-or-later
// Media types by extension.
#include "node/web/media_files.hpp"

namespace fedblog::node {

std::string_view media_type_for(std::string_view name) noexcept
{
    const auto dot = name.rfind('.');
    if (dot == std::string_view::npos)
        return {};
    const std::string_view ext = name.substr(dot + 1);
    if (ext == "png")
        return "image/png";
    if (ext == "jpg" || ext == "jpeg")
        return "image/jpeg";
    if (ext == "gif")
        return "image/gif";
    if (ext == "webp")
        return "image/webp";
    return {};
}

} // namespace fedblog::node
