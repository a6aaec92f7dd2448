// SPDX-License-Identifier: AGPL-3.0-or-later
// Process control for integration tests (posix_spawn, signals, temp directories).
#include "tests/support/node_process.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <sched.h>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace fedblog::test {

namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The task directories of `pid`'s threads, as /proc lists them now.
std::vector<fs::path> thread_dirs(pid_t pid)
{
    std::vector<fs::path> dirs;
    for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid) + "/task"))
        dirs.push_back(task.path());
    return dirs;
}

fs::path make_temp_dir()
{
    std::string tmpl = (fs::temp_directory_path() / "fedblog-test-XXXXXX").string();
    char* made       = mkdtemp(tmpl.data());
    if (made == nullptr)
        throw std::runtime_error("mkdtemp failed");
    return made;
}

/// Spawns FEDBLOG_BIN with args, stdout/stderr to files. @return pid.
pid_t spawn(const std::vector<std::string>& args, const fs::path& out, const fs::path& err)
{
    std::vector<std::string> all{FEDBLOG_BIN};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    pid_t pid    = -1;
    const int rc = posix_spawn(&pid, FEDBLOG_BIN, &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0)
        throw std::runtime_error("posix_spawn failed");
    return pid;
}

int wait_exit(pid_t pid, int timeout_seconds)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    for (;;)
    {
        int status = 0;
        pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid)
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        if (std::chrono::steady_clock::now() > deadline)
        {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace

command_result run_fedblog(const std::vector<std::string>& args, int timeout_seconds)
{
    const fs::path tmp = make_temp_dir();
    const pid_t pid    = spawn(args, tmp / "out", tmp / "err");
    command_result r;
    r.exit_code = wait_exit(pid, timeout_seconds);
    r.out       = read_file(tmp / "out");
    r.err       = read_file(tmp / "err");
    std::error_code ec;
    fs::remove_all(tmp, ec);
    return r;
}

unsigned short free_port(const std::string& host)
{
    boost::asio::io_context io;
    const auto address = boost::asio::ip::make_address(host);
    // Below the kernel's ephemeral range when there is room: a port from that range is also
    // the local port of outgoing connections, and a kept-alive one of a test running beside
    // this one can hold it for as long as its pool keeps it (30 s), longer than start()
    // retries the same port (ASan run at 5354435: "Address already in use" for 20 s).
    unsigned low = 32768;
    if (std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range"); range)
        range >> low;
    if (low > 4096)
    {
        static std::mt19937 rng(std::random_device{}() ^ static_cast<unsigned>(getpid()));
        std::uniform_int_distribution<unsigned> pick(std::max(1024u, low - 12000), low - 1);
        for (int attempt = 0; attempt < 100; ++attempt)
        {
            const auto port = static_cast<unsigned short>(pick(rng));
            boost::system::error_code ec;
            boost::asio::ip::tcp::acceptor acceptor(io);
            acceptor.open(address.is_v6() ? boost::asio::ip::tcp::v6() : boost::asio::ip::tcp::v4(),
                          ec);
            if (!ec)
                acceptor.bind({address, port}, ec);
            if (!ec)
                return port;
        }
    }
    boost::asio::ip::tcp::acceptor acceptor(io, boost::asio::ip::tcp::endpoint(address, 0));
    return acceptor.local_endpoint().port();
}

node_process::node_process(std::vector<std::string> config_lines, std::string user)
    : root_(make_temp_dir()), dir_(root_ / "data"), user_(std::move(user)), port_(free_port()),
      domain_("127.0.0.1:" + std::to_string(port_))
{
    auto r = run_fedblog({"init", "--data", dir_.string(), "--domain", domain(), "--user", user_,
                          "--scheme", "http", "--name", "Test Author", "--summary", "A test blog.",
                          "--listen", "127.0.0.1:" + std::to_string(port_)});
    BOOST_TEST_REQUIRE(r.exit_code == 0, "fedblog init failed: " << r.err);
    std::ofstream conf(dir_ / "fedblog.conf", std::ios::app);
    conf << "\n";
    for (const auto& line : config_lines)
        conf << line << "\n";
}

node_process::node_process(replica_of twin)
    : root_(make_temp_dir()), dir_(root_ / "data"), user_(twin.first.user_), port_(free_port()),
      domain_(twin.first.domain_)
{
    fs::copy(twin.first.dir_, dir_, fs::copy_options::recursive);
    // The copy's own port, in place of the first one's `listen` line (a setting may be
    // given once only).
    std::istringstream in(read_file(dir_ / "fedblog.conf"));
    std::string settings;
    for (std::string line; std::getline(in, line);)
        settings +=
            (line.starts_with("listen =") ? "listen = 127.0.0.1:" + std::to_string(port_) : line) +
            "\n";
    std::ofstream(dir_ / "fedblog.conf", std::ios::trunc) << settings;
}

node_process::~node_process()
{
    if (pid_ > 0)
        stop();
    std::error_code ec;
    fs::remove_all(root_, ec);
}

void node_process::start()
{
    // serve.log is appended to across restarts: only a new refusal counts.
    const auto port_refusals = [this] {
        const std::string text = log();
        std::size_t n          = 0;
        for (auto at = text.find("Address already in use"); at != std::string::npos;
             at      = text.find("Address already in use", at + 1))
            ++n;
        return n;
    };
    std::size_t refusals = port_refusals();
    pid_ = spawn({"serve", "--data", dir_.string()}, root_ / "serve.out", root_ / "serve.log");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline)
    {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_)
        {
            pid_ = -1;
            // The domain is fixed by then: another process may have taken the port since
            // free_port() found it free (a client socket, if the port is in the ephemeral
            // range). That is short-lived, so the same port is tried again.
            if (const auto now = port_refusals(); now > refusals)
            {
                refusals = now;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
                pid_ = spawn({"serve", "--data", dir_.string()}, root_ / "serve.out",
                             root_ / "serve.log");
                continue;
            }
            BOOST_FAIL("fedblog serve exited early: " << log());
        }
        try
        {
            auto r = http_request("127.0.0.1", port_, boost::beast::http::verb::get,
                                  "/.well-known/nodeinfo");
            if (r.status == 200)
                return;
        }
        catch (const std::exception&)
        {}
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    BOOST_FAIL("fedblog serve did not answer within 20 s: " << log());
}

int node_process::stop()
{
    if (pid_ <= 0)
        return -1;
    kill(pid_, SIGTERM);
    const int code = wait_exit(pid_, 30);
    pid_           = -1;
    return code;
}

void node_process::kill9()
{
    if (pid_ <= 0)
        return;
    kill(pid_, SIGKILL);
    wait_exit(pid_, 10);
    pid_ = -1;
}

std::map<int, int> node_process::thread_policies() const
{
    std::map<int, int> count;
    for (const auto& task : thread_dirs(pid_))
    {
        const int policy = ::sched_getscheduler(std::stoi(task.filename().string()));
        if (policy >= 0) // not a thread that ended since the directory was read
            ++count[policy];
    }
    return count;
}

std::map<std::string, int> node_process::thread_names() const
{
    std::map<std::string, int> count;
    for (const auto& task : thread_dirs(pid_))
    {
        std::string name = read_file(task / "comm");
        while (!name.empty() && name.back() == '\n')
            name.pop_back();
        if (!name.empty()) // not a thread that ended since the directory was read
            ++count[name];
    }
    return count;
}

std::string node_process::log() const
{
    return read_file(root_ / "serve.log");
}

http_reply node_process::get(const std::string& target, const std::string& accept,
                             const header_pairs& extra) const
{
    header_pairs headers = extra;
    if (!accept.empty())
        headers.emplace_back("Accept", accept);
    return http_request("127.0.0.1", port_, boost::beast::http::verb::get, target, headers);
}

http_reply node_process::post(const std::string& target, const std::string& body,
                              const header_pairs& headers) const
{
    return http_request("127.0.0.1", port_, boost::beast::http::verb::post, target, headers, body);
}

std::string node_process::create_token(const std::string& name) const
{
    auto r = run_fedblog({"token", "create", "--data", dir_.string(), "--name", name});
    BOOST_TEST_REQUIRE(r.exit_code == 0, "token create failed: " << r.err);
    std::string out = r.out;
    while (!out.empty() && out.back() == '\n')
        out.pop_back();
    return out.substr(out.rfind('\n') + 1);
}

std::string node_process::publish(const std::string& token, const std::string& markdown,
                                  const std::string& title) const
{
    protocol::json::value note = protocol::json::make_object({
        {"type", "Note"},
        {"source",
         protocol::json::make_object({{"content", markdown}, {"mediaType", "text/markdown"}})},
    });
    if (!title.empty())
        note.set("name", title);
    auto r = post("/users/" + user_ + "/outbox", protocol::json::serialize(note),
                  {{"Authorization", "Bearer " + token},
                   {"Content-Type",
                    "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\""}});
    BOOST_TEST_REQUIRE(r.status == 201u, "publish failed: " << r.status << " " << r.body);
    return r.header("location");
}

} // namespace fedblog::test
