// SPDX-License-Identifier: AGPL-3.0-or-later
// The process's open-file limit.
#include "node/open_files.hpp"

#include <algorithm>
#include <sys/resource.h>

namespace fedblog::node {

namespace {

// Linux's default fs.nr_open: a larger soft limit is refused anyway.
constexpr rlim_t most_files = 1U << 20U;

} // namespace

std::uint64_t raise_open_file_limit() noexcept
{
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 0;
    const rlim_t wanted =
        lim.rlim_max == RLIM_INFINITY ? most_files : std::min(lim.rlim_max, most_files);
    if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur < wanted)
    {
        const rlimit raised{wanted, lim.rlim_max};
        (void)::setrlimit(RLIMIT_NOFILE, &raised); // refused: the old limit stays
    }
    return open_file_limit();
}

std::uint64_t open_file_limit() noexcept
{
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 0;
    return lim.rlim_cur == RLIM_INFINITY ? most_files : lim.rlim_cur;
}

} // namespace fedblog::node
