// SPDX-License-Identifier: AGPL-3.0-or-later
// tune_malloc(): freed small blocks no longer collect in glibc's fastbins.
#include "node/malloc_tuning.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fedblog::node {
namespace {

// The sanitizers bring allocators of their own, which neither keep fastbins nor count them.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
constexpr bool glibc_allocator = true;

/// What fastbins gain while 256 blocks of 48 bytes are freed: more than a tcache (7 a size)
/// holds, so with fastbins on most of them land there. (Counted as a gain: the arenas of
/// threads that earlier tests started keep what their fastbins held.)
std::size_t fastbin_gain_from_small_frees()
{
    std::vector<void*> blocks;
    blocks.reserve(256);
    const std::size_t before = mallinfo2().fsmblks;
    for (int i = 0; i < 256; ++i)
    {
        auto* p = static_cast<volatile char*>(std::malloc(48));
        p[0]    = 1; // used, so the pair is not optimised away
        blocks.push_back(const_cast<char*>(p));
    }
    for (void* p : blocks)
        std::free(p);
    const std::size_t after = mallinfo2().fsmblks;
    return after > before ? after - before : 0;
}
#else
constexpr bool glibc_allocator = false;

std::size_t fastbin_gain_from_small_frees()
{
    return 0;
}
#endif

} // namespace

BOOST_AUTO_TEST_SUITE(malloc_tuning)

BOOST_AUTO_TEST_CASE(freed_small_blocks_stay_out_of_fastbins_once_tuned,
                     *boost::unit_test::enable_if<glibc_allocator>())
{
    // The default, which the check below must see go: otherwise it proves nothing.
    BOOST_TEST(fastbin_gain_from_small_frees() > 0u);
    BOOST_TEST(tune_malloc().empty());
    BOOST_TEST(fastbin_gain_from_small_frees() == 0u);
    // Tuning twice is harmless (`serve` may be started again in one process by tests).
    BOOST_TEST(tune_malloc().empty());
}

BOOST_AUTO_TEST_SUITE_END()

} // namespace fedblog::node
