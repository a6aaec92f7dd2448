// SPDX-License-Identifier: AGPL-3.0-or-later
// spdlog configuration and log field quoting.
#include "node/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>

namespace fedblog::node {

void setup_logging(std::string_view level)
{
    auto logger = spdlog::stderr_logger_mt("fedblog");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    logger->set_level(spdlog::level::from_str(std::string(level)));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
}

std::string log_quote(std::string_view value)
{
    constexpr std::size_t max_len = 300;
    bool needs                    = value.empty();
    for (unsigned char c : value)
    {
        if (c <= ' ' || c == '"' || c == '\\' || c == 0x7F)
        {
            needs = true;
            break;
        }
    }
    std::string_view v = value.substr(0, max_len);
    // Cut at a character boundary: a UTF-8 sequence the cut left incomplete is dropped.
    if (value.size() > max_len)
    {
        std::size_t tail = 0; // continuation bytes at the end
        while (tail < 3 && tail < v.size() &&
               (static_cast<unsigned char>(v[v.size() - 1 - tail]) & 0xC0) == 0x80)
            ++tail;
        if (tail < v.size())
        {
            const auto lead            = static_cast<unsigned char>(v[v.size() - 1 - tail]);
            const std::size_t expected = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
            if (expected != tail)
                v.remove_suffix(tail + 1);
        }
    }
    if (!needs)
        return value.size() > max_len ? std::string(v) + "..." : std::string(v);
    std::string out = "\"";
    for (unsigned char c : v)
    {
        if (c == '"' || c == '\\')
        {
            out += '\\';
            out += static_cast<char>(c);
        }
        else if (c < ' ' || c == 0x7F)
            out += '?';
        else
            out += static_cast<char>(c);
    }
    if (value.size() > max_len)
        out += "...";
    out += '"';
    return out;
}

void log_exception(spdlog::level::level_enum level, std::string_view what, std::exception_ptr e)
{
    if (!e)
        return;
    try
    {
        std::rethrow_exception(e);
    }
    catch (const std::exception& ex)
    {
        spdlog::log(level, "{}: {}", what, ex.what());
    }
}

} // namespace fedblog::node
