// Fetching documents over HTTP(S) with libcurl: timeouts, a size limit, a bounded number of
// redirects, a User-Agent that names jikenbo, conditional GET (ETag / Last-Modified) and retries
// with exponential back-off on network errors, 429 and 5xx. Only http and https, also across
// redirects. A Fetcher is not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

namespace jikenbo::ingest {

struct FetchOptions {
  std::string user_agent =
      "jikenbo/0.1 (security-incident casebook; +https://example.invalid/jikenbo)";
  double timeout_seconds = 30;  // whole transfer
  double connect_timeout_seconds = 10;
  uint64_t max_bytes = 64ull << 20;  // larger bodies are refused, not truncated
  long max_redirects = 5;
  int retries = 2;             // extra attempts after a retryable failure
  double backoff_seconds = 1;  // before the first retry; doubled for each further one
  // The SSRF guard: connections to loopback, private, link-local, shared, multicast and other
  // non-public addresses are refused (checked on the address actually connected to, for every
  // redirect, so DNS answers cannot get round it) unless this is set.
  bool allow_private = false;
};

struct FetchRequest {
  std::string url;
  std::string etag;           // sent as If-None-Match when set
  std::string last_modified;  // sent as If-Modified-Since when set
};

struct FetchResponse {
  long status = 0;  // HTTP status of the last response (304: not modified)
  std::string url;  // after redirects
  std::string content_type;
  std::string etag;
  std::string last_modified;
  std::string body;
  std::string fetched_at;  // ISO 8601 UTC
  bool not_modified() const { return status == 304; }
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // A 2xx or 304 response, or an error naming the URL: IoError for network failures, timeouts,
  // too many redirects and HTTP errors (with the status), InvalidInput for an oversized body
  // or a URL that is not http(s).
  virtual Result<FetchResponse> Fetch(const FetchRequest& request) = 0;
};

std::unique_ptr<Fetcher> NewCurlFetcher(FetchOptions options = {});

// Is `ip` (a numeric IPv4 or IPv6 address) one the SSRF guard refuses: unspecified, loopback,
// RFC 1918 private, carrier-grade NAT shared (100.64/10), link-local (169.254/16, fe80::/10),
// IETF protocol assignments (192.0.0/24), benchmarking (198.18/15), multicast, reserved
// (240/4), unique-local (fc00::/7), or an IPv4 address of these inside an IPv6 one (mapped,
// compatible, NAT64 64:ff9b::/96, 6to4 2002::/16)? Unparsable text counts as refused.
bool IsNonPublicAddress(const std::string& ip);

// Is this input a URL to fetch rather than a path?
bool IsUrl(const std::string& input);

}  // namespace jikenbo::ingest
