// SPDX-License-Identifier: AGPL-3.0-or-later
// SCHED_BATCH or SCHED_OTHER for the serving process (see scheduling.hpp).
#include "node/scheduling.hpp"

#include <cerrno>
#include <cstring>
#include <sched.h>

namespace fedblog::node {

std::string apply_scheduling(std::string_view policy)
{
    int which = 0;
    if (policy == "batch")
        which = SCHED_BATCH;
    else if (policy == "normal")
        which = SCHED_OTHER;
    else
        return "scheduling must be batch or normal";
    // Only the calling thread changes (Linux schedules threads): threads started after this
    // inherit its policy, which is why `serve` calls it before it starts any.
    const sched_param param{}; // priority 0: the only one these two policies take
    if (sched_setscheduler(0, which, &param) != 0)
        return std::string("cannot set the scheduling policy: ") + std::strerror(errno);
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
