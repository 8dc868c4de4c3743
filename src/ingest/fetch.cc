// libcurl behind the Fetcher interface.
#include "ingest/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <fmt/format.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "base/utf8.h"

namespace jikenbo::ingest {
namespace {

bool IsNonPublicV4(uint32_t a) {  // host byte order
  auto in = [a](uint32_t net, int bits) { return (a >> (32 - bits)) == (net >> (32 - bits)); };
  return in(0x00000000, 8) ||   // 0.0.0.0/8 "this network"
         in(0x0A000000, 8) ||   // 10/8
         in(0x64400000, 10) ||  // 100.64/10 shared (CGN)
         in(0x7F000000, 8) ||   // 127/8 loopback
         in(0xA9FE0000, 16) ||  // 169.254/16 link-local (cloud metadata)
         in(0xAC100000, 12) ||  // 172.16/12
         in(0xC0000000, 24) ||  // 192.0.0/24 IETF protocol assignments
         in(0xC0A80000, 16) ||  // 192.168/16
         in(0xC6120000, 15) ||  // 198.18/15 benchmarking
         in(0xE0000000, 4) ||   // 224/4 multicast
         in(0xF0000000, 4);     // 240/4 reserved, broadcast
}

bool IsNonPublicV6(const unsigned char* b) {
  auto zeros = [b](int from, int to) {
    for (int i = from; i < to; ++i) {
      if (b[i] != 0) return false;
    }
    return true;
  };
  auto v4 = [b](int at) {
    return (uint32_t{b[at]} << 24) | (uint32_t{b[at + 1]} << 16) | (uint32_t{b[at + 2]} << 8) |
           uint32_t{b[at + 3]};
  };
  if (zeros(0, 15) && (b[15] == 0 || b[15] == 1)) return true;                       // :: and ::1
  if (zeros(0, 10) && b[10] == 0xFF && b[11] == 0xFF) return IsNonPublicV4(v4(12));  // mapped
  if (zeros(0, 12)) return IsNonPublicV4(v4(12));  // IPv4-compatible (deprecated)
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B && zeros(4, 12)) {
    return IsNonPublicV4(v4(12));  // NAT64
  }
  if (b[0] == 0x20 && b[1] == 0x02) return IsNonPublicV4(v4(2));  // 6to4
  if ((b[0] & 0xFE) == 0xFC) return true;                         // fc00::/7 unique local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) return true;         // fe80::/10 link-local
  if (b[0] == 0xFE && (b[1] & 0xC0) == 0xC0) return true;         // fec0::/10 site-local (old)
  if (b[0] == 0xFF) return true;                                  // multicast
  return false;
}

std::string AddressText(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

// The guard sits where libcurl opens a socket: after name resolution, for every connection of
// the transfer (redirects included), on the address about to be connected.
struct Guard {
  bool allow_private = false;
  std::string refused;  // the address refused, if any
};

curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  auto* g = static_cast<Guard*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && !g->allow_private) {
    const sockaddr* sa = &address->addr;
    bool refuse = true;  // a family we do not know is refused too
    if (sa->sa_family == AF_INET) {
      refuse = IsNonPublicV4(ntohl(reinterpret_cast<const sockaddr_in*>(sa)->sin_addr.s_addr));
    } else if (sa->sa_family == AF_INET6) {
      refuse = IsNonPublicV6(reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr.s6_addr);
    }
    if (refuse) {
      g->refused = AddressText(sa);
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

struct Transfer {
  std::string body;
  uint64_t limit = 0;
  bool too_big = false;
  std::string etag;
  std::string last_modified;
};

size_t OnBody(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t bytes = size * n;
  if (t->body.size() + bytes > t->limit) {
    t->too_big = true;
    return 0;  // aborts the transfer
  }
  t->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view line(data, size * n);
  const size_t colon = line.find(':');
  if (line.rfind("HTTP/", 0) == 0) {  // a new response (after a redirect): forget the last one
    t->etag.clear();
    t->last_modified.clear();
  } else if (colon != std::string_view::npos) {
    const std::string name = utf8::AsciiLower(line.substr(0, colon));
    const std::string value(utf8::Trim(line.substr(colon + 1)));
    if (name == "etag") t->etag = value;
    if (name == "last-modified") t->last_modified = value;
  }
  return size * n;
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

class CurlFetcher : public Fetcher {
 public:
  explicit CurlFetcher(FetchOptions options) : options_(std::move(options)) {
    static std::once_flag init;
    std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  Result<FetchResponse> Fetch(const FetchRequest& request) override {
    if (!IsUrl(request.url)) return Status::InvalidInput("not an http(s) URL", request.url);
    double wait = options_.backoff_seconds;
    for (int attempt = 0;; ++attempt) {
      bool retryable = false;
      auto r = Once(request, &retryable);
      if (r.ok() || !retryable || attempt >= options_.retries) return r;
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
      wait *= 2;
    }
  }

 private:
  Result<FetchResponse> Once(const FetchRequest& request, bool* retryable) {
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) return Status::Internal("libcurl could not start", request.url);
    Transfer t;
    t.limit = options_.max_bytes;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, options_.max_redirects);
    curl_easy_setopt(c, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout_seconds * 1000));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout_seconds * 1000));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // gzip and deflate, decoded by libcurl
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes));
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
    Guard guard{options_.allow_private, {}};
    curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
    curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &guard);
    std::unique_ptr<curl_slist, ListDeleter> headers;
    auto add = [&](const std::string& h) {
      headers.reset(curl_slist_append(headers.release(), h.c_str()));
    };
    if (!request.etag.empty()) add("If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) add("If-Modified-Since: " + request.last_modified);
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK && !guard.refused.empty()) {
      return Status::InvalidInput(
          fmt::format("refused: the server's address {} is loopback, private, link-local or "
                      "otherwise not public (a guard against server-side request forgery; "
                      "--allow-private permits it)",
                      guard.refused),
          request.url);
    }
    if (t.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
      return Status::InvalidInput(
          fmt::format("response larger than {} bytes (see --max-bytes)", options_.max_bytes),
          request.url);
    }
    if (rc != CURLE_OK) {
      *retryable = rc != CURLE_TOO_MANY_REDIRECTS && rc != CURLE_UNSUPPORTED_PROTOCOL &&
                   rc != CURLE_URL_MALFORMAT;
      return Status::IoError(fmt::format("fetch failed: {}", curl_easy_strerror(rc)), request.url);
    }
    FetchResponse out;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
    char* final_url = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final_url);
    out.url = final_url != nullptr ? final_url : request.url;
    char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    out.content_type = type != nullptr ? type : "";
    if (out.status != 304 && (out.status < 200 || out.status >= 300)) {
      *retryable = out.status == 429 || out.status >= 500;
      return Status::IoError(fmt::format("HTTP {}", out.status), request.url);
    }
    out.etag = std::move(t.etag);
    out.last_modified = std::move(t.last_modified);
    out.body = std::move(t.body);
    out.fetched_at = NowUtc();
    return out;
  }

  FetchOptions options_;
};

}  // namespace

bool IsNonPublicAddress(const std::string& ip) {
  in_addr v4{};
  if (inet_pton(AF_INET, ip.c_str(), &v4) == 1) return IsNonPublicV4(ntohl(v4.s_addr));
  in6_addr v6{};
  if (inet_pton(AF_INET6, ip.c_str(), &v6) == 1) return IsNonPublicV6(v6.s6_addr);
  return true;
}

bool IsUrl(const std::string& input) {
  const std::string lower = utf8::AsciiLower(std::string_view(input).substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::unique_ptr<Fetcher> NewCurlFetcher(FetchOptions options) {
  return std::make_unique<CurlFetcher>(std::move(options));
}

}  // namespace jikenbo::ingest
