// SPDX-License-Identifier: AGPL-3.0-or-later
// A default avatar: a symmetric 5x5 block pattern derived from the handle, as a small PNG.
#pragma once

#include <string>
#include <string_view>

namespace fedblog::node {

/** Renders the identicon of `seed` (the author's handle) as a PNG: 2 colours (a hue from the
    seed's hash on white), 5x5 cells mirrored left-right with a margin, `size` pixels square.
    Deterministic: the same seed gives the same bytes. @return the PNG file's bytes.
*/
[[nodiscard]] std::string render_identicon_png(std::string_view seed, unsigned size = 120);

} // namespace fedblog::node
