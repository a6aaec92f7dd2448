// SPDX-License-Identifier: AGPL-3.0-or-later
// Reading, validating and writing fedblog.conf with Boost.Program_options.
#include "node/config.hpp"

#include <boost/program_options.hpp>

#include <fstream>
#include <sstream>

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
        if (host.empty() ||
            host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos)
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
        if (host.empty() || host.front() == '.' || host.front() == '-' || host.back() == '.')
            return false;
        for (char c : host)
        {
            const bool ok =
                (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (!ok)
                return false;
        }
    }
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string_view::npos)
        return false;
    if (!port.empty() && std::stoul(std::string(port)) > 65535)
        return false;
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
        ("listen", po::value(&cfg.listen))
        ("threads", po::value(&cfg.threads))
        ("database", po::value(&cfg.database))
        ("log_level", po::value(&cfg.log_level))
        ("access_log", po::value(&cfg.access_log))
        ("allow_http_peers", po::value(&cfg.allow_http_peers))
        ("allow_private_addresses", po::value(&cfg.allow_private_addresses))
        ("max_inbox_body", po::value(&cfg.max_inbox_body))
        ("fetch_timeout", po::value(&fetch_timeout))
        ("delivery_timeout", po::value(&delivery_timeout))
        ("shutdown_grace", po::value(&shutdown_grace))
        ("delivery_concurrency", po::value(&cfg.delivery_concurrency))
        ("retry_scale", po::value(&cfg.retry_scale));
    // clang-format on

    std::ifstream in(file);
    if (!in)
    {
        reason = "cannot read " + file.string() + " (run `fedblog init` first)";
        return boost::system::errc::make_error_code(boost::system::errc::no_such_file_or_directory);
    }
    try
    {
        po::variables_map vm;
        po::store(po::parse_config_file(in, desc, false), vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        reason = file.string() + ": " + e.what();
        return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    }
    cfg.fetch_timeout    = std::chrono::seconds(fetch_timeout);
    cfg.delivery_timeout = std::chrono::seconds(delivery_timeout);
    cfg.shutdown_grace   = std::chrono::seconds(shutdown_grace);
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

    if (cfg.scheme != "https" && cfg.scheme != "http")
        reason = "scheme must be https or http";
    else if (!is_valid_domain(cfg.domain))
        reason = "domain must be host or host:port (lowercase)";
    else if (!is_valid_username(cfg.user))
        reason = "user must match [a-z0-9_]+([.-]+[a-z0-9_]+)*";
    else if (cfg.max_inbox_body < 1024)
        reason = "max_inbox_body is too small";
    else if (cfg.delivery_concurrency == 0)
        reason = "delivery_concurrency must be at least 1";
    else if (!(cfg.retry_scale > 0.0 && cfg.retry_scale <= 100.0))
        reason = "retry_scale must be in (0, 100]";
    if (!reason.empty())
        return boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
    return cfg;
}

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
        << "summary = " << cfg.summary << "\n";
    for (const auto& [name, value] : cfg.fields)
        out << "field = " << name << " | " << value << "\n";
    out << "# field = Website | https://example.com\n\n"
        << "# Serving\n"
        << "listen = " << cfg.listen << "\n"
        << "# threads = 0            # 0 = one per core\n"
        << "# database = sqlite:fedblog.db\n"
        << "# log_level = info       # trace, debug, info, warn, error\n"
        << "# access_log = true\n\n"
        << "# Federation. The two allow_* switches are for tests and local development only.\n"
        << "# allow_http_peers = false\n"
        << "# allow_private_addresses = false\n"
        << "# max_inbox_body = 1048576\n"
        << "# fetch_timeout = 10\n"
        << "# delivery_timeout = 30\n"
        << "# delivery_concurrency = 32\n"
        << "# shutdown_grace = 10\n";
    return out.str();
}

} // namespace fedblog::node
