// Digests of a byte string as lower-case hex: SHA-256 (the archive key of an original document)
// and MD5.
#pragma once

#include <string>
#include <string_view>

namespace jikenbo {

std::string Sha256Hex(std::string_view bytes);

// MD5, lower-case hex: only where a format asks for it (a MISP feed's hashes.csv), never for
// identity.
std::string Md5Hex(std::string_view bytes);

}  // namespace jikenbo
