// jikenbo search QUERY: full-text search, Japanese and English, ranked, with snippets.
#include <fmt/format.h>

#include "cli/common.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct SearchArgs {
  std::vector<std::string> words;
  size_t limit = 20;
  std::string format;
};

std::string Highlight(const store::SearchHit& hit, bool tty) {
  const char* on = tty ? "\x1b[1;33m" : "«";
  const char* off = tty ? "\x1b[0m" : "»";
  std::string out;
  size_t at = 0;
  for (const auto& [b, e] : hit.highlights) {
    out += hit.snippet.substr(at, b - at) + on + hit.snippet.substr(b, e - b) + off;
    at = e;
  }
  return out + hit.snippet.substr(at);
}

int RunSearch(const Context& ctx, const SearchArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  std::string query;
  for (const auto& w : args.words) query += (query.empty() ? "" : " ") + w;
  auto hits = (*store)->Search(query, args.limit);
  if (!hits.ok()) return PrintError(hits.status()), kExitError;
  if (args.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& h : *hits) out.push_back(report::SearchHitJson(h));
    std::puts(report::Dump(out).c_str());
    return kExitOk;
  }
  const bool tty = IsTerminal(stdout);
  for (const auto& h : *hits) {
    std::printf("%5lld  %s\n       …%s…\n", static_cast<long long>(h.record.id),
                FitColumns(h.record.article.title, 70).c_str(), Highlight(h, tty).c_str());
  }
  std::printf("%zu %s\n", hits->size(), hits->size() == 1 ? "match" : "matches");
  return kExitOk;
}

}  // namespace

void AddSearchCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd = app.add_subcommand(
      "search", "Search titles and text (Japanese and English; all words must match).");
  cmd->add_option("query", args->words, "words to look for, e.g. 紛失 or ransomware")->required();
  cmd->add_option("--limit", args->limit, "at most this many hits")->capture_default_str();
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunSearch(ctx, *args); });
}

}  // namespace jikenbo::cli
