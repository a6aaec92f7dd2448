// SPDX-License-Identifier: AGPL-3.0-or-later
// header_list: received header fields, looked up case-insensitively.
#include "protocol/http_message_view.hpp"

namespace fedblog::protocol {

namespace {

bool iequals(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
    {
        auto lower = [](char c) {
            return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
        };
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

} // namespace

void header_list::add(std::string name, std::string value)
{
    fields_.emplace_back(std::move(name), std::move(value));
}

std::optional<std::string> header_list::get(std::string_view name) const
{
    std::optional<std::string> joined;
    for (const auto& [field, value] : fields_)
    {
        if (!iequals(field, name))
            continue;
        if (joined)
            *joined += ", ";
        else
            joined.emplace();
        *joined += value;
    }
    return joined;
}

bool header_list::contains(std::string_view name) const
{
    for (const auto& field : fields_)
        if (iequals(field.first, name))
            return true;
    return false;
}

} // namespace fedblog::protocol
