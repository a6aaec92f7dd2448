// SPDX-License-Identifier: AGPL-3.0-or-later
// Files under DIR/media: their media types.
#pragma once

#include <string_view>

namespace fedblog::node {

/// The image media type for a file name's extension (png, jpg/jpeg, gif, webp), or "" for
/// anything else, which is never served.
[[nodiscard]] std::string_view media_type_for(std::string_view name) noexcept;

} // namespace fedblog::node
