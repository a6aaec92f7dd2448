// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading, validating and writing fedblog.conf with Boost.Program_options.
#include "node/config.hpp"

#include <boost/asio/ip/address_v6.hpp>
#include <boost/program_options.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <sstream>
#include <string_view>

namespace fedblog::node {

namespace po = boost::program_options;

bool is_valid_username(std::string_view user) noexcept
{
    // [a-z0-9_]+([.-]+[a-z0-9_]+)*
    if (user.empty() || user.size() > 64)
        return false;
    auto word = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    };
    auto sep = [](char c) {
        return c == '.' || c == '-';
    };
    if (!word(user.front()) || !word(user.back()))
        return false;
    for (char c : user)
    {
        if (!word(c) && !sep(c))
            return false;
    }
    return true;
}

bool is_media_name(std::string_view name) noexcept
{
    if (name.empty() || name.size() > 100 || name.front() == '.')
        return false;
    for (char c : name)
    {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
            return false;
    }
    return name.find("..") == std::string_view::npos;
}

bool is_valid_domain(std::string_view domain) noexcept
{
    if (domain.empty() || domain.size() > 255)
        return false;
    std::string_view host = domain;
    std::string_view port;
    if (host.front() == '[')
    {
        const auto close = host.find(']');
        if (close == std::string_view::npos)
            return false;
        port = host.substr(close + 1);
        host = host.substr(1, close - 1);
        // Lowercase hex only: URL parsers serialize IPv6 hosts in lowercase, and peers compare
        // our ids as strings (INTEROP.md C22), so "[2001:DB8::1]" would not round-trip.
        constexpr std::size_t max_v6_text = 45; // "ffff:...:255.255.255.255"
        if (host.empty() || host.size() > max_v6_text ||
            host.find_first_not_of("0123456789abcdef:.") != std::string_view::npos)
            return false;
        char text[max_v6_text + 1] = {};
        host.copy(text, host.size());
        boost::system::error_code ec;
        (void)boost::asio::ip::make_address_v6(text, ec);
        if (ec)
            return false;
        if (!port.empty())
        {
            if (port.front() != ':')
                return false;
            port.remove_prefix(1);
            if (port.empty())
                return false;
        }
    }
    else
    {
        if (auto colon = host.rfind(':'); colon != std::string_view::npos)
        {
            port = host.substr(colon + 1);
            host = host.substr(0, colon);
            if (port.empty())
                return false;
        }
        if (host.empty() || host.size() > 253)
            return false;
        // DNS labels (RFC 1123 2.1): 1-63 of [a-z0-9-], not starting or ending with '-'.
        // Lowercase only, as ids are compared as strings; no trailing dot, which would be a
        // different id for the same host.
        while (true)
        {
            const auto dot               = host.find('.');
            const std::string_view label = host.substr(0, dot);
            if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
                label.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") !=
                    std::string_view::npos)
                return false;
            if (dot == std::string_view::npos)
                break;
            host.remove_prefix(dot + 1);
        }
    }
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    if (!port.empty())
    {
        unsigned long number = 0;
        for (char c : port)
            number = number * 10 + static_cast<unsigned long>(c - '0');
        // Port 0 cannot be connected to, so no id can carry it.
        if (number == 0 || number > 65535)
            return false;
    }
    return true;
}

boost::system::result<config> load_config(const std::filesystem::path& data_dir,
                                          const config_overrides& overrides, std::string& reason)
{
    config cfg;
    cfg.data_dir    = data_dir;
    const auto file = data_dir / "fedblog.conf";

    std::vector<std::string> fields;
    unsigned fetch_timeout    = 10;
    unsigned delivery_timeout = 30;
    unsigned shutdown_grace   = 10;
    unsigned idle_timeout     = 30;
    po::options_description desc;
    // clang-format off
    desc.add_options()
        ("scheme", po::value(&cfg.scheme))
        ("domain", po::value(&cfg.domain))
        ("user", po::value(&cfg.user))
        ("created", po::value(&cfg.created))
        ("name", po::value(&cfg.display_name))
        ("summary", po::value(&cfg.summary))
        ("field", po::value(&fields)->composing())
        ("comments", po::value(&cfg.comments))
        ("quotes", po::value(&cfg.quotes))
        ("avatar", po::value(&cfg.avatar))
        ("header", po::value(&cfg.header))
        ("post_type", po::value(&cfg.post_type))
        ("max_media_bytes", po::value(&cfg.max_media_bytes))
        ("listen", po::value(&cfg.listen))
        ("threads", po::value(&cfg.threads))
        ("scheduling", po::value(&cfg.scheduling))
        ("database", po::value(&cfg.database))
        ("log_level", po::value(&cfg.log_level))
        ("access_log", po::value(&cfg.access_log))
        ("idle_timeout", po::value(&idle_timeout))
        ("allow_http_peers", po::value(&cfg.allow_http_peers))
        ("allow_private_addresses", po::value(&cfg.allow_private_addresses))
        ("max_inbox_body", po::value(&cfg.max_inbox_body))
        ("tls_ca_file", po::value(&cfg.tls_ca_file))
        ("fetch_timeout", po::value(&fetch_timeout))
        ("delivery_timeout", po::value(&delivery_timeout))
        ("shutdown_grace", po::value(&shutdown_grace))
        ("delivery_concurrency", po::value(&cfg.delivery_concurrency))
        ("delivery_per_host", po::value(&cfg.delivery_per_host))
        ("retry_scale", po::value(&cfg.retry_scale))
        ("metrics_listen", po::value(&cfg.metrics_listen))
        ("metrics_public", po::value(&cfg.metrics_public))
        ("test_clock", po::value(&cfg.test_clock));
    // clang-format on

    std::ifstream in(file);
    if (!in)
    {
        reason = "cannot read " + file.string() + " (run `fedblog init` first)";
        return boost::system::errc::make_error_code(boost::system::errc::no_such_file_or_directory);
    }
    try
    {
        const auto parsed = po::parse_config_file(in, desc, false);
        // program_options converts with lexical_cast, which reads "-1" into an unsigned as
        // its wrapped-around value (4294967295 delivery workers, an unlimited inbox body):
        // refuse a sign on the unsigned keys before converting.
        constexpr std::array<std::string_view, 9> unsigned_keys{
            "threads",        "max_inbox_body",  "fetch_timeout",        "delivery_timeout",
            "shutdown_grace", "max_media_bytes", "delivery_concurrency", "delivery_per_host",
            "idle_timeout"};
        for (const auto& option : parsed.options)
        {
            const bool is_unsigned = std::find(unsigned_keys.begin(), unsigned_keys.end(),
                                               option.string_key) != unsigned_keys.end();
            for (const std::string& v : option.value)
            {
                if (is_unsigned && v.find('-') != std::string::npos)
                {
                    reason = file.string() + ": " + option.string_key + " must not be negative";
                    return boost::system::errc::make_error_code(
                        boost::system::errc::invalid_argument);
                }
            }
        }
        po::variables_map vm;
        po::store(parsed, vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        reason = file.string() + ": " + e.what();
        return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    }
    // A bio has paragraphs; the INI line cannot: fedblog.conf stores them as "\n".
    for (std::size_t pos = cfg.summary.find("\\n"); pos != std::string::npos;
         pos             = cfg.summary.find("\\n", pos + 1))
        cfg.summary.replace(pos, 2, "\n");
    if (fetch_timeout == 0 || delivery_timeout == 0 || shutdown_grace == 0 || idle_timeout == 0)
    {
        reason = "fetch_timeout, delivery_timeout, shutdown_grace and idle_timeout must be at "
                 "least 1 second";
        return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    }
    cfg.fetch_timeout    = std::chrono::seconds(fetch_timeout);
    cfg.delivery_timeout = std::chrono::seconds(delivery_timeout);
    cfg.shutdown_grace   = std::chrono::seconds(shutdown_grace);
    cfg.idle_timeout     = std::chrono::seconds(idle_timeout);
    for (const std::string& f : fields)
    {
        const auto bar = f.find('|');
        if (bar == std::string::npos)
        {
            reason = "field must be \"Name | value\": " + f;
            return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
        }
        auto trim = [](std::string s) {
            s.erase(0, s.find_first_not_of(" \t"));
            s.erase(s.find_last_not_of(" \t") + 1);
            return s;
        };
        cfg.fields.emplace_back(trim(f.substr(0, bar)), trim(f.substr(bar + 1)));
    }

    if (!overrides.listen.empty())
        cfg.listen = overrides.listen;
    cfg.allow_http_peers        = cfg.allow_http_peers || overrides.allow_http_peers;
    cfg.allow_private_addresses = cfg.allow_private_addresses || overrides.allow_private_addresses;
    if (cfg.database.empty())
        cfg.database = "sqlite:" + (data_dir / "fedblog.db").string();
    else if (cfg.database.starts_with("sqlite:") && cfg.database.size() > 7 &&
             cfg.database[7] != '/')
        cfg.database = "sqlite:" + (data_dir / cfg.database.substr(7)).string();
    else if (cfg.database.ends_with(".db") && cfg.database.front() != '/' &&
             cfg.database.find(':') == std::string::npos)
        // A bare file name (which open_store accepts) is relative to the data directory too,
        // not to whatever directory the service was started in.
        cfg.database = "sqlite:" + (data_dir / cfg.database).string();

    auto bad_media = [&](const std::string& name) {
        return !name.empty() &&
               (!is_media_name(name) || !std::filesystem::exists(data_dir / "media" / name));
    };
    if (bad_media(cfg.avatar))
        reason = "avatar must name a file in " + (data_dir / "media").string();
    else if (bad_media(cfg.header))
        reason = "header must name a file in " + (data_dir / "media").string();
    else if (!cfg.tls_ca_file.empty() && !std::filesystem::exists(cfg.tls_ca_file))
        reason = "tls_ca_file does not exist: " + cfg.tls_ca_file;
    else if (cfg.comments != "open" && cfg.comments != "approve" && cfg.comments != "closed")
        reason = "comments must be open, approve or closed";
    else if (cfg.quotes != "public" && cfg.quotes != "none")
        reason = "quotes must be public or none";
    else if (cfg.scheme != "https" && cfg.scheme != "http")
        reason = "scheme must be https or http";
    else if (!is_valid_domain(cfg.domain))
        reason = "domain must be host or host:port (lowercase)";
    else if (!is_valid_username(cfg.user))
        reason = "user must match [a-z0-9_]+([.-]+[a-z0-9_]+)*";
    else if (cfg.max_inbox_body < 1024)
        reason = "max_inbox_body is too small";
    else if (cfg.post_type != "note" && cfg.post_type != "article")
        reason = "post_type must be note or article";
    else if (cfg.max_media_bytes < 1024 || cfg.max_media_bytes > std::size_t{1024} * 1024 * 1024)
        reason = "max_media_bytes must be between 1024 and 1073741824";
    else if (cfg.scheduling != "delivery" && cfg.scheduling != "batch" &&
             cfg.scheduling != "normal")
        reason = "scheduling must be delivery, batch or normal";
    else if (cfg.delivery_concurrency == 0)
        reason = "delivery_concurrency must be at least 1";
    else if (cfg.delivery_per_host == 0)
        reason = "delivery_per_host must be at least 1";
    else if (!(cfg.retry_scale > 0.0 && cfg.retry_scale <= 100.0))
        reason = "retry_scale must be in (0, 100]";
    if (!reason.empty())
        return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    return cfg;
}

namespace {

std::string escape_newlines(std::string_view text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '\n')
            out += "\\n";
        else if (c != '\r')
            out += c;
    }
    return out;
}

} // namespace

std::string render_config(const config& cfg)
{
    std::ostringstream out;
    out << "# fedblog configuration, written by `fedblog init`.\n"
           "# Identity: these values are part of every id this node has published;\n"
           "# changing them breaks existing followers and links.\n"
        << "scheme = " << cfg.scheme << "\n"
        << "domain = " << cfg.domain << "\n"
        << "user = " << cfg.user << "\n"
        << "created = " << cfg.created << "\n\n"
        << "# Profile (a '#' starts a comment, so it cannot appear in values).\n"
        << "name = " << cfg.display_name << "\n"
        << "summary = " << escape_newlines(cfg.summary) << "\n";
    out << "\n# Comments: open (replies appear at once), approve (they wait for\n"
           "# `fedblog comments approve ID`) or closed.\n"
        << (cfg.comments == "open" ? "# " : "") << "comments = " << cfg.comments << "\n"
        << "# Quote posts (FEP-044f): public (accept quotes of public posts) or none.\n"
        << (cfg.quotes == "public" ? "# " : "") << "quotes = " << cfg.quotes << "\n\n";
    out << "# avatar and header name files in DIR/media (served at /media/NAME).\n";
    if (!cfg.avatar.empty())
        out << "avatar = " << cfg.avatar << "\n";
    if (!cfg.header.empty())
        out << "header = " << cfg.header << "\n";
    for (const auto& [name, value] : cfg.fields)
        out << "field = " << name << " | " << value << "\n";
    out << "# field = Website | https://example.com\n\n";

    // Settings still at their default are written commented out, as documentation; the
    // others are written as set, so loading the text gives `cfg` back.
    const config defaults;
    auto setting = [&out](bool is_default, std::string_view key, const std::string& value,
                          std::string_view comment = {}) {
        if (is_default)
            out << "# ";
        out << key << " = " << value;
        if (!comment.empty())
            out << "    # " << comment;
        out << "\n";
    };
    auto flag = [](bool b) {
        return std::string(b ? "true" : "false");
    };
    auto number = [](auto n) {
        return std::to_string(n);
    };

    out << "# Authoring: post_type = note (Mastodon shows the whole post) or article\n"
           "# (long-form; Mastodon shows its title, first words and a link).\n";
    setting(cfg.post_type == defaults.post_type, "post_type", cfg.post_type);
    setting(cfg.max_media_bytes == defaults.max_media_bytes, "max_media_bytes",
            number(cfg.max_media_bytes), "largest image upload");
    out << "\n";

    out << "# Serving\n"
        << "listen = " << cfg.listen << "\n";
    setting(cfg.threads == defaults.threads, "threads", number(cfg.threads), "0 = one per core");
    setting(cfg.scheduling == defaults.scheduling, "scheduling", cfg.scheduling,
            "delivery (batch while a post goes out), batch or normal");
    setting(cfg.database.empty(), "database",
            cfg.database.empty() ? std::string("sqlite:fedblog.db") : cfg.database);
    setting(cfg.log_level == defaults.log_level, "log_level", cfg.log_level,
            "trace, debug, info, warn, error");
    setting(cfg.access_log == defaults.access_log, "access_log", flag(cfg.access_log));
    setting(cfg.idle_timeout == defaults.idle_timeout, "idle_timeout",
            number(cfg.idle_timeout.count()), "seconds a kept-alive connection may sit idle");
    out << "\n# Federation. The two allow_* switches are for tests and local development only.\n";
    setting(cfg.allow_http_peers == defaults.allow_http_peers, "allow_http_peers",
            flag(cfg.allow_http_peers));
    setting(cfg.allow_private_addresses == defaults.allow_private_addresses,
            "allow_private_addresses", flag(cfg.allow_private_addresses));
    setting(cfg.max_inbox_body == defaults.max_inbox_body, "max_inbox_body",
            number(cfg.max_inbox_body));
    setting(cfg.tls_ca_file.empty(), "tls_ca_file", cfg.tls_ca_file,
            "extra CA certificates (PEM) for outbound HTTPS");
    setting(cfg.fetch_timeout == defaults.fetch_timeout, "fetch_timeout",
            number(cfg.fetch_timeout.count()));
    setting(cfg.delivery_timeout == defaults.delivery_timeout, "delivery_timeout",
            number(cfg.delivery_timeout.count()));
    setting(cfg.delivery_concurrency == defaults.delivery_concurrency, "delivery_concurrency",
            number(cfg.delivery_concurrency));
    setting(cfg.delivery_per_host == defaults.delivery_per_host, "delivery_per_host",
            number(cfg.delivery_per_host), "deliveries in flight to one host");
    setting(cfg.shutdown_grace == defaults.shutdown_grace, "shutdown_grace",
            number(cfg.shutdown_grace.count()));
    // Shortest text that reads back as the same double.
    std::array<char, 32> scale{};
    const auto written = std::to_chars(scale.data(), scale.data() + scale.size(), cfg.retry_scale);
    setting(cfg.retry_scale == defaults.retry_scale, "retry_scale",
            std::string(scale.data(), written.ptr), "tests only: shortens the retry schedule");
    out << "\n# Operations\n";
    setting(cfg.metrics_listen.empty(), "metrics_listen",
            cfg.metrics_listen.empty() ? std::string("127.0.0.1:9464") : cfg.metrics_listen,
            "Prometheus /metrics; off unless set");
    return out.str();
}

} // namespace fedblog::node
