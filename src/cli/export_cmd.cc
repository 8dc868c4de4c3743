// jikenbo export: every article as JSON Lines (one object per line) or one JSON array.
#include <cstdio>
#include <memory>

#include "cli/common.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct ExportArgs {
  std::string format;
  std::string output;
  bool text = false;
};

int RunExport(const Context& ctx, const ExportArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  Output output;
  if (Status s = output.Open(args.output); !s.ok()) return PrintError(s), kExitError;
  std::FILE* out = output.get();
  const bool array = args.format == "json";
  bool first = true;
  if (array) std::fputs("[", out);
  Status s = (*store)->ForEach([&](const store::ArticleRecord& r) {
    const std::string line = report::Dump(report::ArticleJson(r, {.include_text = args.text}));
    if (array && !first) std::fputs(",\n", out);
    std::fputs(line.c_str(), out);
    if (!array) std::fputs("\n", out);
    first = false;
    return std::ferror(out) ? Status::IoError("write failed", args.output) : Status::Ok();
  });
  if (array) std::fputs("]\n", out);
  if (!s.ok()) return PrintError(s), kExitError;
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand("export", "Export every article with all its fields.");
  AddFormat(*cmd, &args->format, {"jsonl", "json"});
  cmd->add_option("-o,--output", args->output, "write to this file instead of stdout");
  cmd->add_flag("--text", args->text, "include each article's full text");
  cmd->callback([&ctx, args] { ctx.exit_code = RunExport(ctx, *args); });
}

}  // namespace jikenbo::cli
