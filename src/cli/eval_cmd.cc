// jikenbo eval GOLD.jsonl: score the casebook against a gold file, field by field.
#include <fmt/format.h>

#include "base/file_source.h"
#include "cli/common.h"
#include "report/eval.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct EvalArgs {
  std::string gold;
  std::string format;
  bool check = false;
  bool verbose = false;
};

int RunEval(const Context& ctx, const EvalArgs& args) {
  auto files = NewDiskFileSource();
  auto gold = files->Read(args.gold, 256 << 20);
  if (!gold.ok()) return PrintError(gold.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto res = report::Evaluate(*gold, **store);
  if (!res.ok()) return PrintError(res.status()), kExitError;
  if (args.format == "json") {
    std::puts(report::Dump(report::EvalJson(*res), 2).c_str());
  } else {
    std::printf("%zu gold articles, %zu missing, %zu extra\n\n", res->gold_items, res->missing,
                res->extra);
    std::printf("%-20s %8s %10s %6s  %s\n", "METRIC", "VALUE", "CORRECT", "BAR", "");
    for (const auto& m : res->metrics) {
      std::printf("%-20s %8.3f %4zu/%-5zu %6.2f  %s\n", m.name.c_str(), m.value, m.correct, m.total,
                  m.threshold, m.passed() ? "ok" : "BELOW");
    }
    if (args.verbose || !res->passed()) {
      for (const auto& line : res->mismatches) std::printf("  %s\n", line.c_str());
    }
  }
  return args.check && !res->passed() ? kExitPartial : kExitOk;
}

}  // namespace

void AddEvalCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "eval", "Score the casebook against a gold file (articles matched by file name and line).");
  cmd->add_option("gold", args->gold, "gold JSON Lines (e.g. ../shared/gold/seeds.jsonl)")
      ->required();
  cmd->add_flag("--check", args->check, "exit 1 when a metric is below its quality bar");
  cmd->add_flag("-v,--verbose", args->verbose, "list every mismatch");
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunEval(ctx, *args); });
}

}  // namespace jikenbo::cli
