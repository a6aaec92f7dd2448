// SPDX-License-Identifier: AGPL-3.0-or-later
// Copying SQLite's write-ahead log into the database on a thread of its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace fedblog::storage::sqlite {

/** Checkpoints one database's write-ahead log beside its writers instead of inside their
    commits.

    SQLite's own automatic checkpoint runs in the commit that finds the log 1,000 pages long:
    that writer copies the log's pages into the database and waits for two fsyncs while
    every other write queues behind it. An inbox storing 20,000 Likes a second met one every
    300-400 Likes (bench/README.md, 2026-11-27, 14:49-16:50 UTC). Here each connection reports its
    commits (committed(), from SQLite's WAL hook) and a thread of this object, with a
    connection of its own, runs a PASSIVE checkpoint once `background_pages` pages were
    added since the last one. A passive checkpoint takes no lock a writer or reader waits
    for.

    The log only starts again from its beginning when a writer finds it wholly copied, and a
    busy database keeps adding pages while the thread copies. So a commit that finds the log
    `inline_pages` long still checkpoints itself, as SQLite's default would at 1,000: by then
    the thread has copied almost all of it, so that commit waits for the fsyncs only, and
    the log, bounded by about `inline_pages` pages, starts over.

    The thread starts with the first checkpoint it is asked for, so a short command that
    writes little never starts one.

    @par Thread Safety
    committed() may be called from any thread; the destructor waits for a checkpoint under
    way.
*/
class checkpointer
{
public:
    /// Log pages added since the last checkpoint that make the thread run one.
    static constexpr int background_pages = 1000;
    /// Log pages at which the committing connection checkpoints itself.
    static constexpr int inline_pages = 4000;

    checkpointer(std::string path, std::chrono::milliseconds busy_timeout);
    ~checkpointer();
    checkpointer(const checkpointer&)            = delete;
    checkpointer& operator=(const checkpointer&) = delete;

    /** A transaction was committed and the log now holds `log_pages` pages.
        @return true when the caller must checkpoint now, itself (the log reached
        inline_pages). */
    [[nodiscard]] bool committed(int log_pages) noexcept;

    /// Checkpoints the thread has completed (for tests).
    [[nodiscard]] std::uint64_t completed() const;

private:
    void run();

    std::string path_;
    std::chrono::milliseconds busy_timeout_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool wanted_   = false;
    bool stopping_ = false;
    /// Log pages already copied by the last checkpoint, of the log as it was then.
    int copied_              = 0;
    std::uint64_t completed_ = 0;
    std::thread thread_;
};

} // namespace fedblog::storage::sqlite
