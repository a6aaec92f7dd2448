// SPDX-License-Identifier: AGPL-3.0-or-later
// Runs the real `fedblog` binary for integration tests: init a data directory in a temp dir,
// serve on a free loopback port, talk to it over HTTP, stop it with SIGTERM.
#pragma once

#include "tests/support/test_http.hpp"

#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace fedblog::test {

/// Output and exit status of a finished command.
struct command_result
{
    int exit_code = -1;
    std::string out;
    std::string err;
};

/// Runs the fedblog binary with `args` to completion (bounded by `timeout_seconds`).
command_result run_fedblog(const std::vector<std::string>& args, int timeout_seconds = 60);

/// A loopback TCP port that was free a moment ago.
unsigned short free_port(const std::string& host = "127.0.0.1");

/** One fedblog node. The constructor runs `init` (scheme http, domain 127.0.0.1:PORT) and
    appends `config_lines` to fedblog.conf; start() launches `serve` and waits until it
    answers. The destructor stops it and removes the directory.
*/
class node_process
{
public:
    explicit node_process(std::vector<std::string> config_lines =
                              {"allow_http_peers = true", "allow_private_addresses = true"},
                          std::string user = "author");

    /** Another node of the same blog, as a second process behind a load balancer runs it:
        a copy of `first`'s data directory (keys, settings, media) with its own listen port.
        Its domain() stays `first`'s. The two share whatever database the settings name, so
        `first` must use a shared one (PostgreSQL).
    */
    struct replica_of
    {
        const node_process& first;
    };

    explicit node_process(replica_of twin);

    ~node_process();
    node_process(const node_process&)            = delete;
    node_process& operator=(const node_process&) = delete;

    /// Starts `fedblog serve` and waits (up to 20 s) until it answers HTTP.
    void start();
    /// SIGTERM, then waits for exit. @return the exit code (or 128+signal).
    int stop();
    /// SIGKILL, as a crash would.
    void kill9();

    bool running() const { return pid_ > 0; }

    /// The serving process, while running().
    pid_t pid() const { return pid_; }

    unsigned short port() const { return port_; }

    const std::string& domain() const { return domain_; }

    std::string base() const { return "http://" + domain(); }

    std::string actor() const { return base() + "/users/" + user_; }

    const std::string& user() const { return user_; }

    const std::filesystem::path& data_dir() const { return dir_; }

    /// The node's log (stderr) so far.
    std::string log() const;

    /// How many of the serving process's threads run under each scheduling policy
    /// (SCHED_OTHER, SCHED_BATCH, ...), while running().
    std::map<int, int> thread_policies() const;
    /// The node's threads by name (/proc/PID/task/*/comm): how many carry each.
    std::map<std::string, int> thread_names() const;

    http_reply get(const std::string& target, const std::string& accept = {},
                   const header_pairs& extra = {}) const;
    http_reply post(const std::string& target, const std::string& body,
                    const header_pairs& headers) const;

    /// `fedblog token create` for this node; returns the token.
    std::string create_token(const std::string& name = "test") const;

    /// Publishes Markdown through the outbox with `token`; returns the post URL.
    std::string publish(const std::string& token, const std::string& markdown,
                        const std::string& title = {}) const;

private:
    std::filesystem::path root_;
    std::filesystem::path dir_;
    std::string user_;
    unsigned short port_ = 0;
    std::string domain_;
    pid_t pid_ = -1;
};

} // namespace fedblog::test
