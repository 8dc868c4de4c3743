// jikenbo eval GOLD.jsonl: ingest the texts a gold file names into a temporary casebook (or take
// the casebook as it is) and score it field by field, on the tune and check splits.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "base/file_source.h"
#include "cli/common.h"
#include "cli/progress.h"
#include "ingest/ingest.h"
#include "report/eval.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

namespace fs = std::filesystem;

struct EvalArgs {
  std::vector<std::string> gold;   // one or more gold files, read as one
  std::vector<std::string> texts;  // folders searched in order for each file
  std::string format;
  std::string split = "all";
  std::vector<std::string> floors;
  bool casebook = false;
  bool check = false;
  bool verbose = false;
  bool corrections = false;
};

// eval --corrections: the current rules against every value analysts corrected in --db. Each
// corrected field of a report is scored once, against its value after the last correction.
int RunEvalCorrections(const Context& ctx, const EvalArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto pipeline = LoadPipeline(ctx);
  if (!pipeline.ok()) return PrintError(pipeline.status()), kExitError;
  auto corrections = (*store)->Corrections();
  if (!corrections.ok()) return PrintError(corrections.status()), kExitError;
  std::map<std::pair<int64_t, std::string>, std::string> wanted;  // (article, field) -> value
  for (const store::CorrectionRecord& c : *corrections) {
    wanted[{c.article_id, c.edit.field}] = c.new_value;
  }
  std::map<std::string, std::pair<size_t, size_t>> by_field;  // field -> agree, all
  struct Miss {
    int64_t id;
    std::string field, want, got;
  };
  std::vector<Miss> misses;
  std::map<int64_t, std::optional<model::Incident>> fresh;
  for (const auto& [key, want] : wanted) {
    const auto& [id, field] = key;
    if (!fresh.count(id)) {
      fresh[id] = std::nullopt;
      auto rec = (*store)->Get(id);
      if (!rec.ok()) continue;
      auto archived = (*store)->Archived(rec->doc_sha256);
      if (!archived.ok() || archived->empty()) continue;
      auto articles = ingest::AnalyseArchived(archived->front().document, *pipeline);
      if (!articles.ok()) continue;
      for (const model::Article& a : *articles) {
        if (a.ordinal == rec->article.ordinal) fresh[id] = a.incident;
      }
    }
    const std::string got = fresh[id] ? model::FieldText(*fresh[id], field) : "(no article)";
    auto& [agree, all] = by_field[field];
    ++all;
    if (got == want) {
      ++agree;
    } else {
      misses.push_back({id, field, want, got});
    }
  }
  if (args.format == "json") {
    nlohmann::ordered_json fields = nlohmann::ordered_json::object();
    for (const auto& [field, t] : by_field) {
      fields[field] = {{"agree", t.first}, {"corrected", t.second}};
    }
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const Miss& m : misses) {
      list.push_back({{"id", m.id}, {"field", m.field}, {"corrected", m.want}, {"found", m.got}});
    }
    std::puts(report::Dump({{"fields", fields}, {"mismatches", list}}, 2).c_str());
    return kExitOk;
  }
  std::printf("%-20s %s\n", "FIELD", "RULES AGREE WITH ANALYSTS");
  for (const auto& [field, t] : by_field) {
    std::printf("%-20s %.3f %zu/%zu\n", field.c_str(),
                t.second == 0 ? 1.0 : static_cast<double>(t.first) / static_cast<double>(t.second),
                t.first, t.second);
  }
  if (by_field.empty()) std::fprintf(stderr, "no corrections in this casebook yet\n");
  if (args.verbose) {
    for (const Miss& m : misses) {
      std::printf("  #%lld %s: corrected %s | found %s\n", static_cast<long long>(m.id),
                  m.field.c_str(), m.want.c_str(), m.got.c_str());
    }
  }
  return kExitOk;
}

// The files the gold names that exist under dir, each once, in gold order.
std::vector<std::string> GoldFiles(std::string_view gold, const std::vector<fs::path>& dirs,
                                   size_t* absent) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::istringstream lines{std::string(gold)};
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("file") || !j["file"].is_string()) continue;
    const std::string file = j["file"].get<std::string>();
    if (file.empty() || file.find("..") != std::string::npos || !seen.insert(file).second) continue;
    std::error_code ec;
    auto dir = std::find_if(dirs.begin(), dirs.end(),
                            [&](const fs::path& d) { return fs::is_regular_file(d / file, ec); });
    if (dir != dirs.end())
      out.push_back((*dir / file).string());
    else
      ++*absent;
  }
  return out;
}

Status ParseFloors(const std::vector<std::string>& specs, report::EvalOptions* options) {
  for (const std::string& s : specs) {
    const size_t eq = s.find('=');
    char* end = nullptr;
    const double v = eq == std::string::npos ? 0 : std::strtod(s.c_str() + eq + 1, &end);
    if (eq == std::string::npos || end == s.c_str() + eq + 1 || *end || v < 0 || v > 1)
      return Status::InvalidInput("--floor takes METRIC=VALUE with VALUE in 0..1", s);
    options->floors[s.substr(0, eq)] = v;
  }
  return Status::Ok();
}

void PrintText(const report::EvalResult& r, const EvalArgs& args) {
  std::printf("%zu gold items (%zu tune, %zu check), %zu missing, %zu extra articles\n\n",
              r.gold_items, r.splits[1].items, r.splits[2].items, r.missing, r.extra);
  std::printf("%-20s %-16s %-16s %-16s %5s\n", "METRIC", "ALL", "TUNE", "CHECK", "BAR");
  for (size_t i = 0; i < r.metrics().size(); ++i) {
    const report::Metric& m = r.metrics()[i];
    std::printf("%-20s", m.name.c_str());
    bool ok = true;
    for (const auto& s : r.splits) {
      const report::Metric& x = s.metrics[i];
      ok &= s.items == 0 || x.passed();
      std::printf(" %-16s", fmt::format("{:.3f} {}/{}", x.value, x.correct, x.total).c_str());
    }
    std::printf(" %5.2f  %s\n", m.threshold, ok ? "ok" : "BELOW");
  }
  for (const auto& [name, matrix] : r.confusion) {
    std::set<std::string> cols;
    for (const auto& [g, row] : matrix)
      for (const auto& [f, n] : row) cols.insert(f);
    std::printf("\n%s confusion (rows: gold, columns: found)\n%-20s", name.c_str(), "");
    for (const auto& c : cols) std::printf(" %6.6s", c.c_str());
    std::printf("\n");
    for (const auto& [g, row] : matrix) {
      std::printf("%-20s", g.c_str());
      for (const auto& c : cols) {
        auto it = row.find(c);
        if (it == row.end())
          std::printf(" %6s", ".");
        else
          std::printf(" %6zu", it->second);
      }
      std::printf("\n");
    }
  }
  std::printf("\nconfidence: errors among high and low confidence values\n");
  std::printf("%-20s %14s %14s\n", "FIELD", "HIGH wrong", "LOW wrong");
  for (const auto& [field, c] : r.confidence) {
    std::printf("%-20s %14s %14s\n", field.c_str(),
                fmt::format("{}/{}", c.high_wrong, c.high).c_str(),
                fmt::format("{}/{}", c.low_wrong, c.low).c_str());
  }
  if (args.verbose || (args.check && !r.passed())) {
    std::printf("\nmismatches%s:\n",
                args.split == "all" ? "" : fmt::format(" ({} split)", args.split).c_str());
    for (const auto& m : r.mismatches) {
      if (args.split != "all" && m.split != args.split) continue;
      std::printf("  %s\n", m.ToString().c_str());
    }
  }
}

int RunEval(const Context& ctx, const EvalArgs& args) {
  if (args.corrections) return RunEvalCorrections(ctx, args);
  if (args.gold.empty()) {
    return PrintError(Status::InvalidInput("give a gold file, or --corrections")), kExitError;
  }
  auto files = NewDiskFileSource();
  Result<std::string> gold = std::string();
  for (const std::string& path : args.gold) {
    auto part = files->Read(path, 256 << 20);
    if (!part.ok()) return PrintError(part.status()), kExitError;
    *gold += *part;
    if (!gold->empty() && gold->back() != '\n') *gold += '\n';
  }
  report::EvalOptions options;
  if (Status s = ParseFloors(args.floors, &options); !s.ok()) return PrintError(s), kExitError;
  std::unique_ptr<store::Store> store;
  if (args.casebook) {
    auto opened = OpenStore(ctx);
    if (!opened.ok()) return PrintError(opened.status()), kExitError;
    store = std::move(*opened);
  } else {
    std::vector<fs::path> dirs(args.texts.begin(), args.texts.end());
    if (dirs.empty()) {
      for (const std::string& g : args.gold) dirs.push_back(fs::path(g).parent_path());
    }
    std::string where;
    for (const fs::path& d : dirs) where += (where.empty() ? "" : ", ") + d.string();
    size_t absent = 0;
    const auto inputs = GoldFiles(*gold, dirs, &absent);
    if (inputs.empty()) {
      PrintError(Status::NotFound(
          "none of the files the gold names is in the texts folders (--texts DIR)", where));
      return kExitError;
    }
    if (absent > 0)
      std::fprintf(stderr, "warning: %zu files the gold names are not in %s (scored as missing)\n",
                   absent, where.c_str());
    auto pipeline = LoadPipeline(ctx);
    if (!pipeline.ok()) return PrintError(pipeline.status()), kExitError;
    auto opened = store::OpenSqliteStore(":memory:");
    if (!opened.ok()) return PrintError(opened.status()), kExitError;
    store = std::move(*opened);
    ingest::Ingester ingester(*files, *store, *pipeline);
    IngestProgress reporter(/*quiet=*/true);
    ingester.Run(inputs, reporter);
    reporter.Done();
  }
  auto res = report::Evaluate(*gold, *store, options);
  if (!res.ok()) return PrintError(res.status()), kExitError;
  if (args.format == "json") {
    std::puts(report::Dump(report::EvalJson(*res), 2).c_str());
  } else {
    PrintText(*res, args);
  }
  return args.check && !res->passed() ? kExitPartial : kExitOk;
}

}  // namespace

void AddEvalCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval",
      "Score the analysis against a gold file: ingest the texts it names into a temporary\n"
      "casebook (or, with --casebook, take the casebook of --db as it is) and print per-field\n"
      "accuracy on all items and on the tune and check splits (fixed by a hash of each key),\n"
      "confusion matrices for kind and type, and how often low- and high-confidence values\n"
      "were wrong. Items are matched by file name and the line they start on.");
  cmd->add_option("gold", args->gold,
                  "gold JSON Lines, one or more read as one (e.g. ../shared/gold/seeds.jsonl; "
                  "a line with `group` and no `kind` is scored for cases only)");
  cmd->add_option("--texts", args->texts,
                  "folder holding the files the gold names; repeat to search several in order "
                  "(default: the gold files' folders)");
  cmd->add_flag("--casebook", args->casebook,
                "score the casebook of --db instead of ingesting the texts afresh");
  cmd->add_option("--split", args->split, "list only the mismatches of this split")
      ->check(CLI::IsMember({"all", "tune", "check"}))
      ->capture_default_str();
  cmd->add_option("--floor", args->floors,
                  "METRIC=VALUE: the bar of a metric for --check, e.g. --floor type=0.85 "
                  "(repeatable; default: the issue's targets)");
  cmd->add_flag("--corrections", args->corrections,
                "score the current rules against every value analysts corrected in --db "
                "(jikenbo edit): corrections become evaluation data");
  cmd->add_flag("--check", args->check, "exit 1 when a metric of any split is below its bar");
  cmd->add_flag("-v,--verbose", args->verbose,
                "list every mismatch with the value found, the gold value and the evidence");
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunEval(ctx, *args); });
}

}  // namespace jikenbo::cli
