// SPDX-License-Identifier: AGPL-3.0-or-later
// The Boost.Test framework, compiled once and linked into every test executable.
#define BOOST_TEST_MODULE fedblog
#include <boost/test/included/unit_test.hpp>
