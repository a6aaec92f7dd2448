// SPDX-License-Identifier: AGPL-3.0-or-later
// Tests for fedblog.conf: username and domain rules, loading, validation, overrides, rendering.

// Test that header file is self-contained.
#include "node/config.hpp"

#include "tests/node/node_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using fedblog::node::config;
using fedblog::node::config_overrides;
using fedblog::node::is_valid_domain;
using fedblog::node::is_valid_username;
using fedblog::node::load_config;
using fedblog::node::render_config;
using fedblog::node::test::temp_dir;

namespace {

struct row
{
    std::string_view input;
    bool valid;
};

constexpr std::string_view minimal = "scheme = https\n"
                                     "domain = blog.example\n"
                                     "user = author\n";

/// Loads `text` as DIR/fedblog.conf; `reason` receives the refusal text.
boost::system::result<config> load_text(const temp_dir& dir, std::string_view text,
                                        std::string& reason, const config_overrides& o = {})
{
    dir.write("fedblog.conf", text);
    return load_config(dir.path(), o, reason);
}

/// Expects `text` to be refused with a reason containing `needle`.
void expect_refused(std::string_view text, std::string_view needle)
{
    temp_dir dir;
    std::string reason;
    const auto cfg = load_text(dir, text, reason);
    BOOST_TEST_CONTEXT(text)
    {
        BOOST_TEST(!cfg);
        if (!cfg)
            BOOST_TEST((cfg.error() == boost::system::errc::invalid_argument));
        BOOST_TEST(reason.find(needle) != std::string::npos, "reason: " << reason);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_config)

BOOST_AUTO_TEST_CASE(username_follows_mastodon_rule)
{
    const row rows[] = {
        {"author", true},      // plain
        {"a", true},           // one character
        {"_", true},           // underscore alone is a word character
        {"bob_99", true},      // digits and underscore
        {"0day", true},        // may start with a digit
        {"jean.luc", true},    // dot between words
        {"jean-luc", true},    // dash between words
        {"a.-b", true},        // [.-]+ allows a run of separators
        {"a..b", true},        // likewise
        {"a.b-c_d", true},     // several groups
        {"", false},           // empty
        {"Author", false},     // uppercase: Mastodon's USERNAME_ONLY_RE is lowercase
        {".author", false},    // leading separator
        {"author.", false},    // trailing separator
        {"-author", false},    // leading dash
        {"author-", false},    // trailing dash
        {"au thor", false},    // space
        {"au@thor", false},    // '@' would break the handle
        {"au/thor", false},    // '/' would break the actor URL
        {"au%20r", false},     // escapes are not decoded
        {"caf\xC3\xA9", false} // non-ASCII
    };
    for (const auto& r : rows)
        BOOST_TEST(is_valid_username(r.input) == r.valid, '"' << r.input << '"');
    // Mastodon's own limit for local names is 30; they must pass.
    BOOST_TEST(is_valid_username(std::string(30, 'a')));
}

BOOST_AUTO_TEST_CASE(domain_accepts_hosts_addresses_and_ports)
{
    const row rows[] = {
        {"blog.example", true},                 // DNS name
        {"localhost", true},                    // single label
        {"my-blog.example.org", true},          // dash inside a label
        {"xn--caf-dma.example", true},          // IDNA A-label
        {"blog.example:8443", true},            // with port
        {"blog.example:1", true},               // lowest port
        {"blog.example:65535", true},           // highest port
        {"127.0.0.1", true},                    // IPv4
        {"127.0.0.1:18080", true},              // IPv4 with port (the test setup)
        {"[::1]", true},                        // IPv6 in brackets
        {"[::1]:8080", true},                   // IPv6 with port
        {"[2001:db8::1]:443", true},            // longer IPv6
        {"[::ffff:192.0.2.1]", true},           // IPv4-mapped IPv6 in dotted form
        {"", false},                            // empty
        {"Blog.Example", false},                // uppercase: ids are compared as strings
        {"BLOG.example:80", false},             // uppercase with port
        {"[2001:DB8::1]", false},               // uppercase IPv6 (URL parsers lowercase it)
        {"blog.example:", false},               // empty port
        {"blog.example:0", false},              // port 0 is not a port one can connect to
        {"blog.example:65536", false},          // port > 65535
        {"blog.example:99999", false},          // port > 65535, five digits
        {"blog.example:123456", false},         // six digits
        {"blog.example:-1", false},             // sign
        {"blog.example:+80", false},            // sign
        {"blog.example:http", false},           // named port
        {".blog.example", false},               // leading dot
        {"blog.example.", false},               // trailing dot (absolute form) changes the id
        {"blog..example", false},               // empty label
        {"-blog.example", false},               // label starting with '-'
        {"blog-.example", false},               // label ending with '-'
        {"blog_example.org", false},            // underscore is not a host character
        {"blog example", false},                // space
        {"https://blog.example", false},        // a URL, not a domain
        {"blog.example/path", false},           // path
        {"user@blog.example", false},           // userinfo
        {"::1", false},                         // IPv6 without brackets
        {"[::1", false},                        // unclosed bracket
        {"[]", false},                          // empty brackets
        {"[::1]x", false},                      // garbage after bracket
        {"[::1]:", false},                      // empty port after bracket
        {"[::1]:65536", false},                 // port > 65535 after bracket
        {"[::g]", false},                       // not hex
        {"[1]", false},                         // not an IPv6 address
        {"[:::::]", false},                     // not an IPv6 address either
        {"[fe80::1%25eth0]", false},            // zone ids have no place in ids
        {std::string_view("blog\0x", 6), false} // NUL
    };
    for (const auto& r : rows)
        BOOST_TEST(is_valid_domain(r.input) == r.valid, '"' << r.input << '"');
    // A label of 63 characters is the DNS maximum; 64 is too long.
    BOOST_TEST(is_valid_domain(std::string(63, 'a') + ".example"));
    BOOST_TEST(!is_valid_domain(std::string(64, 'a') + ".example"));
}

BOOST_AUTO_TEST_CASE(loads_minimal_file_with_defaults)
{
    temp_dir dir;
    std::string reason;
    const auto cfg = load_text(dir, "domain = blog.example\nuser = author\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(reason.empty());
    BOOST_TEST(cfg->data_dir == dir.path());
    BOOST_TEST(cfg->scheme == "https");
    BOOST_TEST(cfg->domain == "blog.example");
    BOOST_TEST(cfg->user == "author");
    BOOST_TEST(cfg->display_name.empty());
    BOOST_TEST(cfg->fields.empty());
    BOOST_TEST(cfg->listen == "127.0.0.1:8080");
    BOOST_TEST(cfg->threads == 0u);
    BOOST_TEST(cfg->scheduling == "delivery");
    BOOST_TEST(cfg->database == "sqlite:" + (dir.path() / "fedblog.db").string());
    BOOST_TEST(cfg->log_level == "info");
    BOOST_TEST(cfg->access_log);
    BOOST_TEST(!cfg->allow_http_peers);
    BOOST_TEST(!cfg->allow_private_addresses);
    BOOST_TEST(cfg->max_inbox_body == 1024u * 1024u);
    BOOST_TEST(cfg->fetch_timeout.count() == 10);
    BOOST_TEST(cfg->delivery_timeout.count() == 30);
    BOOST_TEST(cfg->shutdown_grace.count() == 10);
    BOOST_TEST(cfg->delivery_concurrency == 32u);
    BOOST_TEST(cfg->retry_scale == 1.0);
}

BOOST_AUTO_TEST_CASE(reads_every_key)
{
    temp_dir dir;
    std::string reason;
    const auto cfg = load_text(dir,
                               "# a comment\n"
                               "scheme = http\n"
                               "domain = 127.0.0.1:18080\n"
                               "user = jean.luc\n"
                               "created = 2024-05-01T10:00:00Z\n"
                               "name = Jean-Luc Picard\n"
                               "summary = Captain of a starship.\n"
                               "listen = 0.0.0.0:18080\n"
                               "threads = 3\n"
                               "scheduling = normal\n"
                               "database = postgresql://fedblog@db/fedblog\n"
                               "log_level = debug\n"
                               "access_log = false\n"
                               "allow_http_peers = true\n"
                               "allow_private_addresses = yes\n"
                               "max_inbox_body = 2048\n"
                               "fetch_timeout = 5\n"
                               "delivery_timeout = 7\n"
                               "shutdown_grace = 2\n"
                               "idle_timeout = 9\n"
                               "delivery_concurrency = 4\n"
                               "retry_scale = 0.01\n",
                               reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->scheme == "http");
    BOOST_TEST(cfg->domain == "127.0.0.1:18080");
    BOOST_TEST(cfg->user == "jean.luc");
    BOOST_TEST(cfg->created == "2024-05-01T10:00:00Z");
    BOOST_TEST(cfg->display_name == "Jean-Luc Picard");
    BOOST_TEST(cfg->summary == "Captain of a starship.");
    BOOST_TEST(cfg->listen == "0.0.0.0:18080");
    BOOST_TEST(cfg->threads == 3u);
    BOOST_TEST(cfg->scheduling == "normal");
    // Non-SQLite URLs are used as written.
    BOOST_TEST(cfg->database == "postgresql://fedblog@db/fedblog");
    BOOST_TEST(cfg->log_level == "debug");
    BOOST_TEST(!cfg->access_log);
    BOOST_TEST(cfg->allow_http_peers);
    BOOST_TEST(cfg->allow_private_addresses);
    BOOST_TEST(cfg->max_inbox_body == 2048u);
    BOOST_TEST(cfg->fetch_timeout.count() == 5);
    BOOST_TEST(cfg->delivery_timeout.count() == 7);
    BOOST_TEST(cfg->shutdown_grace.count() == 2);
    BOOST_TEST(cfg->idle_timeout.count() == 9);
    BOOST_TEST(cfg->delivery_concurrency == 4u);
    BOOST_TEST(cfg->retry_scale == 0.01);
}

BOOST_AUTO_TEST_CASE(missing_file_is_refused_with_a_hint)
{
    temp_dir dir;
    std::string reason;
    const auto cfg = load_config(dir.path() / "nowhere", {}, reason);
    BOOST_TEST(!cfg);
    BOOST_TEST(reason.find("fedblog init") != std::string::npos, reason);
}

BOOST_AUTO_TEST_CASE(relative_sqlite_path_is_resolved_into_the_data_dir)
{
    temp_dir dir;
    std::string reason;
    auto cfg = load_text(dir, std::string(minimal) + "database = sqlite:other.db\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->database == "sqlite:" + (dir.path() / "other.db").string());

    cfg = load_text(dir, std::string(minimal) + "database = sqlite:db/blog.db\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->database == "sqlite:" + (dir.path() / "db/blog.db").string());

    // A bare relative file name (open_store accepts "fedblog.db") lives in the data dir too,
    // not in whatever directory the service happens to start in.
    cfg = load_text(dir, std::string(minimal) + "database = other.db\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->database == "sqlite:" + (dir.path() / "other.db").string());
}

BOOST_AUTO_TEST_CASE(absolute_sqlite_paths_are_kept)
{
    temp_dir dir;
    std::string reason;
    auto cfg = load_text(dir, std::string(minimal) + "database = sqlite:/var/lib/f.db\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->database == "sqlite:/var/lib/f.db");

    cfg = load_text(dir, std::string(minimal) + "database = sqlite:///var/lib/f.db\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->database == "sqlite:///var/lib/f.db");

    cfg = load_text(dir, std::string(minimal) + "database = /var/lib/f.db\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->database == "/var/lib/f.db");
}

BOOST_AUTO_TEST_CASE(parses_profile_fields)
{
    temp_dir dir;
    std::string reason;
    const auto cfg = load_text(dir,
                               std::string(minimal) + "field = Website | https://blog.example/\n"
                                                      "field =Pronouns|they/them\n"
                                                      "field = \tMatrix\t |  @a:b | c  \n",
                               reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST_REQUIRE(cfg->fields.size() == 3u);
    // In file order, both sides trimmed.
    BOOST_TEST(cfg->fields[0].first == "Website");
    BOOST_TEST(cfg->fields[0].second == "https://blog.example/");
    BOOST_TEST(cfg->fields[1].first == "Pronouns");
    BOOST_TEST(cfg->fields[1].second == "they/them");
    // Only the first '|' separates: the value may hold more.
    BOOST_TEST(cfg->fields[2].first == "Matrix");
    BOOST_TEST(cfg->fields[2].second == "@a:b | c");
}

BOOST_AUTO_TEST_CASE(field_without_bar_is_refused)
{
    expect_refused(std::string(minimal) + "field = just a name\n", "field");
}

BOOST_AUTO_TEST_CASE(unknown_key_is_refused_naming_the_key)
{
    expect_refused(std::string(minimal) + "colour = blue\n", "colour");
    // A typo of a real key.
    expect_refused(std::string(minimal) + "allow_http_peer = true\n", "allow_http_peer");
}

BOOST_AUTO_TEST_CASE(bad_values_are_refused_with_a_reason)
{
    const std::string base = "domain = blog.example\nuser = author\n";
    // Scheme other than https/http.
    expect_refused(base + "scheme = ftp\n", "scheme");
    // Upper case scheme: ids would not match what we serve.
    expect_refused(base + "scheme = HTTPS\n", "scheme");
    // No domain at all.
    expect_refused("user = author\n", "domain");
    // Uppercase domain.
    expect_refused("domain = Blog.Example\nuser = author\n", "domain");
    // No user at all.
    expect_refused("domain = blog.example\n", "user");
    // Mastodon would refuse the handle.
    expect_refused("domain = blog.example\nuser = The Author\n", "user");
    // Zero workers would never deliver anything.
    expect_refused(base + "delivery_concurrency = 0\n", "delivery_concurrency");
    // Negative numbers for unsigned settings must not wrap around to huge values.
    expect_refused(base + "delivery_concurrency = -1\n", "delivery_concurrency");
    expect_refused(base + "threads = -1\n", "threads");
    expect_refused(base + "max_inbox_body = -1\n", "max_inbox_body");
    expect_refused(base + "fetch_timeout = -5\n", "fetch_timeout");
    expect_refused(base + "idle_timeout = -1\n", "idle_timeout");
    // A connection closed the moment it opens could serve nothing.
    expect_refused(base + "idle_timeout = 0\n", "idle_timeout");
    // Not a number.
    expect_refused(base + "threads = many\n", "threads");
    // Only the two policies a node may take without privileges; no real-time ones.
    expect_refused(base + "scheduling = fifo\n", "scheduling");
    expect_refused(base + "scheduling = Batch\n", "scheduling");
    expect_refused(base + "scheduling = deliveries\n", "scheduling");
    expect_refused(base + "scheduling =\n", "scheduling");
    // Too small for any real activity.
    expect_refused(base + "max_inbox_body = 10\n", "max_inbox_body");
    // retry_scale must be in (0, 100].
    expect_refused(base + "retry_scale = 0\n", "retry_scale");
    expect_refused(base + "retry_scale = -1\n", "retry_scale");
    expect_refused(base + "retry_scale = 101\n", "retry_scale");
    expect_refused(base + "retry_scale = nan\n", "retry_scale");
    expect_refused(base + "retry_scale = fast\n", "retry_scale");
    // Booleans are booleans.
    expect_refused(base + "allow_http_peers = maybe\n", "allow_http_peers");
}

BOOST_AUTO_TEST_CASE(retry_scale_bounds_are_inclusive_at_100)
{
    temp_dir dir;
    std::string reason;
    const auto cfg = load_text(dir, std::string(minimal) + "retry_scale = 100\n", reason);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->retry_scale == 100.0);
}

BOOST_AUTO_TEST_CASE(overrides_replace_file_values)
{
    temp_dir dir;
    std::string reason;
    config_overrides o;
    o.listen                  = "127.0.0.1:9999";
    o.allow_http_peers        = true;
    o.allow_private_addresses = true;
    auto cfg = load_text(dir, std::string(minimal) + "listen = 0.0.0.0:80\n", reason, o);
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->listen == "127.0.0.1:9999");
    BOOST_TEST(cfg->allow_http_peers);
    BOOST_TEST(cfg->allow_private_addresses);
}

BOOST_AUTO_TEST_CASE(unset_overrides_keep_file_values)
{
    temp_dir dir;
    std::string reason;
    auto cfg = load_text(dir,
                         std::string(minimal) + "listen = 0.0.0.0:80\nallow_http_peers = true\n"
                                                "allow_private_addresses = true\n",
                         reason, config_overrides{});
    BOOST_TEST_REQUIRE(cfg.has_value(), reason);
    BOOST_TEST(cfg->listen == "0.0.0.0:80");
    // An override of `false` means "not given", never "switch off".
    BOOST_TEST(cfg->allow_http_peers);
    BOOST_TEST(cfg->allow_private_addresses);
}

BOOST_AUTO_TEST_CASE(rendered_config_loads_back_unchanged)
{
    temp_dir dir;
    config in;
    in.scheme       = "http";
    in.domain       = "[::1]:18080";
    in.user         = "jean-luc";
    in.created      = "2024-05-01T10:00:00Z";
    in.display_name = "Jean-Luc \"JL\" Picard";
    in.summary      = "Captain. Likes tea, Earl Grey, hot.";
    in.fields       = {{"Website", "https://blog.example/"}, {"Ship", "NCC-1701-D"}};
    in.listen       = "127.0.0.1:18080";

    const std::string text = render_config(in);
    dir.write("fedblog.conf", text);
    std::string reason;
    const auto out = load_config(dir.path(), {}, reason);
    BOOST_TEST_REQUIRE(out.has_value(), reason << "\n" << text);
    BOOST_TEST(out->scheme == in.scheme);
    BOOST_TEST(out->domain == in.domain);
    BOOST_TEST(out->user == in.user);
    BOOST_TEST(out->created == in.created);
    BOOST_TEST(out->display_name == in.display_name);
    BOOST_TEST(out->summary == in.summary);
    BOOST_TEST((out->fields == in.fields));
    BOOST_TEST(out->listen == in.listen);
    // What render_config leaves commented out comes back as the defaults.
    BOOST_TEST(out->database == "sqlite:" + (dir.path() / "fedblog.db").string());
    BOOST_TEST(out->delivery_concurrency == 32u);
    BOOST_TEST(!out->allow_http_peers);
}

BOOST_AUTO_TEST_CASE(rendered_config_keeps_non_default_settings)
{
    temp_dir dir;
    config in;
    in.domain                  = "blog.example";
    in.user                    = "author";
    in.threads                 = 2;
    in.scheduling              = "normal";
    in.database                = "postgresql://fedblog@db/fedblog";
    in.log_level               = "debug";
    in.access_log              = false;
    in.allow_http_peers        = true;
    in.allow_private_addresses = true;
    in.max_inbox_body          = 4096;
    in.fetch_timeout           = std::chrono::seconds(3);
    in.delivery_timeout        = std::chrono::seconds(4);
    in.shutdown_grace          = std::chrono::seconds(5);
    in.idle_timeout            = std::chrono::seconds(12);
    in.delivery_concurrency    = 6;
    in.retry_scale             = 0.05;

    const std::string text = render_config(in);
    dir.write("fedblog.conf", text);
    std::string reason;
    const auto out = load_config(dir.path(), {}, reason);
    BOOST_TEST_REQUIRE(out.has_value(), reason << "\n" << text);
    BOOST_TEST(out->threads == 2u);
    BOOST_TEST(out->scheduling == "normal");
    BOOST_TEST(out->database == in.database);
    BOOST_TEST(out->log_level == "debug");
    BOOST_TEST(!out->access_log);
    BOOST_TEST(out->allow_http_peers);
    BOOST_TEST(out->allow_private_addresses);
    BOOST_TEST(out->max_inbox_body == 4096u);
    BOOST_TEST(out->fetch_timeout.count() == 3);
    BOOST_TEST(out->delivery_timeout.count() == 4);
    BOOST_TEST(out->shutdown_grace.count() == 5);
    BOOST_TEST(out->idle_timeout.count() == 12);
    BOOST_TEST(out->delivery_concurrency == 6u);
    BOOST_TEST(out->retry_scale == 0.05);
}

BOOST_AUTO_TEST_SUITE_END()
