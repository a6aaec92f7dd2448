// SPDX-License-Identifier: AGPL-3.0-or-later
// Helpers for node/ unit tests: a self-removing temp directory and small file writers.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

namespace fedblog::node::test {

/// A fresh directory under the system temp dir, removed with everything in it on scope exit.
class temp_dir
{
public:
    temp_dir()
    {
        auto pattern = (std::filesystem::temp_directory_path() / "fedblog-node-XXXXXX").string();
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

    /// "sqlite:<dir>/<name>", a store URL for storage::open_store().
    std::string sqlite_url(std::string_view name = "fedblog.db") const
    {
        return "sqlite:" + (path_ / name).string();
    }

    /// Writes `text` to `<dir>/<name>`, replacing any earlier content.
    void write(std::string_view name, std::string_view text) const
    {
        std::ofstream out(path_ / name, std::ios::binary | std::ios::trunc);
        out << text;
        if (!out)
            throw std::runtime_error("cannot write " + (path_ / name).string());
    }

private:
    std::filesystem::path path_;
};

} // namespace fedblog::node::test
