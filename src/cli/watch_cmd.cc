// jikenbo watch FEED_URL... : poll feeds and ingest every new item's full notice.
#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include "base/file_source.h"
#include "cli/common.h"
#include "ingest/watch.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnSignal(int) { g_stop = true; }

struct WatchArgs {
  std::vector<std::string> feeds;
  std::string sources;
  std::string every = "30m";
  bool once = false;
  double timeout = ingest::FetchOptions{}.timeout_seconds;
  int retries = ingest::FetchOptions{}.retries;
  uint64_t max_bytes = ingest::FetchOptions{}.max_bytes;
  double time_limit = ingest::Options{}.time_limit_seconds;
  bool allow_private = false;
  std::string format;
};

void Print(const ingest::PollReport& r, bool json) {
  if (json) {
    nlohmann::ordered_json errors = nlohmann::ordered_json::array();
    for (const Status& e : r.errors) errors.push_back(e.ToString());
    const nlohmann::ordered_json j = {{"feed", r.feed},           {"unchanged", r.unchanged},
                                      {"items", r.items},         {"new_items", r.new_items},
                                      {"documents", r.documents}, {"articles", r.articles},
                                      {"errors", errors}};
    std::puts(report::Dump(j).c_str());
  } else {
    for (const Status& e : r.errors) std::fprintf(stderr, "error: %s\n", e.ToString().c_str());
    if (r.unchanged) {
      std::printf("%s: unchanged\n", r.feed.c_str());
    } else {
      std::printf("%s: %zu items, %zu new; %zu documents, %zu articles ingested; %zu errors\n",
                  r.feed.c_str(), r.items, r.new_items, r.documents, r.articles, r.errors.size());
    }
  }
  std::fflush(stdout);
}

int RunWatch(const Context& ctx, const WatchArgs& args) {
  std::vector<std::string> feeds = args.feeds;
  if (!args.sources.empty()) {
    auto files = NewDiskFileSource();
    auto text = files->Read(args.sources, 1 << 20);
    if (!text.ok()) return PrintError(text.status()), kExitError;
    auto listed = ingest::ParseSources(*text, args.sources);
    if (!listed.ok()) return PrintError(listed.status()), kExitError;
    feeds.insert(feeds.end(), listed->begin(), listed->end());
  }
  if (feeds.empty()) return PrintError(Status::InvalidInput("no feed to watch")), kExitError;
  auto every = ingest::ParseDuration(args.every);
  if (!every.ok()) return PrintError(every.status()), kExitError;
  auto pipeline = LoadPipeline(ctx);
  if (!pipeline.ok()) return PrintError(pipeline.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  ingest::FetchOptions fetch;
  fetch.timeout_seconds = args.timeout;
  fetch.retries = args.retries;
  fetch.max_bytes = args.max_bytes;
  fetch.allow_private = args.allow_private;
  auto fetcher = ingest::NewCurlFetcher(fetch);
  ingest::Options options;
  options.max_bytes = args.max_bytes;
  options.time_limit_seconds = args.time_limit;
  ingest::Watcher watcher(**store, *pipeline, *fetcher, options);
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  bool failed = false;
  while (!g_stop) {
    for (const std::string& feed : feeds) {
      if (g_stop) break;
      const ingest::PollReport r = watcher.Poll(feed);
      failed = failed || !r.errors.empty();
      Print(r, args.format == "json");
    }
    if (args.once) break;
    // Sleep in short steps so that Ctrl-C ends the watch at once.
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(*every);
    while (!g_stop && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
  return args.once && failed ? kExitPartial : kExitOk;
}

}  // namespace

void AddWatchCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<WatchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "watch",
      "Poll RSS/Atom feeds and ingest the full notice behind every new item (its link).\n"
      "Conditional GET (ETag, Last-Modified) spares unchanged feeds; an item is never taken\n"
      "twice; a failed item is tried again at the next poll. Stops on Ctrl-C.");
  cmd->add_option("feeds", args->feeds, "feed URLs");
  cmd->add_option("--sources", args->sources, "a file of feed URLs, one per line (# comments)");
  cmd->add_option("--every", args->every, "time between polls: 30s, 15m, 1h, 2h30m")
      ->capture_default_str();
  cmd->add_flag("--once", args->once, "poll each feed once and exit (1 if anything failed)");
  cmd->add_option("--timeout", args->timeout, "seconds to wait for one URL")->capture_default_str();
  cmd->add_option("--retries", args->retries, "extra attempts on network errors, 429 and 5xx")
      ->capture_default_str();
  cmd->add_option("--max-bytes", args->max_bytes, "refuse feeds and notices larger than this")
      ->capture_default_str();
  AddFetchSafetyOptions(*cmd, &args->time_limit, &args->allow_private);
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunWatch(ctx, *args); });
}

}  // namespace jikenbo::cli
