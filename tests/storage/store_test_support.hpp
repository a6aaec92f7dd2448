// SPDX-License-Identifier: AGPL-3.0-or-later
// Helpers for storage tests: temp directories, result checks and record builders.
#pragma once

#include "storage/error.hpp"
#include "storage/records.hpp"
#include "storage/store.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace fedblog::storage::test {

/// A fresh directory under the system temp dir, removed with everything in it on scope exit.
class temp_dir
{
public:
    temp_dir()
    {
        auto pattern = (std::filesystem::temp_directory_path() / "fedblog-storage-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }

    temp_dir(const temp_dir&)            = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    ~temp_dir()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    const std::filesystem::path& path() const noexcept { return path_; }

    /// "sqlite:<dir>/<name>"
    std::string sqlite_url(std::string_view name = "fedblog.db") const
    {
        return "sqlite:" + (path_ / name).string();
    }

private:
    std::filesystem::path path_;
};

/// Fails the test (stopping it) unless `r` holds a value; returns the value.
template <class T>
T require_ok(result<T> r, const char* expr, const char* file, int line)
{
    BOOST_TEST_REQUIRE(r.has_value(), file << ":" << line << ": " << expr << " failed: "
                                           << (r ? std::string() : r.error().message()));
    return std::move(*r);
}

inline void require_ok(result<void> r, const char* expr, const char* file, int line)
{
    BOOST_TEST_REQUIRE(r.has_value(), file << ":" << line << ": " << expr << " failed: "
                                           << (r ? std::string() : r.error().message()));
}

/// The error of a call expected to fail, or a default error_code (never equal to a storage
/// error) when it unexpectedly succeeded.
template <class T>
boost::system::error_code error_of(const result<T>& r)
{
    return r ? boost::system::error_code() : r.error();
}

/// A fixed instant `seconds` after the epoch, so tests never depend on the clock.
inline time_point at(long long seconds)
{
    return time_point(std::chrono::seconds(seconds));
}

inline post make_post(std::string slug, time_point published)
{
    post p;
    p.slug         = std::move(slug);
    p.title        = "Title of " + p.slug;
    p.content_html = "<p>Body of " + p.slug + "</p>";
    p.source       = "Body of " + p.slug;
    p.published    = published;
    return p;
}

inline follower make_follower(std::string_view name, std::string_view host, bool with_shared_inbox)
{
    follower f;
    const std::string base = "https://" + std::string(host);
    f.actor_id             = base + "/users/" + std::string(name);
    f.inbox                = f.actor_id + "/inbox";
    f.shared_inbox         = with_shared_inbox ? base + "/inbox" : "";
    f.follow_id            = f.actor_id + "#follow";
    f.created              = at(1000);
    return f;
}

inline outbound_activity make_activity(std::string id, time_point created)
{
    outbound_activity a;
    a.json      = R"({"id":")" + id + R"(","type":"Create"})";
    a.id        = std::move(id);
    a.object_id = "https://blog.example/posts/x";
    a.created   = created;
    return a;
}

} // namespace fedblog::storage::test

/// Evaluates a store call and requires success; yields the value (if any).
#define FEDBLOG_OK(expr) ::fedblog::storage::test::require_ok((expr), #expr, __FILE__, __LINE__)
