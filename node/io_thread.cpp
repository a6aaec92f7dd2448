// SPDX-License-Identifier: AGPL-3.0-or-later
// An io_context with one named thread of its own.
#include "node/io_thread.hpp"

#include "node/thread_names.hpp"

#include <utility>

namespace fedblog::node {

io_thread::io_thread(std::string name) : work_(io_.get_executor()), name_(std::move(name))
{}

io_thread::~io_thread()
{
    stop();
}

void io_thread::start()
{
    thread_ = std::thread([this] {
        name_this_thread(name_);
        io_.run();
    });
}

void io_thread::stop() noexcept
{
    work_.reset();
    io_.stop();
    if (thread_.joinable())
        thread_.join();
}

} // namespace fedblog::node
