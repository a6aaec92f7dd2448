// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for log field quoting: a value a peer sent can never forge or split a log line.

// Test that header file is self-contained.
#include "node/log.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using fedblog::node::log_quote;

BOOST_AUTO_TEST_SUITE(node_log)

BOOST_AUTO_TEST_CASE(quotes_only_when_needed)
{
    struct row
    {
        std::string_view in;
        std::string_view out;
    };

    const row rows[] = {
        {"plain", "plain"},                                     // a token stays bare
        {"https://a.example/x?y=1", "https://a.example/x?y=1"}, // URLs have no spaces
        {"caf\xC3\xA9", "caf\xC3\xA9"},                         // UTF-8 passes
        {"", "\"\""},                                           // empty is visible
        {"two words", "\"two words\""},                         // space
        {"say \"hi\"", "\"say \\\"hi\\\"\""},                   // quotes are escaped
        {"back\\slash", "\"back\\\\slash\""},                   // backslash is escaped
        {"tab\there", "\"tab?here\""},                          // controls become '?'
        {"a\x7F"
         "b",
         "\"a?b\""},                                  // DEL too
        {std::string_view("nul\0x", 5), "\"nul?x\""}, // NUL too
        {"esc\x1B[31m", "\"esc?[31m\""},              // no terminal escapes
    };
    for (const auto& r : rows)
        BOOST_TEST(log_quote(r.in) == r.out, '"' << r.in << '"');
}

BOOST_AUTO_TEST_CASE(newlines_cannot_forge_a_line)
{
    const std::string forged = "x\n2024-01-01T00:00:00.000Z info inbox id=1 accepted actor=evil";
    const std::string q      = log_quote(forged);
    BOOST_TEST(q.find('\n') == std::string::npos);
    BOOST_TEST(q.front() == '"');
    BOOST_TEST(q.back() == '"');
    BOOST_TEST(log_quote("a\r\nb") == "\"a??b\"");
}

BOOST_AUTO_TEST_CASE(quoted_value_cannot_close_its_quotes_early)
{
    // An attacker's value tries to end the field and start a new one.
    const std::string q = log_quote("x\" admin=\"true");
    BOOST_TEST(q == "\"x\\\" admin=\\\"true\"");
    // Between the outer quotes, every '"' is escaped.
    const std::string_view inner = std::string_view(q).substr(1, q.size() - 2);
    for (std::size_t i = inner.find('"'); i != std::string_view::npos; i = inner.find('"', i + 1))
        BOOST_TEST(inner[i - 1] == '\\');
}

BOOST_AUTO_TEST_CASE(cuts_long_values)
{
    const std::string long_token(1000, 'a');
    BOOST_TEST(log_quote(long_token) == std::string(300, 'a') + "...");

    const std::string long_words = std::string(500, 'a') + " " + std::string(500, 'b');
    BOOST_TEST(log_quote(long_words) == "\"" + std::string(300, 'a') + "...\"");

    // A control character after the cut still makes the value quoted.
    const std::string late_newline = std::string(400, 'a') + "\n";
    BOOST_TEST(log_quote(late_newline) == "\"" + std::string(300, 'a') + "...\"");

    // Exactly at the limit: nothing cut.
    BOOST_TEST(log_quote(std::string(300, 'a')) == std::string(300, 'a'));
}

BOOST_AUTO_TEST_CASE(escaping_happens_after_the_cut)
{
    // 300 quotes become 600 escaped characters, but never a dangling backslash.
    const std::string q = log_quote(std::string(400, '"'));
    BOOST_TEST(q.size() == 1 + 600 + 3 + 1);
    BOOST_TEST(q.substr(q.size() - 6) == "\\\"...\"");
}

BOOST_AUTO_TEST_SUITE_END()
