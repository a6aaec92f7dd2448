// SPDX-License-Identifier: AGPL-3.0-or-later
// `fedblog profile --avatar F --header F`: set the author's images, stored like uploads,
// and tell followers with an Update of the actor.
#include "node/cli/commands.hpp"
#include "node/cli/options.hpp"
#include "node/cli/outbox_client.hpp"
#include "node/config.hpp"
#include "node/documents.hpp"
#include "node/media/media_library.hpp"
#include "node/signing_keys.hpp"
#include "protocol/post_activities.hpp"
#include "storage/open_store.hpp"

#include <boost/program_options.hpp>

#include <iostream>

namespace fedblog::node::cli {

namespace po = boost::program_options;

int profile(const args& argv)
{
    std::string data;
    std::string avatar;
    std::string header;
    po::options_description desc("fedblog profile --data DIR [--avatar FILE] [--header FILE]");
    // clang-format off
    desc.add_options()
        ("help,h", "this help")
        ("data", po::value(&data)->required(), "data directory")
        ("avatar", po::value(&avatar), "the author's picture (JPEG, PNG, GIF or WebP)")
        ("header", po::value(&header), "the profile's banner image");
    // clang-format on
    po::variables_map vm;
    if (auto exit_code = parse_options("profile", argv, desc, vm))
        return *exit_code;
    if (avatar.empty() && header.empty())
    {
        std::cerr << "fedblog profile: give --avatar FILE, --header FILE or both\n";
        return 2;
    }
    std::string reason;
    auto cfg = load_config(data, {}, reason);
    if (!cfg)
    {
        std::cerr << "fedblog profile: " << reason << "\n";
        return 1;
    }
    // The same public halves as `serve` publishes.
    auto keys = load_signing_keys(cfg->data_dir / "keys");
    if (!keys)
    {
        std::cerr << "fedblog profile: cannot load the keys: " << keys.error().message() << "\n";
        return 1;
    }
    auto store = storage::open_store(cfg->database);
    if (!store)
    {
        std::cerr << "fedblog profile: cannot open the database: " << store.error().message()
                  << "\n";
        return 1;
    }
    auto settings = (*store)->list_settings();
    if (!settings)
    {
        std::cerr << "fedblog profile: " << settings.error().message() << "\n";
        return 1;
    }
    apply_settings(*cfg, *settings);

    const auto now =
        std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
    std::vector<std::pair<std::string, std::string>> changes;
    for (const auto& [key, file] : {std::pair{"avatar", avatar}, std::pair{"header", header}})
    {
        if (file.empty())
            continue;
        std::string bytes;
        if (!read_file(file, bytes))
        {
            std::cerr << "fedblog profile: cannot read " << file << "\n";
            return 1;
        }
        auto stored = store_image(cfg->data_dir, **store, bytes, cfg->max_media_bytes, now);
        if (auto* e = std::get_if<http_error>(&stored))
        {
            std::cerr << "fedblog profile: " << file << ": " << e->public_text << "\n";
            return 1;
        }
        changes.emplace_back(key, std::get<storage::media_file>(stored).name);
    }
    apply_settings(*cfg, changes);

    // Followers learn of the new images from an Update of the actor, queued with the last
    // setting in one transaction (so it is never sent for a change that was not stored).
    const protocol::site_urls urls(cfg->scheme, cfg->domain, cfg->user);
    const static_documents docs =
        render_documents(*cfg, urls, keys->author.public_pem, keys->instance.public_pem);
    auto person = protocol::json::parse_object(docs.actor.body);
    if (!person)
    {
        std::cerr << "fedblog profile: cannot render the actor\n";
        return 1;
    }
    const std::string id =
        urls.actor() + "#updates/" + std::to_string(now.time_since_epoch().count());
    storage::outbound_activity update;
    update.id        = id;
    update.json      = protocol::json::serialize(protocol::build_actor_update(urls, *person, id));
    update.object_id = urls.actor();
    update.created   = now;
    for (std::size_t i = 0; i < changes.size(); ++i)
    {
        std::optional<storage::outbound_activity> announce;
        if (i + 1 == changes.size())
            announce = update;
        auto put = (*store)->put_setting(changes[i].first, changes[i].second, announce);
        if (!put)
        {
            std::cerr << "fedblog profile: " << put.error().message() << "\n";
            return 1;
        }
        std::cout << changes[i].first << ": " << urls.media(changes[i].second) << "\n";
    }
    std::cout << "Followers are sent the new profile; a running `fedblog serve` shows it within "
                 "a few seconds.\n";
    return 0;
}

} // namespace fedblog::node::cli
