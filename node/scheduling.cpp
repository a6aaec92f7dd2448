// SPDX-License-Identifier: AGPL-3.0-or-later
// SCHED_BATCH or SCHED_OTHER for the serving process (see scheduling.hpp).
#include "node/scheduling.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <sched.h>
#include <system_error>

namespace fedblog::node {

namespace {

const sched_param no_priority{}; // priority 0: the only one these two policies take

} // namespace

std::string apply_scheduling(std::string_view policy)
{
    int which = 0;
    if (policy == "batch")
        which = SCHED_BATCH;
    else if (policy == "normal" || policy == "delivery")
        which = SCHED_OTHER;
    else
        return "scheduling must be delivery, batch or normal";
    // Only the calling thread changes (Linux schedules threads): threads started after this
    // inherit its policy, which is why `serve` calls it before it starts any.
    if (sched_setscheduler(0, which, &no_priority) != 0)
        return std::string("cannot set the scheduling policy: ") + std::strerror(errno);
    return {};
}

std::string set_process_batch(bool batch)
{
    const int which = batch ? SCHED_BATCH : SCHED_OTHER;
    std::error_code ec;
    std::filesystem::directory_iterator tasks("/proc/self/task", ec);
    if (ec)
        return "cannot list the threads: " + ec.message();
    for (const auto& task : tasks)
    {
        const std::string name = task.path().filename().string();
        int tid                = 0;
        if (std::from_chars(name.data(), name.data() + name.size(), tid).ec != std::errc{})
            continue;
        if (sched_setscheduler(tid, which, &no_priority) != 0 && errno != ESRCH)
            return std::string("cannot set the scheduling policy: ") + std::strerror(errno);
    }
    return {};
}

std::string scheduling_of(int tid)
{
    switch (sched_getscheduler(tid))
    {
    case SCHED_BATCH:
        return "batch";
    case SCHED_OTHER:
        return "normal";
    case SCHED_IDLE:
        return "idle";
    case SCHED_FIFO:
        return "fifo";
    case SCHED_RR:
        return "rr";
    case -1:
        return {};
    default:
        return "other";
    }
}

} // namespace fedblog::node
