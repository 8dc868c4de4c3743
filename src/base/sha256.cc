#include "base/sha256.h"

#include <openssl/evp.h>

namespace jikenbo {

namespace {

std::string DigestHex(std::string_view bytes, const EVP_MD* md) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &len, md, nullptr);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  // Fetched once: EVP_sha256() makes OpenSSL 3 look the algorithm up on every call, which
  // costs more than hashing a short token.
  static const EVP_MD* const kSha256 = [] {
    const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md != nullptr ? md : EVP_sha256();
  }();
  return DigestHex(bytes, kSha256);
}

std::string Md5Hex(std::string_view bytes) { return DigestHex(bytes, EVP_md5()); }

}  // namespace jikenbo
