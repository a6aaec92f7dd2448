// SPDX-License-Identifier: AGPL-3.0-or-later
// A lean load generator for bench/inbox.sh: replays pre-signed POSTs (inbox_load's
// requests.tsv) over kept-alive connections, one request at a time per connection, like
// wrk, and counts the answers by status. It exists because wrk and its Lua script spent
// 47-55 µs of CPU per request on the two cores the node was measured on: here each request
// is formatted once, up front, and a response costs a header scan.
//
//   replay_load --requests FILE --port PORT --host-header HOST:PORT [--path /inbox]
//               [--connections 32] [--threads 2] [--seconds 4]
//
// Prints one line: requests (answered within the time), per_second, by status class, errors,
// wrapped (a thread ran out of distinct requests and started over), p50/p99 latency in µs
// and the generator's own CPU seconds. Loopback only; no TLS, no chunked responses.
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;

struct settings
{
    std::string requests_file;
    std::string host_header;
    std::string path     = "/inbox";
    unsigned short port  = 0;
    unsigned connections = 32;
    unsigned threads     = 2;
    double seconds       = 4;
};

struct tally
{
    std::uint64_t answered    = 0;
    std::uint64_t by_class[6] = {}; // index status / 100
    std::uint64_t errors      = 0;
    std::uint64_t wrapped     = 0;
    std::vector<std::uint32_t> latency_us;
};

/// One request line of requests.tsv (date, digest, signature, body) as bytes on the wire.
std::string format_request(std::string_view line, const settings& s)
{
    std::string_view field[4];
    for (int i = 0; i < 3; ++i)
    {
        const auto tab = line.find('\t');
        if (tab == std::string_view::npos)
            return {};
        field[i] = line.substr(0, tab);
        line.remove_prefix(tab + 1);
    }
    field[3] = line;
    std::string out;
    out.reserve(field[2].size() + field[3].size() + 256);
    out.append("POST ").append(s.path).append(" HTTP/1.1\r\nHost: ").append(s.host_header);
    out.append("\r\nDate: ").append(field[0]).append("\r\nDigest: ").append(field[1]);
    out.append("\r\nSignature: ").append(field[2]);
    out.append("\r\nContent-Type: application/activity+json\r\nContent-Length: ");
    out.append(std::to_string(field[3].size())).append("\r\n\r\n").append(field[3]);
    return out;
}

struct connection
{
    int fd                     = -1;
    const std::string* request = nullptr;
    std::size_t sent           = 0;
    std::string in;
    clock_type::time_point started;
};

int open_connection(unsigned short port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    sockaddr_in addr{};
    addr.sin_family      = AF_INET;
    addr.sin_port        = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The socket stays blocking: send() and recv() pass MSG_DONTWAIT where waiting is wrong.
    return fd;
}

/// Length of a complete response at the front of `in` (headers and Content-Length body),
/// 0 when more bytes are needed, or -1 when it cannot be framed (no Content-Length).
long complete_response(const std::string& in, int& status, bool& close)
{
    const auto end = in.find("\r\n\r\n");
    if (end == std::string::npos)
        return 0;
    if (in.size() < 12 || in.compare(0, 5, "HTTP/") != 0)
        return -1;
    status          = std::atoi(in.c_str() + 9);
    long length     = -1;
    close           = false;
    std::size_t pos = in.find("\r\n") + 2;
    while (pos < end)
    {
        const auto eol = in.find("\r\n", pos);
        std::string_view h(in.data() + pos, eol - pos);
        const auto colon = h.find(':');
        if (colon != std::string_view::npos)
        {
            std::string name(h.substr(0, colon));
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            auto value = h.substr(colon + 1);
            while (!value.empty() && value.front() == ' ')
                value.remove_prefix(1);
            if (name == "content-length")
                std::from_chars(value.data(), value.data() + value.size(), length);
            else if (name == "connection" && (value == "close" || value == "Close"))
                close = true;
        }
        pos = eol + 2;
    }
    if (length < 0)
        return -1;
    const auto total = static_cast<long>(end + 4) + length;
    return static_cast<long>(in.size()) >= total ? total : 0;
}

void run_thread(const settings& s, const std::vector<std::string>& requests, unsigned first,
                unsigned step, unsigned conns, clock_type::time_point deadline, tally& t)
{
    std::vector<const std::string*> mine;
    for (std::size_t i = first; i < requests.size(); i += step)
        mine.push_back(&requests[i]);
    if (mine.empty())
        return;
    std::size_t next = 0;
    auto take        = [&]() -> const std::string* {
        if (next == mine.size())
        {
            next = 0;
            ++t.wrapped;
        }
        return mine[next++];
    };
    const int ep = ::epoll_create1(0);
    std::vector<connection> pool(conns);
    auto start_request = [&](connection& c) {
        c.request = take();
        c.sent    = 0;
        c.started = clock_type::now();
    };
    // Sends what the socket takes; true when the whole request is out.
    auto push = [&](connection& c) {
        while (c.sent < c.request->size())
        {
            const auto n = ::send(c.fd, c.request->data() + c.sent, c.request->size() - c.sent,
                                  MSG_NOSIGNAL | MSG_DONTWAIT);
            if (n < 0)
                return errno == EAGAIN ? false : (c.sent = SIZE_MAX, false);
            c.sent += static_cast<std::size_t>(n);
        }
        return true;
    };
    auto arm = [&](connection& c, std::uint32_t events, int op) {
        epoll_event ev{};
        ev.events   = events;
        ev.data.ptr = &c;
        ::epoll_ctl(ep, op, c.fd, &ev);
    };
    auto open = [&](connection& c) {
        c.fd = open_connection(s.port);
        c.in.clear();
        if (c.fd < 0)
            return false;
        start_request(c);
        const bool all = push(c);
        arm(c, all ? EPOLLIN : EPOLLIN | EPOLLOUT, EPOLL_CTL_ADD);
        return true;
    };
    for (auto& c : pool)
        if (!open(c))
            ++t.errors;
    std::vector<epoll_event> events(conns);
    char buffer[16384];
    while (clock_type::now() < deadline)
    {
        const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 50);
        for (int i = 0; i < n; ++i)
        {
            auto& c = *static_cast<connection*>(events[i].data.ptr);
            if (events[i].events & EPOLLOUT)
            {
                if (push(c))
                    arm(c, EPOLLIN, EPOLL_CTL_MOD);
                continue;
            }
            const auto got = ::recv(c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got < 0 && errno == EAGAIN)
                continue;
            bool reopen = got <= 0;
            if (!reopen)
            {
                c.in.append(buffer, static_cast<std::size_t>(got));
                int status      = 0;
                bool close      = false;
                const long done = complete_response(c.in, status, close);
                if (done == 0)
                    continue;
                if (done < 0)
                    reopen = true;
                else
                {
                    const auto now = clock_type::now();
                    if (now < deadline)
                    {
                        ++t.answered;
                        ++t.by_class[std::clamp(status / 100, 0, 5)];
                        t.latency_us.push_back(static_cast<std::uint32_t>(
                            std::chrono::duration_cast<std::chrono::microseconds>(now - c.started)
                                .count()));
                    }
                    c.in.erase(0, static_cast<std::size_t>(done));
                    if (close)
                        reopen = true;
                    else
                    {
                        start_request(c);
                        if (!push(c))
                            arm(c, EPOLLIN | EPOLLOUT, EPOLL_CTL_MOD);
                    }
                }
            }
            if (reopen)
            {
                if (got <= 0)
                    ++t.errors;
                ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
                ::close(c.fd);
                if (!open(c))
                    ++t.errors;
            }
        }
    }
    for (auto& c : pool)
        if (c.fd >= 0)
            ::close(c.fd);
    ::close(ep);
}

} // namespace

int main(int argc, char** argv)
{
    settings s;
    for (int i = 1; i + 1 < argc; i += 2)
    {
        const std::string k = argv[i];
        const std::string v = argv[i + 1];
        if (k == "--requests")
            s.requests_file = v;
        else if (k == "--port")
            s.port = static_cast<unsigned short>(std::stoul(v));
        else if (k == "--host-header")
            s.host_header = v;
        else if (k == "--path")
            s.path = v;
        else if (k == "--connections")
            s.connections = static_cast<unsigned>(std::stoul(v));
        else if (k == "--threads")
            s.threads = static_cast<unsigned>(std::stoul(v));
        else if (k == "--seconds")
            s.seconds = std::stod(v);
        else
        {
            std::cerr << "unknown option " << k << "\n";
            return 2;
        }
    }
    if (s.requests_file.empty() || s.port == 0 || s.host_header.empty() || s.threads == 0 ||
        s.connections < s.threads)
    {
        std::cerr << "usage: replay_load --requests FILE --port PORT --host-header HOST:PORT "
                     "[--path /inbox] [--connections 32] [--threads 2] [--seconds 4]\n";
        return 2;
    }
    std::vector<std::string> requests;
    {
        std::ifstream in(s.requests_file);
        std::string line;
        while (std::getline(in, line))
            if (auto r = format_request(line, s); !r.empty())
                requests.push_back(std::move(r));
    }
    if (requests.size() < s.threads)
    {
        std::cerr << "too few requests in " << s.requests_file << "\n";
        return 2;
    }
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    const auto start    = clock_type::now();
    const auto deadline = start + std::chrono::duration_cast<clock_type::duration>(
                                      std::chrono::duration<double>(s.seconds));
    std::vector<tally> tallies(s.threads);
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < s.threads; ++t)
    {
        const unsigned conns = s.connections / s.threads + (t < s.connections % s.threads ? 1 : 0);
        pool.emplace_back(run_thread, std::cref(s), std::cref(requests), t, s.threads, conns,
                          deadline, std::ref(tallies[t]));
    }
    for (auto& th : pool)
        th.join();
    const double elapsed = std::chrono::duration<double>(deadline - start).count();
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    auto seconds_of = [](const timeval& tv) {
        return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
    };
    const double cpu = seconds_of(after.ru_utime) - seconds_of(before.ru_utime) +
                       seconds_of(after.ru_stime) - seconds_of(before.ru_stime);
    tally all;
    for (auto& t : tallies)
    {
        all.answered += t.answered;
        for (int c = 0; c < 6; ++c)
            all.by_class[c] += t.by_class[c];
        all.errors += t.errors;
        all.wrapped += t.wrapped;
        all.latency_us.insert(all.latency_us.end(), t.latency_us.begin(), t.latency_us.end());
    }
    std::sort(all.latency_us.begin(), all.latency_us.end());
    auto pct = [&](double p) -> std::uint32_t {
        if (all.latency_us.empty())
            return 0;
        return all.latency_us[std::min(
            all.latency_us.size() - 1,
            static_cast<std::size_t>(p * static_cast<double>(all.latency_us.size())))];
    };
    std::printf("requests=%llu seconds=%.3f per_second=%.1f status_2xx=%llu status_4xx=%llu "
                "status_5xx=%llu errors=%llu wrapped=%llu p50_us=%u p99_us=%u cpu_s=%.2f\n",
                static_cast<unsigned long long>(all.answered), elapsed,
                static_cast<double>(all.answered) / elapsed,
                static_cast<unsigned long long>(all.by_class[2]),
                static_cast<unsigned long long>(all.by_class[4]),
                static_cast<unsigned long long>(all.by_class[5]),
                static_cast<unsigned long long>(all.errors),
                static_cast<unsigned long long>(all.wrapped), pct(0.50), pct(0.99), cpu);
    return all.errors > 0 ? 1 : 0;
}
