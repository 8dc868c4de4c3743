// HTTP for `jikenbo serve`: plain request and response values, and a server (libmicrohttpd,
// a thread pool) that turns connections into calls of a handler. Limits are enforced here:
// header and body sizes, connections per address, time per connection.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace jikenbo::serve {

struct Request {
  std::string method;                             // GET, HEAD, POST ...
  std::string path;                               // percent-decoded, without the query
  std::multimap<std::string, std::string> query;  // decoded parameters
  std::map<std::string, std::string> headers;     // names in lower case
  std::string body;
  std::string client;  // the peer's address

  // The first value of a query parameter, or "".
  std::string Param(const std::string& name) const;
  std::vector<std::string> Params(const std::string& name) const;
  std::string Header(const std::string& lower_name) const;
  // The value of cookie `name` in the Cookie header ("a=1; b=2"), or "".
  std::string Cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // added to the security headers
};

using Handler = std::function<Response(const Request&)>;

struct HttpOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  unsigned threads = 4;         // worker threads
  size_t max_body = 16u << 20;  // larger bodies get 413
  // Open connections at once: beyond it the server stops accepting, and new connections wait
  // in the listen queue (of listen_backlog) until one closes: none is refused or reset.
  unsigned max_connections = 4096;
  unsigned listen_backlog = 4096;
  unsigned connections_per_ip = 0;  // concurrent connections from one address (0: no limit
                                    // beyond max_connections; a limit closes the excess)
  unsigned timeout_seconds = 30;    // idle connections are closed
};

// Serves until *stop becomes true (polled every 100 ms). Fails when the address cannot be bound.
// `on_ready` is called once listening, with the port (useful with port 0).
Status ServeHttp(const HttpOptions& options, const Handler& handler, std::atomic<bool>* stop,
                 const std::function<void(uint16_t)>& on_ready = {});

// Decodes %XX and, in queries, '+' as space. Invalid escapes are kept as written.
std::string PercentDecode(std::string_view s, bool plus_is_space);
// Parses "a=1&b=x+y" into decoded pairs.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

}  // namespace jikenbo::serve
