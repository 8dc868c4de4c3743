// Fuzz target: the HTTP request handling of `serve` (App::Handle) on a casebook of the examples.
// Input: line 1 the method, line 2 the path, line 3 the query string, line 4 an Authorization
// header, the rest the body. Every answer must carry the security headers, every JSON answer
// must parse, and no answer may contain an unescaped script tag.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "base/file_source.h"
#include "ingest/ingest.h"
#include "ingest/pipeline.h"
#include "serve/app.h"

using namespace jikenbo;

namespace {
class Quiet : public ingest::Reporter {
 public:
  void OnDocument(const ingest::DocumentReport&) override {}
  void OnError(const Status&) override {}
};

serve::App& Server() {
  static serve::App* app = [] {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("jikenbo_fuzz_serve_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    static std::filesystem::path to_remove;
    to_remove = dir;
    std::atexit([] { std::filesystem::remove_all(to_remove); });
    const std::string db = (dir / "case.db").string();
    auto files = NewDiskFileSource();
    auto pipeline = ingest::LoadPipeline(*files, JIKENBO_RULES_DIR);
    auto store = store::OpenSqliteStore(db);
    if (!pipeline.ok() || !store.ok()) std::abort();
    ingest::Ingester ingester(*files, **store, *pipeline);
    Quiet quiet;
    ingester.Run({std::string(JIKENBO_SOURCE_DIR) + "/examples"}, quiet);
    serve::AppOptions options;
    options.db = db;
    options.rules_dir = JIKENBO_RULES_DIR;
    options.token = "fuzzing-token-0123456789";
    options.rate_per_second = 0;
    auto created = serve::App::Create(options);
    if (!created.ok()) std::abort();
    return created->release();
  }();
  return *app;
}

std::string Line(std::string_view* in) {
  const size_t nl = in->find('\n');
  std::string out(in->substr(0, nl));
  in->remove_prefix(nl == std::string_view::npos ? in->size() : nl + 1);
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  serve::Request r;
  r.method = Line(&in);
  if (r.method == "POST" && in.size() > 4096) return 0;  // keep ingest runs short
  r.path = Line(&in);
  r.query = serve::ParseQuery(Line(&in));
  if (std::string auth = Line(&in); !auth.empty()) r.headers["authorization"] = auth;
  r.body = std::string(in);
  r.client = "127.0.0.1";
  const serve::Response resp = Server().Handle(r);
  bool csp = false;
  for (const auto& [k, v] : resp.headers) csp = csp || k == "Content-Security-Policy";
  if (!csp || resp.status < 100 || resp.status > 599) std::abort();
  if (resp.content_type.rfind("application/json", 0) == 0 &&
      nlohmann::json::parse(resp.body, nullptr, false).is_discarded()) {
    std::abort();
  }
  if (resp.content_type.rfind("text/html", 0) == 0 &&
      resp.body.find("<script>") != std::string::npos) {
    std::abort();
  }
  return 0;
}
