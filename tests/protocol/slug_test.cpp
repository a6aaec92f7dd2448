// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for permalink slugs.

// Test that header file is self-contained.
#include "protocol/slug.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace fedblog::protocol;
using namespace std::string_literals;

namespace {

struct slug_case
{
    std::string_view text;
    std::string_view slug;
};

} // namespace

BOOST_AUTO_TEST_SUITE(slug)

BOOST_AUTO_TEST_CASE(makes_slugs_from_ascii_titles)
{
    for (const slug_case& c : {
             slug_case{"Hello", "hello"},                                  // one word, folded
             slug_case{"Hello World", "hello-world"},                      // words joined by '-'
             slug_case{"Hello, World!", "hello-world"},                    // punctuation separates
             slug_case{"C++ & Rust: 2024 edition", "c-rust-2024-edition"}, // runs collapse
             slug_case{"  --Leading and trailing--  ", "leading-and-trailing"}, // trimmed
             slug_case{"snake_case/and.dots", "snake-case-and-dots"}, // '_', '/', '.' separate
             slug_case{"Tabs\tand\nnewlines", "tabs-and-newlines"},   // any whitespace
             slug_case{"100% true", "100-true"},                      // digits kept
             slug_case{"ALL CAPS", "all-caps"},                       // case folded
         })
    {
        BOOST_TEST_CONTEXT(c.text)
        {
            BOOST_TEST(make_slug(c.text) == c.slug);
        }
    }
}

BOOST_AUTO_TEST_CASE(drops_apostrophes_inside_words)
{
    for (const slug_case& c : {
             slug_case{"Don't panic", "dont-panic"},      // ASCII apostrophe
             slug_case{"Don\u2019t panic", "dont-panic"}, // U+2019, what editors type
             slug_case{"O\u02BCahu", "oahu"},             // U+02BC modifier apostrophe
             slug_case{"'quoted'", "quoted"},             // at the edges too
         })
    {
        BOOST_TEST_CONTEXT(c.text)
        {
            BOOST_TEST(make_slug(c.text) == c.slug);
        }
    }
}

BOOST_AUTO_TEST_CASE(folds_accented_latin_letters)
{
    // "\u00E9" in an ordinary literal is UTF-8 (GCC's and clang's execution character set).
    for (const slug_case& c : {
             // Latin-1 Supplement, precomposed (NFC): French, Spanish, Danish, German.
             slug_case{"Caf\u00E9 cr\u00E8me br\u00FBl\u00E9e", "cafe-creme-brulee"},
             slug_case{"\u00C0 la fran\u00E7aise", "a-la-francaise"},
             slug_case{"Se\u00F1or Mu\u00F1oz", "senor-munoz"},
             slug_case{"\u00D8resund", "oresund"},
             slug_case{"\u00DCber", "uber"},
             // Latin Extended-A: Polish, Czech, Turkish, Hungarian, Latvian, Slovak.
             slug_case{"\u0141\u00F3d\u017A", "lodz"},
             slug_case{"\u017B\u00F3\u0142\u0107", "zolc"},
             slug_case{"\u010Cesk\u00FD Krumlov", "cesky-krumlov"},
             slug_case{"\u0130stanbul \u011F", "istanbul-g"},
             slug_case{"Erd\u0151s", "erdos"},
             slug_case{"R\u012Bga", "riga"},
             slug_case{"\u0160koda \u017Dilina", "skoda-zilina"},
             // Spelled out as two letters.
             slug_case{"Stra\u00DFe", "strasse"},
             slug_case{"\u00C6sop", "aesop"},
             slug_case{"\u0152uvre", "oeuvre"},
             slug_case{"\u0132ssel", "ijssel"},
             // Decomposed (NFD): the combining accent goes, the word stays whole.
             slug_case{"Cafe\u0301 re\u0301sume\u0301", "cafe-resume"},
             slug_case{"n\u0303o\u0308", "no"},
         })
    {
        BOOST_TEST_CONTEXT(c.slug)
        {
            BOOST_TEST(make_slug(c.text) == c.slug);
        }
    }
}

BOOST_AUTO_TEST_CASE(other_characters_separate_words)
{
    for (const slug_case& c : {
             slug_case{"2 \u00D7 3 \u00F7 4", "2-3-4"},          // × and ÷ are no letters
             slug_case{"caf\u00E9\u2014bar", "cafe-bar"},        // em dash
             slug_case{"emoji \U0001F600 ok", "emoji-ok"},       // four-byte character
             slug_case{"Tokyo \u6771\u4EAC trip", "tokyo-trip"}, // CJK inside
             slug_case{"a\u00A0b", "a-b"},                       // no-break space
         })
    {
        BOOST_TEST_CONTEXT(c.slug)
        {
            BOOST_TEST(make_slug(c.text) == c.slug);
        }
    }
}

BOOST_AUTO_TEST_CASE(all_non_latin_text_gives_an_empty_slug)
{
    BOOST_TEST(make_slug("\u041F\u0440\u0438\u0432\u0435\u0442 \u043C\u0438\u0440") ==
               "");                                                      // Russian
    BOOST_TEST(make_slug("\u65E5\u672C\u8A9E") == "");                   // Japanese
    BOOST_TEST(make_slug("\u0395\u03BB\u03BB\u03AC\u03B4\u03B1") == ""); // Greek
    BOOST_TEST(make_slug("\U0001F389\U0001F389") == "");                 // emoji
    BOOST_TEST(make_slug("!!! ??? ...") == "");
    BOOST_TEST(make_slug("") == "");
}

BOOST_AUTO_TEST_CASE(survives_invalid_utf8)
{
    // Lone continuation bytes, truncated sequences and overlong forms separate words (and an
    // overlong 'A' is not read as 'a').
    BOOST_TEST(make_slug("ab\x80\xBF"s + "cd") == "ab-cd");
    BOOST_TEST(make_slug("ab\xC3") == "ab");
    BOOST_TEST(make_slug("ab\xE2\x80") == "ab");
    BOOST_TEST(make_slug("ab\xF0\x9F\x98") == "ab");
    BOOST_TEST(make_slug("\xC1\x81"s + "bc") == "bc");
    BOOST_TEST(make_slug("\xC3(x") == "x");
    BOOST_TEST(make_slug("\xFF\xFE"s + "ab") == "ab");
    BOOST_TEST(make_slug("a\0b"s) == "a-b");
}

BOOST_AUTO_TEST_CASE(caps_the_length_at_a_word_boundary)
{
    BOOST_TEST(make_slug("the quick brown fox jumps", 15) == "the-quick-brown");
    BOOST_TEST(make_slug("the quick brown fox jumps", 16) == "the-quick-brown");
    BOOST_TEST(make_slug("the quick brown fox jumps", 19) == "the-quick-brown-fox");
    BOOST_TEST(make_slug("the quick brown fox jumps", 14) == "the-quick");
    // Exactly at the limit.
    BOOST_TEST(make_slug("hello", 5) == "hello");
    // A single word longer than the cap is cut: there is no boundary to use.
    BOOST_TEST(make_slug("supercalifragilistic", 5) == "super");
    // A two-letter fold does not overshoot, and "ss" is never split.
    BOOST_TEST(make_slug("ab stra\u00DFe", 7) == "ab");
    BOOST_TEST(make_slug("stra\u00DFe", 5) == "stra");
    // Nothing fits.
    BOOST_TEST(make_slug("hello", 0) == "");

    // The default cap is 60.
    std::string words;
    for (int i = 0; i < 40; ++i)
        words += "word ";
    std::string const s = make_slug(words);
    BOOST_TEST(s.size() <= 60u);
    BOOST_TEST(s.size() == 59u); // "word" * 12 joined by 11 dashes
    BOOST_TEST(is_valid_slug(s));
}

BOOST_AUTO_TEST_CASE(every_slug_made_is_valid_or_empty)
{
    for (std::string_view text : {"Hello, World!", "  --x--  ", "\u00C6\u00C6", "a-b", "-",
                                  "a\u2019", "x y z", "1", "\u0301a"})
    {
        for (std::size_t cap : {1u, 2u, 3u, 5u, 60u})
        {
            std::string const s = make_slug(text, cap);
            BOOST_TEST_CONTEXT(text << " cap " << cap)
            {
                BOOST_TEST(s.size() <= cap);
                BOOST_TEST((s.empty() || is_valid_slug(s)));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(is_valid_slug_checks_the_alphabet_and_edges)
{
    BOOST_TEST(is_valid_slug("hello-world"));
    BOOST_TEST(is_valid_slug("a"));
    BOOST_TEST(is_valid_slug("2024-11-25-0a1b2c")); // the date + random fallback
    BOOST_TEST(is_valid_slug("a--b"));              // doubled dash is not forbidden
    BOOST_TEST(is_valid_slug(std::string(200, 'a')));

    for (std::string const& bad : {
             ""s,                   // empty
             "-hello"s,             // leading dash
             "hello-"s,             // trailing dash
             "-"s,                  // dash only
             "Hello"s,              // uppercase
             "hello_world"s,        // underscore
             "hello world"s,        // space
             "../etc/passwd"s,      // path traversal
             "a/b"s,                // slash
             "a.b"s,                // dot
             "caf\xC3\xA9"s,        // non-ASCII
             "a\0b"s,               // NUL
             "a%2Fb"s,              // percent-escape
             std::string(201, 'a'), // longer than any slug we make
         })
    {
        BOOST_TEST_CONTEXT('"' << bad << '"')
        {
            BOOST_TEST(!is_valid_slug(bad));
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
