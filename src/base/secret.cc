#include "base/secret.h"

#include <sodium.h>

#include "base/utf8.h"

namespace jikenbo {
namespace {

bool Ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (!Ready()) return Status::Internal("libsodium cannot start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("out of memory hashing a password");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!Ready() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

const std::string& DecoyPasswordHash() {
  static const std::string decoy = [] {
    auto h = HashPassword(RandomHex(32));
    return h.ok() ? *h : std::string();
  }();
  return decoy;
}

std::string RandomHex(size_t bytes) {
  if (!Ready()) return "";
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char c : raw) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string NewApiToken() {
  const std::string random = RandomHex(32);
  return random.empty() ? "" : "jk_" + random;
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Status CheckPassword(std::string_view password) {
  if (password.size() < 10) return Status::InvalidInput("a password needs at least 10 characters");
  if (password.size() > 1024) return Status::InvalidInput("a password may have 1024 bytes at most");
  if (!utf8::IsValid(password)) return Status::InvalidInput("a password must be UTF-8");
  return Status::Ok();
}

}  // namespace jikenbo
