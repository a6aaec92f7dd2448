// SPDX-License-Identifier: AGPL-3.0-or-later
// Checkpoints beside the writers (see checkpointer.hpp).
#include "storage/sqlite/checkpointer.hpp"

#include "storage/sqlite/connection.hpp"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <exception>
#include <pthread.h>
#include <utility>

namespace fedblog::storage::sqlite {

checkpointer::checkpointer(std::string path, std::chrono::milliseconds busy_timeout)
    : path_(std::move(path)), busy_timeout_(busy_timeout)
{}

checkpointer::~checkpointer()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable())
        thread_.join();
}

bool checkpointer::committed(int log_pages) noexcept
{
    if (log_pages >= inline_pages)
        return true;
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        if (log_pages < copied_)
            copied_ = 0; // a writer started the log again from its beginning
        if (!wanted_ && !stopping_ && log_pages - copied_ >= background_pages)
        {
            wanted_ = true;
            wake    = true;
            if (!thread_.joinable())
            {
                try
                {
                    thread_ = std::thread([this] { run(); });
                }
                catch (const std::exception& e)
                {
                    // The commits at inline_pages still bound the log.
                    spdlog::warn("storage: no checkpoint thread for {}: {}", path_, e.what());
                    stopping_ = true;
                    wake      = false;
                }
            }
        }
    }
    if (wake)
        wake_.notify_one();
    return false;
}

std::uint64_t checkpointer::completed() const
{
    std::lock_guard lock(mutex_);
    return completed_;
}

void checkpointer::run()
{
    pthread_setname_np(pthread_self(), "fedblog-ckpt");
    auto conn = connection::open(path_, busy_timeout_);
    std::unique_lock lock(mutex_);
    if (!conn)
    {
        // The commits at inline_pages still bound the log.
        spdlog::warn("storage: the checkpoint thread cannot open {}: {}", path_,
                     conn.error().message());
        stopping_ = true;
        return;
    }
    bool warned = false;
    for (;;)
    {
        wake_.wait(lock, [this] { return wanted_ || stopping_; });
        if (stopping_)
            return;
        lock.unlock();
        int log_pages = 0;
        int copied    = 0;
        const int rc  = sqlite3_wal_checkpoint_v2((*conn)->native(), nullptr,
                                                  SQLITE_CHECKPOINT_PASSIVE, &log_pages, &copied);
        // SQLITE_BUSY: a committing connection is checkpointing itself right now; the next
        // commit asks again.
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && !warned)
        {
            spdlog::warn("storage: checkpoint of {} failed: {}", path_, sqlite3_errstr(rc));
            warned = true;
        }
        lock.lock();
        wanted_ = false;
        if (rc == SQLITE_OK)
        {
            copied_ = copied;
            ++completed_;
        }
        else if (rc != SQLITE_BUSY)
            copied_ = log_pages; // not again before the log has grown as much once more
    }
}

} // namespace fedblog::storage::sqlite
