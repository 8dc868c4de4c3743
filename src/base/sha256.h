// SHA-256 of a byte string, as lower-case hex (the archive key of an original document).
#pragma once

#include <string>
#include <string_view>

namespace jikenbo {

std::string Sha256Hex(std::string_view bytes);

}  // namespace jikenbo
