// jikenbo stats: counts and affected totals of the incidents of a window, grouped.
#include <cstdio>
#include <memory>

#include "cli/common.h"
#include "report/stats.h"

namespace jikenbo::cli {
namespace {

struct StatsArgs {
  report::CaseQuery query;
  std::string by = "type";
  std::string format;
  std::string output;
};

int RunStats(const Context& ctx, StatsArgs args) {
  auto lexicon = LoadLexicon(ctx);
  if (!lexicon.ok()) return PrintError(lexicon.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  args.query.kinds = {"incident"};
  auto cases = report::CollectCases(**store, args.query);
  if (!cases.ok()) return PrintError(cases.status()), kExitError;
  const report::Stats stats = report::ComputeStats(*cases, args.by);
  const std::string text = args.format == "csv"    ? report::StatsCsv(stats)
                           : args.format == "json" ? report::StatsJson(stats)
                           : args.format == "svg"  ? report::StatsSvg(stats, *lexicon)
                                                   : report::StatsTable(stats, *lexicon);
  if (Status s = WriteOutput(args.output, text); !s.ok()) return PrintError(s), kExitError;
  return kExitOk;
}

}  // namespace

void AddStatsCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<StatsArgs>();
  CLI::App* cmd = app.add_subcommand(
      "stats",
      "Count the incidents of a window (each once, however many reports) with their affected\n"
      "persons, records and cards, grouped; the share reported to the PPC; the top data items.\n"
      "--format svg draws a chart: stacked monthly bars by type for --by month, bars otherwise.");
  AddWindowOptions(*cmd, &args->query);
  cmd->add_option("--by", args->by, "group by type, month, org_kind, data_item or reported_to")
      ->check(CLI::IsMember(report::StatGroupings()))
      ->capture_default_str();
  AddFormat(*cmd, &args->format, {"table", "csv", "json", "svg"});
  cmd->add_option("-o,--output", args->output, "write to this file instead of stdout");
  cmd->callback([&ctx, args] { ctx.exit_code = RunStats(ctx, *args); });
}

}  // namespace jikenbo::cli
