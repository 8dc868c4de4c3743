// jikenbo ingest PATH... : archive documents and store their articles.
#include <fmt/format.h>

#include "base/file_source.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "ingest/fetch.h"
#include "ingest/ingest.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

const char* OutcomeName(ingest::Outcome o) {
  switch (o) {
    case ingest::Outcome::kIngested:
      return "ingested";
    case ingest::Outcome::kDuplicate:
      return "duplicate";
    case ingest::Outcome::kFailed:
      return "failed";
  }
  return "failed";
}

// JSON reporter: collects one object per document.
class JsonReporter : public ingest::Reporter {
 public:
  void OnError(const Status& status) override {
    results_.push_back(
        {{"path", status.where()}, {"outcome", "failed"}, {"error", status.ToString()}});
  }
  void OnDocument(const ingest::DocumentReport& r) override {
    nlohmann::ordered_json warnings = nlohmann::ordered_json::array();
    for (const auto& w : r.warnings)
      warnings.push_back({{"offset", w.offset}, {"message", w.message}});
    nlohmann::ordered_json j = {{"path", r.path},
                                {"outcome", OutcomeName(r.outcome)},
                                {"articles", r.articles},
                                {"sha256", r.sha256},
                                {"warnings", warnings}};
    if (r.outcome == ingest::Outcome::kFailed) j["error"] = r.status.ToString();
    results_.push_back(std::move(j));
  }
  nlohmann::ordered_json results_ = nlohmann::ordered_json::array();
};

struct IngestArgs {
  std::vector<std::string> inputs;
  std::string format;
  uint64_t max_bytes = ingest::Options{}.max_bytes;
  bool quiet = false;
  bool dry_run = false;
  size_t jobs = 0;
  double timeout = ingest::FetchOptions{}.timeout_seconds;
  double time_limit = ingest::Options{}.time_limit_seconds;
  bool allow_private = false;
};

int RunIngest(const Context& ctx, const IngestArgs& args) {
  auto pipeline = LoadPipeline(ctx);
  if (!pipeline.ok()) return PrintError(pipeline.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto files = NewDiskFileSource();
  ingest::Options options;
  options.max_bytes = args.max_bytes;
  options.dry_run = args.dry_run;
  options.jobs = args.jobs;
  options.time_limit_seconds = args.time_limit;
  ingest::FetchOptions fetch;
  fetch.max_bytes = args.max_bytes;
  fetch.timeout_seconds = args.timeout;
  fetch.allow_private = args.allow_private;
  auto fetcher = ingest::NewCurlFetcher(fetch);
  ingest::Ingester ingester(*files, **store, *pipeline, options, fetcher.get());
  ingest::Summary s;
  if (args.format == "json") {
    JsonReporter reporter;
    s = ingester.Run(args.inputs, reporter);
    nlohmann::ordered_json out = {{"documents", s.documents},   {"articles", s.articles},
                                  {"duplicates", s.duplicates}, {"skipped", s.skipped},
                                  {"errors", s.errors},         {"results", reporter.results_}};
    std::puts(report::Dump(out).c_str());
  } else {
    IngestProgress reporter(args.quiet);
    s = ingester.Run(args.inputs, reporter);
    reporter.Done();
    std::printf("%zu documents, %zu articles %s; %zu duplicates, %zu skipped, %zu errors\n",
                s.documents, s.articles, args.dry_run ? "analysed (dry run)" : "ingested",
                s.duplicates, s.skipped, s.errors);
  }
  return s.errors > 0 ? kExitPartial : kExitOk;
}

}  // namespace

void AddIngestCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Archive documents (files, directories recursively, http(s) URLs, - for stdin) and store\n"
      "their articles. Text, Markdown, HTML, PDF, RSS/Atom feeds and e-mail, in UTF-8, UTF-16,\n"
      "Shift_JIS, EUC-JP or ISO-2022-JP.\n"
      "Re-ingesting the same bytes is a no-op. Exit status: 0 all ingested or already archived,\n"
      "1 some inputs failed (the rest was ingested), 2 setup error.");
  cmd->add_option("inputs", args->inputs, "files, directories, URLs or - (standard input)")
      ->required();
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->add_option("--max-bytes", args->max_bytes, "refuse documents larger than this")
      ->capture_default_str();
  cmd->add_flag("-q,--quiet", args->quiet, "do not list duplicates");
  cmd->add_flag("--dry-run", args->dry_run,
                "read, segment, classify and extract, but store nothing (for timing and checks)");
  cmd->add_option("--timeout", args->timeout, "seconds to wait for one URL")->capture_default_str();
  AddFetchSafetyOptions(*cmd, &args->time_limit, &args->allow_private);
  cmd->add_option("-j,--jobs", args->jobs,
                  "analysis threads (0 = one per hardware thread); the store is written by one")
      ->capture_default_str();
  cmd->callback([&ctx, args] { ctx.exit_code = RunIngest(ctx, *args); });
}

}  // namespace jikenbo::cli
