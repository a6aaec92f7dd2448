// SPDX-License-Identifier: AGPL-3.0-or-later
// Building the shared services and the documents that only change with the config.
#include "node/app.hpp"

#include "node/cache/caches.hpp"
#include "node/delivery/engine.hpp"
#include "node/documents.hpp"
#include "node/handlers/handlers.hpp"
#include "node/http/responses.hpp"
#include "node/open_files.hpp"
#include "node/thread_names.hpp"
#include "node/web/media_files.hpp"
#include "protocol/actor.hpp"
#include "protocol/html_text.hpp"
#include "protocol/vocab.hpp"
#include "storage/sql/sql_store.hpp"

#include <spdlog/spdlog.h>

namespace fedblog::node {

namespace {

client_options client_options_for(const config& cfg)
{
    client_options o;
    o.allow_http    = cfg.allow_http_peers;
    o.allow_private = cfg.allow_private_addresses;
    o.total_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(cfg.fetch_timeout);
    o.extra_ca_file = cfg.tls_ca_file;
    o.pool          = pool_limits_for(open_file_limit());
    o.user_agent    = "fedblog/" FEDBLOG_VERSION " (+" + cfg.scheme + "://" + cfg.domain + "/)";
    return o;
}

/// The database pool's size, at least 2 threads (a pool is also named with it).
unsigned database_threads(const config& c)
{
    return std::max(2u, c.threads == 0 ? std::thread::hardware_concurrency() : c.threads);
}

} // namespace

static_documents render_documents(const config& cfg, const protocol::site_urls& urls,
                                  const std::string& author_public_pem,
                                  const std::string& instance_public_pem)
{
    static_documents d;
    d.summary_html       = protocol::text_to_html(cfg.summary);
    const auto published = protocol::parse_rfc3339(cfg.created).value_or(protocol::sys_seconds{});

    protocol::actor_profile profile;
    profile.display_name   = cfg.display_name;
    profile.summary_html   = d.summary_html;
    profile.public_key_pem = author_public_pem;
    profile.published      = published;
    if (!cfg.avatar.empty())
    {
        profile.icon_url        = urls.media(cfg.avatar);
        profile.icon_media_type = std::string(media_type_for(cfg.avatar));
    }
    if (!cfg.header.empty())
    {
        profile.image_url        = urls.media(cfg.header);
        profile.image_media_type = std::string(media_type_for(cfg.header));
    }
    for (const auto& [name, value] : cfg.fields)
    {
        // Profile values are the admin's plain text; links become links, as Mastodon shows.
        std::string html = protocol::escape_html(value);
        if (value.starts_with("https://") || value.starts_with("http://"))
            html =
                "<a href=\"" + html + "\" rel=\"me nofollow noopener noreferrer\">" + html + "</a>";
        profile.fields.emplace_back(name, std::move(html));
    }
    d.actor =
        make_prebuilt_response(protocol::json::serialize(protocol::build_person(urls, profile)),
                               protocol::vocab::activity_json, cache_actor_seconds);
    d.instance_actor =
        make_prebuilt_response(protocol::json::serialize(protocol::build_instance_actor(
                                   urls, instance_public_pem, published)),
                               protocol::vocab::activity_json, cache_actor_seconds);
    return d;
}

void apply_settings(config& cfg, const std::vector<std::pair<std::string, std::string>>& settings)
{
    for (const auto& [key, value] : settings)
    {
        if (key == "avatar")
            cfg.avatar = value;
        else if (key == "header")
            cfg.header = value;
    }
}

app::app(asio::io_context& io, config cfg, std::unique_ptr<storage::store> store, signing_keys keys)
    : io_(io), cfg_(std::move(cfg)), urls_(cfg_.scheme, cfg_.domain, cfg_.user),
      store_(std::move(store)), keys_(std::move(keys)),
      documents_(std::make_shared<const static_documents>(
          render_documents(cfg_, urls_, keys_.author.public_pem, keys_.instance.public_pem))),
      caches_(std::make_unique<app_caches>()), db_pool_(database_threads(cfg_)),
      grouped_writes_(db_pool_, *store_, max_group_size), client_(client_options_for(cfg_)),
      fetcher_(client_, keys_.instance.key, urls_.instance_actor_key()),
      delivery_(std::make_unique<delivery_engine>(*this))
{
    // Without a file that shows other processes' commits (PostgreSQL, shared by several
    // nodes), rendered Notes are not cached at all.
    if (auto* sql = dynamic_cast<storage::sql::sql_store*>(store_.get());
        sql != nullptr && !sql->change_log().empty())
        caches_->wal = std::make_unique<wal_file>(sql->change_log());
    if (!name_pool_threads(db_pool_, database_threads(cfg_), "fedblog-db"))
        spdlog::debug("not every database thread could be named in time");
    register_routes(*this);
}

void app::refresh_documents(const std::vector<std::pair<std::string, std::string>>& settings)
{
    config with_settings = cfg_;
    apply_settings(with_settings, settings);
    documents_.store(std::make_shared<const static_documents>(render_documents(
                         with_settings, urls_, keys_.author.public_pem, keys_.instance.public_pem)),
                     std::memory_order_release);
}

app::~app()
{
    // First: a delivery still running there uses the engine and the client.
    deliveries_thread_.stop();
    db_pool_.join();
}

} // namespace fedblog::node
