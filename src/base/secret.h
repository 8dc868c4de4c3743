// Secrets of accounts: Argon2id password hashes (libsodium's crypto_pwhash_str, its
// "interactive" cost: 64 MiB, 2 passes) and random tokens. Tokens and session ids are random
// 256-bit values; what is stored of them is their SHA-256 (Sha256Hex), which is enough for a
// value nobody can guess and lets a look-up use an index.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace jikenbo {

// The encoded Argon2id hash of a password ("$argon2id$v=19$m=65536,t=2,p=1$…").
Result<std::string> HashPassword(std::string_view password);
// Whether the password matches an encoded hash (false for a malformed hash). Takes the same
// time whether or not it matches.
bool VerifyPassword(const std::string& hash, std::string_view password);
// A hash no password matches, of the same cost: verified against when there is no user, so
// that a wrong name takes as long as a wrong password.
const std::string& DecoyPasswordHash();
// `bytes` random bytes as lower-case hex; "" if the system gives no random bytes.
std::string RandomHex(size_t bytes);
// A new API token: "jk_" and 256 random bits in hex; "" if the system gives no random bytes.
std::string NewApiToken();
// Constant-time comparison of two secrets (false for empty ones).
bool SameSecret(std::string_view a, std::string_view b);
// What a password must be: 10 to 1024 bytes of UTF-8. An error says why not.
Status CheckPassword(std::string_view password);

}  // namespace jikenbo
