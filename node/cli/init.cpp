// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog init`: a new data directory with keys, config, database and a welcome post.
#include "keys/encoding.hpp"
#include "keys/key_file.hpp"
#include "keys/key_pair.hpp"
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/config.hpp"
#include "node/web/identicon.hpp"
#include "protocol/http_date.hpp"
#include "protocol/markdown.hpp"
#include "storage/error.hpp"
#include "storage/open_store.hpp"

#include <boost/program_options.hpp>

#include <filesystem>
#include <fstream>
#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view welcome_markdown =
    "This blog runs **fedblog**: every post here is also published to the fediverse.\n\n"
    "Follow it from Mastodon or any other ActivityPub server by searching for the address "
    "shown at the top of this page, and new posts will arrive in your home timeline.";

/// Removes what init created when it fails part way, so a retry starts clean.
struct cleanup
{
    fs::path dir;
    bool created_dir = false;
    bool armed       = true;

    ~cleanup()
    {
        if (!armed)
            return;
        std::error_code ec;
        if (created_dir)
            fs::remove_all(dir, ec);
        else
        {
            for (const char* name :
                 {"fedblog.conf", "fedblog.db", "fedblog.db-wal", "fedblog.db-shm", "keys"})
                fs::remove_all(dir / name, ec);
        }
    }
};

bool write_keys(const fs::path& dir, std::string_view name, std::string& error)
{
    auto key = keys::generate_rsa(2048);
    if (!key)
    {
        error = "key generation failed: " + key.error().message();
        return false;
    }
    if (auto w = keys::write_private_key_file(dir / (std::string(name) + ".pem"), *key); !w)
    {
        error = "writing the private key failed: " + w.error().message();
        return false;
    }
    if (auto w =
            keys::write_public_key_file(dir / (std::string(name) + ".pub.pem"), key->public_part());
        !w)
    {
        error = "writing the public key failed: " + w.error().message();
        return false;
    }
    return true;
}

} // namespace

int init(const args& argv)
{
    config cfg;
    std::string data;
    po::options_description desc("fedblog init --data DIR --domain HOST[:PORT] --user NAME "
                                 "[--scheme https|http] [--name \"Display Name\"]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory to create")
        ("domain", po::value(&cfg.domain)->required(), "host (and port) in every id: blog.example")
        ("user", po::value(&cfg.user)->required(), "the author's username")
        ("scheme", po::value(&cfg.scheme)->default_value("https"), "https (production) or http (local)")
        ("name", po::value(&cfg.display_name), "the author's display name")
        ("summary", po::value(&cfg.summary), "a short bio")
        ("listen", po::value(&cfg.listen), "address:port to serve on (default 127.0.0.1:8080)")
        ("database", po::value(&cfg.database),
         "store URL (default sqlite:fedblog.db in DIR); postgresql://user:password@host/db "
         "for a database several nodes share");
    // clang-format on
    po::variables_map vm;
    if (auto exit_code = parse_options("init", argv, desc, vm))
        return *exit_code;
    if (cfg.scheme != "https" && cfg.scheme != "http")
    {
        std::cerr << "fedblog init: --scheme must be https or http\n";
        return 2;
    }
    if (!is_valid_domain(cfg.domain))
    {
        std::cerr << "fedblog init: --domain must be a lowercase host name or address, with an "
                     "optional :port\n";
        return 2;
    }
    if (!is_valid_username(cfg.user))
    {
        std::cerr << "fedblog init: --user must match [a-z0-9_]+([.-]+[a-z0-9_]+)* (what "
                     "Mastodon accepts)\n";
        return 2;
    }
    if (cfg.display_name.empty())
        cfg.display_name = cfg.user;
    if (cfg.summary.find('#') != std::string::npos ||
        cfg.display_name.find('#') != std::string::npos)
    {
        std::cerr << "fedblog init: '#' cannot appear in --name or --summary (it starts a "
                     "comment in fedblog.conf)\n";
        return 2;
    }

    const fs::path dir = fs::absolute(data);
    std::error_code ec;
    cleanup undo{dir};
    if (fs::exists(dir, ec))
    {
        if (!fs::is_directory(dir, ec) || !fs::is_empty(dir, ec))
        {
            undo.armed = false;
            std::cerr << "fedblog init: " << dir.string()
                      << " already exists and is not empty; refusing to overwrite it\n";
            return 1;
        }
    }
    else
    {
        if (!fs::create_directories(dir, ec))
        {
            undo.armed = false;
            std::cerr << "fedblog init: cannot create " << dir.string() << ": " << ec.message()
                      << "\n";
            return 1;
        }
        undo.created_dir = true;
    }
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    fs::create_directory(dir / "keys", ec);
    fs::permissions(dir / "keys", fs::perms::owner_all, fs::perm_options::replace, ec);

    std::string error;
    if (!write_keys(dir / "keys", "author", error) || !write_keys(dir / "keys", "instance", error))
    {
        std::cerr << "fedblog init: " << error << "\n";
        return 1;
    }

    // A default avatar, so the profile never shows a blank: the handle's identicon.
    {
        const std::string png  = render_identicon_png(cfg.user + "@" + cfg.domain);
        const std::string name = keys::hex_encode(keys::sha256(png)).substr(0, 32) + ".png";
        fs::create_directory(dir / "media", ec);
        std::ofstream out(dir / "media" / name, std::ios::binary);
        out << png;
        if (!out)
        {
            std::cerr << "fedblog init: cannot write the default avatar\n";
            return 1;
        }
        cfg.avatar = name;
    }

    const auto now = std::chrono::system_clock::now();
    cfg.created = protocol::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(now));
    {
        std::ofstream out(dir / "fedblog.conf");
        out << render_config(cfg);
        if (!out)
        {
            std::cerr << "fedblog init: cannot write fedblog.conf\n";
            return 1;
        }
    }

    std::string why;
    auto store = storage::open_store(
        cfg.database.empty() ? "sqlite:" + (dir / "fedblog.db").string() : cfg.database, why);
    if (!store)
    {
        std::cerr << "fedblog init: cannot create the database: " << why << "\n";
        return 1;
    }
    storage::post welcome;
    welcome.slug              = "welcome";
    welcome.title             = "Welcome to " + cfg.display_name + "'s blog";
    welcome.source            = std::string(welcome_markdown);
    welcome.source_media_type = "text/markdown";
    welcome.content_html      = protocol::render_markdown(welcome_markdown);
    welcome.published         = std::chrono::time_point_cast<std::chrono::seconds>(now);
    if (auto inserted = (*store)->insert_post(welcome, std::nullopt, {}); !inserted)
    {
        // A shared database that already holds a blog belongs to another identity (keys):
        // a second node of that blog is a copy of the first one's data directory.
        if (inserted.error() == storage::error::conflict)
        {
            std::cerr << "fedblog init: the database already holds a blog; to run another node "
                         "of it, copy that node's data directory instead\n";
            return 1;
        }
        std::cerr << "fedblog init: cannot store the welcome post: " << inserted.error().message()
                  << "\n";
        return 1;
    }

    undo.armed = false;
    std::cout << "Created " << dir.string() << "\n"
              << "  author:  @" << cfg.user << "@" << cfg.domain << "\n"
              << "  actor:   " << cfg.scheme << "://" << cfg.domain << "/users/" << cfg.user << "\n"
              << "Start it with: fedblog serve --data " << dir.string() << "\n";
    return 0;
}

} // namespace fedblog::node::cli
