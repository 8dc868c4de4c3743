// jikenbo serve: the casebook in a browser and as a JSON API, on loopback by default.
#include <csignal>
#include <cstdio>
#include <memory>

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
  double rate = 20;
  double burst = 200;
};

int RunServe(const Context& ctx, const ServeArgs& args) {
  serve::AppOptions options;
  options.db = ctx.db;
  options.rules_dir = ctx.rules_dir;
  options.rate_per_second = args.rate;
  options.burst = args.burst;
  if (!args.token_file.empty()) {  // from a file, so that it never shows in `ps`
    auto files = NewDiskFileSource();
    auto token = files->Read(args.token_file, 4096);
    if (!token.ok()) return PrintError(token.status()), kExitError;
    options.token = std::string(utf8::Trim(*token));
    if (options.token.size() < 16) {
      return PrintError(Status::InvalidInput("the token must have at least 16 characters",
                                             args.token_file)),
             kExitError;
    }
  }
  auto app = serve::App::Create(options);
  if (!app.ok()) return PrintError(app.status()), kExitError;
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  serve::App* a = app->get();
  const Status s = serve::ServeHttp(
      args.http, [a](const serve::Request& r) { return a->Handle(r); }, &g_stop,
      [&](uint16_t port) {
        std::fprintf(stderr, "jikenbo: serving %s on http://%s:%u/ (Ctrl-C stops)\n",
                     ctx.db.c_str(), args.http.bind.c_str(), port);
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
      "unless --bind says otherwise; POST /api/ingest needs the bearer token of --token-file.");
  cmd->add_option("--bind", args->http.bind, "address to listen on")->capture_default_str();
  cmd->add_option("--port", args->http.port, "port (0: any free port)")->capture_default_str();
  cmd->add_option("--threads", args->http.threads, "worker threads")->capture_default_str();
  cmd->add_option("--token-file", args->token_file,
                  "file holding the bearer token that POST /api/ingest requires");
  cmd->add_option("--max-body", args->http.max_body, "largest request body in bytes")
      ->capture_default_str();
  cmd->add_option("--rate", args->rate, "requests per second per client address (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--burst", args->burst, "requests a client may make at once")
      ->capture_default_str();
  cmd->callback([&ctx, args] { ctx.exit_code = RunServe(ctx, *args); });
}

}  // namespace jikenbo::cli
