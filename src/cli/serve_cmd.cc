// jikenbo serve: the casebook in a browser and as a JSON API, on loopback by default.
#include <csignal>
#include <cstdio>
#include <memory>
#include <tuple>

#include "base/file_source.h"
#include "base/utf8.h"
#include "cli/common.h"
#include "serve/app.h"

namespace jikenbo::cli {
namespace {

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop = true; }

struct ServeArgs {
  serve::HttpOptions http;
  std::string token_file;
  std::string taxii_token_file;
  std::string editors_file;
  bool secure_cookie = false;
  std::vector<std::string> trusted_proxies;
  double rate = 20;
  double burst = 200;
};

// The editors file: one editor a line, "NAME TOKEN"; blank lines and lines starting with # are
// skipped. A token has at least 16 characters and no two editors share one.
Result<std::vector<serve::Editor>> ReadEditors(const std::string& path) {
  auto files = NewDiskFileSource();
  JK_ASSIGN_OR_RETURN(std::string text, files->Read(path, 1 << 20));
  if (!utf8::IsValid(text)) return Status::InvalidInput("the editors file is not UTF-8", path);
  std::vector<serve::Editor> editors;
  size_t line_no = 0, at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    std::string_view line = utf8::Trim(std::string_view(text).substr(at, end - at));
    at = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    const size_t gap = line.find_first_of(" \t");
    const std::string where = path + ":" + std::to_string(line_no);
    if (gap == std::string_view::npos) {
      return Status::InvalidInput("an editor line is NAME TOKEN", where);
    }
    serve::Editor e{std::string(line.substr(0, gap)),
                    std::string(utf8::Trim(line.substr(gap + 1)))};
    if (e.token.size() < 16) {
      return Status::InvalidInput("an editor's token must have at least 16 characters", where);
    }
    for (const serve::Editor& other : editors) {
      if (other.token == e.token) return Status::InvalidInput("two editors share a token", where);
    }
    editors.push_back(std::move(e));
  }
  if (editors.empty()) return Status::InvalidInput("the editors file names no editor", path);
  return editors;
}

// A bearer token from a file (so that it never shows in `ps`): at least 16 characters.
Result<std::string> ReadToken(const std::string& path, const std::string& what) {
  auto files = NewDiskFileSource();
  auto text = files->Read(path, 4096);
  if (!text.ok()) return text.status();
  std::string token(utf8::Trim(*text));
  if (token.size() < 16) {
    return Status::InvalidInput(what + " must have at least 16 characters", path);
  }
  return token;
}

int RunServe(const Context& ctx, const ServeArgs& args) {
  serve::AppOptions options;
  options.db = ctx.db;
  options.rules_dir = ctx.rules_dir;
  options.rate_per_second = args.rate;
  options.burst = args.burst;
  for (const auto& [path, token, what] :
       {std::tuple{&args.token_file, &options.token, "the token"},
        std::tuple{&args.taxii_token_file, &options.taxii_token, "the TAXII token"}}) {
    if (path->empty()) continue;
    auto read = ReadToken(*path, what);
    if (!read.ok()) return PrintError(read.status()), kExitError;
    *token = std::move(*read);
  }
  if (!args.editors_file.empty()) {
    auto editors = ReadEditors(args.editors_file);
    if (!editors.ok()) return PrintError(editors.status()), kExitError;
    options.editors = std::move(*editors);
  }
  options.secure_cookie = args.secure_cookie;
  options.trusted_proxies = args.trusted_proxies;
  auto app = serve::App::Create(options);
  if (!app.ok()) return PrintError(app.status()), kExitError;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  serve::App* a = app->get();
  const Status s = serve::ServeHttp(
      args.http, [a](const serve::Request& r) { return a->Handle(r); }, &g_stop,
      [&](uint16_t port) {
        std::fprintf(stderr, "jikenbo: serving %s on http://%s:%u/ (Ctrl-C stops)\n",
                     store::DisplayName(ctx.db).c_str(), args.http.bind.c_str(), port);
        std::fflush(stderr);
      });
  if (!s.ok()) return PrintError(s), kExitError;
  return kExitOk;
}

}  // namespace

void AddServeCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the casebook in a browser (list, case pages with evidence, search, dashboard,\n"
      "digest, indicators) and as a JSON API under /api/ (docs/api.md). Binds to loopback\n"
      "unless --bind says otherwise. A casebook with users (jikenbo user add) is private: users\n"
      "sign in at /signin, API clients send a user's token (jikenbo token add); viewers read,\n"
      "editors also correct cases in place and POST /api/ingest, admins also manage users.\n"
      "Without users it is open to read; POST /api/ingest needs the token of --token-file and\n"
      "editors named in --editors sign in with their token. TAXII 2.1 clients (OpenCTI, MISP)\n"
      "read the casebook at /taxii2/ with a user's token or --taxii-token-file.");
  cmd->add_option("--bind", args->http.bind, "address to listen on")->capture_default_str();
  cmd->add_option("--port", args->http.port, "port (0: any free port)")->capture_default_str();
  cmd->add_option("--threads", args->http.threads, "worker threads")->capture_default_str();
  cmd->add_option("--token-file", args->token_file,
                  "file holding the bearer token that POST /api/ingest requires");
  cmd->add_option("--taxii-token-file", args->taxii_token_file,
                  "file holding the bearer token of TAXII 2.1 readers (/taxii2/; the ingest "
                  "token reads too)");
  cmd->add_option("--editors", args->editors_file,
                  "file of editors who may correct cases in the browser, one \"NAME TOKEN\" a "
                  "line (they sign in at /signin); a casebook with users (jikenbo user) needs "
                  "none");
  cmd->add_flag("--secure-cookie", args->secure_cookie,
                "mark the session cookie Secure (when served behind HTTPS)");
  cmd->add_option("--trusted-proxy", args->trusted_proxies,
                  "address of a reverse proxy whose X-Forwarded-For names the client, for the\n"
                  "rate limits and the log (repeat the option)");
  cmd->add_option("--max-body", args->http.max_body, "largest request body in bytes")
      ->capture_default_str();
  cmd->add_option("--max-connections", args->http.max_connections,
                  "connections open at once; more wait in the listen queue, none is refused")
      ->capture_default_str();
  cmd->add_option("--connections-per-ip", args->http.connections_per_ip,
                  "connections one address may hold open (0: no limit beyond --max-connections;\n"
                  "a connection over the limit is closed)")
      ->capture_default_str();
  cmd->add_option("--rate", args->rate, "requests per second per client address (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--burst", args->burst, "requests a client may make at once")
      ->capture_default_str();
  cmd->callback([&ctx, args] { ctx.exit_code = RunServe(ctx, *args); });
}

}  // namespace jikenbo::cli
