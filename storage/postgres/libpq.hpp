// SPDX-License-Identifier: AGPL-3.0-or-later
// libpq, loaded at run time by the first PostgreSQL store a process opens.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace fedblog::storage::postgres {

/** The libpq functions the driver calls. Linking libpq would map it, and the 18 libraries
    it depends on (GnuTLS, Kerberos, LDAP, ...), into every fedblog process: 3.5 MB more
    idle memory on a node that keeps its data in SQLite, where the node's budget is 15 MB.
    So the library is opened with dlopen() when a postgresql:// store is first opened.
*/
struct libpq_api
{
    decltype(&::PQconnectdbParams) PQconnectdbParams;
    decltype(&::PQstatus) PQstatus;
    decltype(&::PQerrorMessage) PQerrorMessage;
    decltype(&::PQfinish) PQfinish;
    decltype(&::PQsetNoticeProcessor) PQsetNoticeProcessor;
    decltype(&::PQparameterStatus) PQparameterStatus;
    decltype(&::PQtransactionStatus) PQtransactionStatus;
    decltype(&::PQexec) PQexec;
    decltype(&::PQprepare) PQprepare;
    decltype(&::PQexecPrepared) PQexecPrepared;
    decltype(&::PQresultStatus) PQresultStatus;
    decltype(&::PQresultErrorField) PQresultErrorField;
    decltype(&::PQntuples) PQntuples;
    decltype(&::PQcmdTuples) PQcmdTuples;
    decltype(&::PQgetisnull) PQgetisnull;
    decltype(&::PQgetvalue) PQgetvalue;
    decltype(&::PQgetlength) PQgetlength;
    decltype(&::PQclear) PQclear;
    decltype(&::PQconninfoParse) PQconninfoParse;
    decltype(&::PQconninfoFree) PQconninfoFree;
    decltype(&::PQfreemem) PQfreemem;
};

/** Loads libpq (libpq.so.5, Debian's libpq5) once per process.
    @param why when it cannot be loaded, receives dlerror()'s reason.
    @return the functions, or nullptr when the library or one of them is missing.
    @par Thread Safety
    Safe to call concurrently.
*/
[[nodiscard]] const libpq_api* load_libpq(std::string& why);

/** The loaded functions. Precondition: load_libpq() succeeded, which every connection's
    existence implies (connections are only made after it).
*/
[[nodiscard]] const libpq_api& libpq() noexcept;

} // namespace fedblog::storage::postgres
