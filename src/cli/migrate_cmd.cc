// jikenbo migrate --from CASEBOOK --to CASEBOOK: copies a whole casebook between backends (an
// analyst's SQLite file into the team's PostgreSQL, or back), losslessly, into a new one.
#include <cstdio>
#include <memory>

#include "cli/common.h"
#include "report/json.h"
#include "store/store.h"

namespace jikenbo::cli {
namespace {

struct MigrateArgs {
  std::string from, to, format;
};

int RunMigrate(const MigrateArgs& args) {
  auto copied = store::CopyCasebook(args.from, args.to);
  if (!copied.ok()) return PrintError(copied.status()), kExitError;
  const auto& rows = copied->rows;
  auto count = [&](const char* table) {
    const auto it = rows.find(table);
    return it == rows.end() ? int64_t{0} : it->second;
  };
  if (args.format == "json") {
    nlohmann::ordered_json out = {{"tables", nlohmann::ordered_json::object()}};
    for (const auto& [table, n] : rows) out["tables"][table] = n;
    std::puts(report::Dump(out).c_str());
    return kExitOk;
  }
  std::printf(
      "copied %lld documents, %lld articles, %lld case numbers, %lld corrections, %lld case "
      "actions and feed state; search index rebuilt\n",
      static_cast<long long>(count("documents")), static_cast<long long>(count("articles")),
      static_cast<long long>(count("case_numbers")), static_cast<long long>(count("corrections")),
      static_cast<long long>(count("case_actions")));
  return kExitOk;
}

}  // namespace

void AddMigrateCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<MigrateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "migrate",
      "Copy a whole casebook into a new, empty one, between SQLite and PostgreSQL either way:\n"
      "archived originals, articles, cases and their links, corrections, the log, published\n"
      "cases, feed state. All or nothing; the search index is rebuilt on the target.\n"
      "  jikenbo migrate --from jikenbo.db --to postgresql://jk@db.example/casebook");
  cmd->add_option("--from", args->from, "the casebook to copy (SQLite file or PostgreSQL URI)")
      ->required();
  cmd->add_option("--to", args->to, "the new casebook (created; must be empty)")->required();
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunMigrate(*args); });
}

}  // namespace jikenbo::cli
