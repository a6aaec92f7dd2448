// SPDX-License-Identifier: AGPL-3.0-or-later
// Storing uploaded images: checked, cleaned, content-addressed files under DIR/media.
#pragma once

#include "node/http/http_error.hpp"
#include "storage/store.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <variant>

namespace fedblog::node {

/** Checks and stores an uploaded image: at most `max_bytes`, a JPEG, PNG, GIF or WebP by its
    bytes (probe_image()), location metadata removed from JPEGs (strip_jpeg_metadata()),
    written to `data_dir`/media/<first 32 hex digits of its SHA-256>.<ext> (atomically: a
    temporary file renamed into place; the same bytes always get the same name) and recorded
    with its type and size in `s`.
    @return the record; an http_error: 413 too large, 415 not a supported image, 400 a
    broken one, 500 when the file cannot be written.
    Blocking (file and database I/O): run it on the database pool.
*/
[[nodiscard]] std::variant<storage::media_file, http_error>
store_image(const std::filesystem::path& data_dir, storage::store& s, std::string_view bytes,
            std::size_t max_bytes, storage::time_point now);

} // namespace fedblog::node
