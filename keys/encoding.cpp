// SPDX-License-Identifier: AGPL-3.0-or-later
// Hashes, base64 (RFC 4648), hex, CSPRNG bytes and constant-time comparison.
#include "keys/encoding.hpp"

#include "keys/error.hpp"
#include "keys/openssl_error.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <climits>
#include <cstdint>
#include <stdexcept>

namespace fedblog::keys {

namespace {

constexpr std::string_view std_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view url_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string digest(const EVP_MD* md, std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &size, md, nullptr) != 1)
    {
        // Hashing in memory only fails when OpenSSL itself is broken (e.g. the default
        // provider could not be loaded): an invariant violation, not a bad input.
        throw std::runtime_error("openssl digest failed: " + detail::drain_openssl_errors());
    }
    return {reinterpret_cast<const char*>(out.data()), size};
}

std::string encode(std::string_view bytes, std::string_view alphabet, bool pad)
{
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    auto byte     = [&](std::size_t k) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[k]));
    };
    for (; i + 3 <= bytes.size(); i += 3)
    {
        std::uint32_t const v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    std::size_t const rest = bytes.size() - i;
    if (rest == 1)
    {
        std::uint32_t const v = byte(i) << 16;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        if (pad)
            out += "==";
    }
    else if (rest == 2)
    {
        std::uint32_t const v = byte(i) << 16 | byte(i + 1) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        if (pad)
            out += '=';
    }
    return out;
}

// The value of each base64 character, or -1. A table, because a signature is decoded on
// every inbox request, refused ones included.
constexpr std::array<std::int8_t, 256> decode_table = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    for (int i = 0; i < 26; ++i)
    {
        t[static_cast<std::size_t>('A' + i)] = static_cast<std::int8_t>(i);
        t[static_cast<std::size_t>('a' + i)] = static_cast<std::int8_t>(26 + i);
    }
    for (int i = 0; i < 10; ++i)
        t[static_cast<std::size_t>('0' + i)] = static_cast<std::int8_t>(52 + i);
    t[static_cast<std::size_t>('+')] = 62;
    t[static_cast<std::size_t>('/')] = 63;
    return t;
}();

int decode_char(char c) noexcept
{
    return decode_table[static_cast<unsigned char>(c)];
}

} // namespace

std::string sha256(std::string_view data)
{
    return digest(EVP_sha256(), data);
}

std::string sha512(std::string_view data)
{
    return digest(EVP_sha512(), data);
}

std::string base64_encode(std::string_view bytes)
{
    return encode(bytes, std_alphabet, true);
}

std::string base64url_encode(std::string_view bytes)
{
    return encode(bytes, url_alphabet, false);
}

boost::system::result<std::string> base64_decode(std::string_view text)
{
    // Padding may be omitted (some signers strip it), but when present it must complete the
    // last quantum exactly; anything else is ambiguous and refused.
    std::size_t data_len = text.size();
    if (data_len % 4 == 0 && data_len > 0)
    {
        if (text[data_len - 1] == '=')
            --data_len;
        if (text[data_len - 1] == '=')
            --data_len;
    }
    if (data_len % 4 == 1)
        return error::bad_base64;

    std::string out(data_len / 4 * 3 + (data_len % 4 == 0 ? 0 : data_len % 4 - 1), '\0');
    char* to          = out.data();
    std::uint32_t acc = 0;
    int bits          = 0;
    std::size_t i     = 0;
    // Whole quanta: four characters, three bytes.
    for (; i + 4 <= data_len; i += 4)
    {
        int const a = decode_char(text[i]), b = decode_char(text[i + 1]),
                  c = decode_char(text[i + 2]), d = decode_char(text[i + 3]);
        if ((a | b | c | d) < 0)
            return error::bad_base64; // includes '=' in the middle, whitespace, NUL, base64url
        std::uint32_t const v = static_cast<std::uint32_t>(a << 18 | b << 12 | c << 6 | d);
        *to++                 = static_cast<char>(v >> 16);
        *to++                 = static_cast<char>(v >> 8 & 0xFF);
        *to++                 = static_cast<char>(v & 0xFF);
    }
    for (; i < data_len; ++i)
    {
        int const v = decode_char(text[i]);
        if (v < 0)
            return error::bad_base64;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8)
        {
            bits -= 8;
            *to++ = static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    // RFC 4648 section 3.5: the unused low bits of the last character must be zero. Refusing
    // non-canonical text keeps one byte string to one encoding (no encoder emits anything else).
    if ((acc & ((1U << bits) - 1U)) != 0)
        return error::bad_base64;
    return out;
}

std::string hex_encode(std::string_view bytes)
{
    constexpr std::string_view digits = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (char c : bytes)
    {
        auto const b = static_cast<unsigned char>(c);
        out += digits[b >> 4];
        out += digits[b & 0x0F];
    }
    return out;
}

std::string random_bytes(std::size_t n)
{
    std::string out(n, '\0');
    if (n > static_cast<std::size_t>(INT_MAX))
        throw std::runtime_error("random_bytes: request too large");
    if (n > 0 && RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(n)) != 1)
        throw std::runtime_error("openssl csprng failed: " + detail::drain_openssl_errors());
    return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept
{
    if (a.size() != b.size())
        return false;
    if (a.empty())
        return true;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace fedblog::keys
