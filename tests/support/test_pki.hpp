// SPDX-License-Identifier: AGPL-3.0-or-later
// A throwaway certificate authority for HTTPS tests, made with the openssl command.
#pragma once

#include <filesystem>
#include <string>

namespace fedblog::test {

/// Files of a test CA and two server certificates it signed.
struct test_pki
{
    std::filesystem::path dir;
    std::string ca_cert; ///< the CA certificate (PEM), to trust
    std::string ip_cert; ///< server certificate for IP 127.0.0.1
    std::string ip_key;
    std::string localhost_cert; ///< server certificate for DNS "localhost" only
    std::string localhost_key;
};

/// Creates a CA and two leaf certificates under a new temp directory. Fails the test when
/// the openssl command is missing or fails.
test_pki make_test_pki();

} // namespace fedblog::test
