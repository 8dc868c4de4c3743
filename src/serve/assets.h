// The web UI's static files, compiled in: `serve` reads nothing from disk to answer /static/,
// so no request path can reach the file system.
#pragma once

#include <optional>
#include <string_view>

namespace jikenbo::serve {

struct Asset {
  std::string_view content_type;
  std::string_view body;
};

// The asset named by a /static/ path ("app.css", "app.js"), or nullopt.
std::optional<Asset> FindAsset(std::string_view name);

}  // namespace jikenbo::serve
