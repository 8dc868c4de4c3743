// jikenbo list: the articles of the casebook, filtered.
#include <fmt/format.h>

#include "base/file_source.h"
#include "cli/common.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct ListArgs {
  store::ListQuery query;
  std::string kind, type, indicator, format;
};

int RunList(const Context& ctx, ListArgs args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  if (!args.kind.empty()) args.query.kind = args.kind;
  if (!args.type.empty()) args.query.type = args.type;
  if (!args.indicator.empty()) args.query.indicator = args.indicator;
  auto rows = (*store)->List(args.query);
  if (!rows.ok()) return PrintError(rows.status()), kExitError;
  if (args.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& r : *rows) out.push_back(report::ArticleJson(r));
    std::puts(report::Dump(out).c_str());
    return kExitOk;
  }
  // CHECK: "?N" when N fields are low confidence (jikenbo show ID says which and why).
  std::printf("%5s  %-13s  %-8s  %-5s  %-52s  %s\n", "ID", "KIND", "CASE", "CHECK", "TITLE",
              "DOCUMENT:LINE");
  size_t doubtful = 0;
  for (const auto& r : *rows) {
    const auto& inc = r.article.incident;
    const std::string title = FitColumns(r.article.title, 52);
    const std::string check = inc.doubts.empty() ? "" : fmt::format("?{}", inc.doubts.size());
    doubtful += !inc.doubts.empty();
    std::printf("%5lld  %-13s  %-8s  %-5s  %s%*s  %s:%u\n", static_cast<long long>(r.id),
                inc.kind.value_or("-").c_str(),
                inc.case_no.value_or(inc.source_ref.value_or("-")).c_str(), check.c_str(),
                title.c_str(), static_cast<int>(52 - Columns(title)), "",
                Basename(r.doc_path).c_str(), r.article.line);
  }
  if (rows->empty()) std::printf("(no articles)\n");
  if (doubtful > 0)
    std::printf("(?N: N fields of low confidence, check them first: jikenbo show ID)\n");
  return kExitOk;
}

}  // namespace

void AddListCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ListArgs>();
  CLI::App* cmd = app.add_subcommand("list", "List the casebook's articles in document order.");
  cmd->add_option("--kind", args->kind, "only this kind (incident, advisory, ...)");
  cmd->add_option("--type", args->type, "only this incident type (ransomware, ...)");
  cmd->add_option("--indicator", args->indicator, "only articles that mention this indicator");
  cmd->add_option("--limit", args->query.limit, "at most this many (0 = all)")
      ->capture_default_str();
  cmd->add_option("--offset", args->query.offset, "skip this many")->capture_default_str();
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunList(ctx, *args); });
}

}  // namespace jikenbo::cli
