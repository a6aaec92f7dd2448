// SPDX-License-Identifier: AGPL-3.0-or-later
// Opening libpq with dlopen() and resolving the functions the driver uses.
#include "storage/postgres/libpq.hpp"

#include <dlfcn.h>

namespace fedblog::storage::postgres {

namespace {

struct loaded
{
    libpq_api api{};
    bool ok = false;
    std::string why;
};

template <class Function>
bool resolve(void* library, const char* name, Function& out, std::string& why)
{
    void* symbol = ::dlsym(library, name);
    if (symbol == nullptr)
    {
        why = std::string("libpq has no ") + name;
        return false;
    }
    out = reinterpret_cast<Function>(symbol);
    return true;
}

loaded load()
{
    loaded l;
    // Never closed: connections may live until the process ends.
    void* library = ::dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr)
    {
        const char* error = ::dlerror();
        l.why             = std::string("cannot load libpq (Debian package libpq5): ") +
                (error != nullptr ? error : "unknown error");
        return l;
    }
    auto& a = l.api;
    l.ok    = resolve(library, "PQconnectdbParams", a.PQconnectdbParams, l.why) &&
           resolve(library, "PQstatus", a.PQstatus, l.why) &&
           resolve(library, "PQerrorMessage", a.PQerrorMessage, l.why) &&
           resolve(library, "PQfinish", a.PQfinish, l.why) &&
           resolve(library, "PQsetNoticeProcessor", a.PQsetNoticeProcessor, l.why) &&
           resolve(library, "PQparameterStatus", a.PQparameterStatus, l.why) &&
           resolve(library, "PQtransactionStatus", a.PQtransactionStatus, l.why) &&
           resolve(library, "PQexec", a.PQexec, l.why) &&
           resolve(library, "PQprepare", a.PQprepare, l.why) &&
           resolve(library, "PQexecPrepared", a.PQexecPrepared, l.why) &&
           resolve(library, "PQresultStatus", a.PQresultStatus, l.why) &&
           resolve(library, "PQresultErrorField", a.PQresultErrorField, l.why) &&
           resolve(library, "PQntuples", a.PQntuples, l.why) &&
           resolve(library, "PQcmdTuples", a.PQcmdTuples, l.why) &&
           resolve(library, "PQgetisnull", a.PQgetisnull, l.why) &&
           resolve(library, "PQgetvalue", a.PQgetvalue, l.why) &&
           resolve(library, "PQgetlength", a.PQgetlength, l.why) &&
           resolve(library, "PQclear", a.PQclear, l.why) &&
           resolve(library, "PQconninfoParse", a.PQconninfoParse, l.why) &&
           resolve(library, "PQconninfoFree", a.PQconninfoFree, l.why) &&
           resolve(library, "PQfreemem", a.PQfreemem, l.why);
    return l;
}

const loaded& instance()
{
    static const loaded l = load(); // C++ makes this initialisation thread-safe
    return l;
}

} // namespace

const libpq_api* load_libpq(std::string& why)
{
    const auto& l = instance();
    if (!l.ok)
    {
        why = l.why;
        return nullptr;
    }
    return &l.api;
}

const libpq_api& libpq() noexcept
{
    return instance().api;
}

} // namespace fedblog::storage::postgres
