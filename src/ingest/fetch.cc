// libcurl behind the Fetcher interface.
#include "ingest/fetch.h"

#include <curl/curl.h>
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <mutex>
#include <thread>

#include "base/clock.h"
#include "base/utf8.h"

namespace jikenbo::ingest {
namespace {

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
    std::unique_ptr<curl_slist, ListDeleter> headers;
    auto add = [&](const std::string& h) {
      headers.reset(curl_slist_append(headers.release(), h.c_str()));
    };
    if (!request.etag.empty()) add("If-None-Match: " + request.etag);
    if (!request.last_modified.empty()) add("If-Modified-Since: " + request.last_modified);
    if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    const CURLcode rc = curl_easy_perform(c);
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

bool IsUrl(const std::string& input) {
  const std::string lower = utf8::AsciiLower(std::string_view(input).substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

std::unique_ptr<Fetcher> NewCurlFetcher(FetchOptions options) {
  return std::make_unique<CurlFetcher>(std::move(options));
}

}  // namespace jikenbo::ingest
