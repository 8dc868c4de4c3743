// The web UI and JSON API of `jikenbo serve`, as a function from Request to Response (the HTTP
// server in http.h feeds it; tests call it directly). Pages: the casebook list with filters,
// case pages with evidence highlighting, search, dashboard, digest, indicators. API: /api/cases,
// /api/cases/{case_no}, /api/articles/{id}, /api/search, /api/stats, /api/indicators,
// /api/digest, and POST /api/ingest behind a bearer token (docs/api.md); TAXII 2.1 under
// /taxii2/ behind a reader token (taxii.cc). Editors sign in with
// their token (/signin) and correct cases in place: edit a field, merge, split (docs/api.md,
// "Editing"). Every response carries
// a strict Content-Security-Policy; all casebook text is escaped; requests are rate-limited per
// client address. Thread-safe: one App serves every worker thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "serve/http.h"

namespace jikenbo::serve {

// An editor who may correct cases in the web UI: the name goes into the correction log.
struct Editor {
  std::string name;
  std::string token;  // signs the editor in (at least 16 characters)
};

struct AppOptions {
  std::string db;               // the casebook
  std::string rules_dir;        // for the digest's words and for ingest
  std::string token;            // bearer token of POST /api/ingest ("": ingest refused)
  std::string taxii_token;      // bearer token of TAXII readers (/taxii2/); the ingest token
                                // reads too; neither: TAXII is off
  double rate_per_second = 20;  // per client address; 0: no limit
  double burst = 200;           // requests a client may make at once before the rate applies
  std::vector<Editor> editors;  // none: editing in the web UI is off
  bool secure_cookie = false;   // mark the session cookie Secure (serve behind HTTPS)
  // Addresses of reverse proxies whose X-Forwarded-For names the client (for the rate limits
  // and the log); from anyone else the header is ignored.
  std::vector<std::string> trusted_proxies;
};

class App {
 public:
  static Result<std::unique_ptr<App>> Create(const AppOptions& options);
  ~App();
  Response Handle(const Request& request);

  struct Impl;

 private:
  explicit App(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jikenbo::serve
