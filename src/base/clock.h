// The wall clock, in the one format jikenbo stores and prints times in.
#pragma once

#include <cstdint>
#include <string>

namespace jikenbo {

// Now as ISO 8601 UTC to the second: "2031-05-12T09:00:00Z".
std::string NowUtc();
// Now as seconds since the epoch (lock-outs, session and token expiry).
int64_t NowSeconds();

}  // namespace jikenbo
