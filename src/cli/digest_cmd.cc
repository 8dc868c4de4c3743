// jikenbo digest: the newsletter digest of a window, as Markdown or a standalone HTML page.
#include <cstdio>
#include <memory>

#include "cli/common.h"
#include "report/digest.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct DigestArgs {
  report::CaseQuery query;
  std::string format;
  std::string output;
};

int RunDigest(const Context& ctx, const DigestArgs& args) {
  auto lexicon = LoadLexicon(ctx);
  if (!lexicon.ok()) return PrintError(lexicon.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto digest = report::BuildDigest(**store, *lexicon, args.query);
  if (!digest.ok()) return PrintError(digest.status()), kExitError;
  const std::string text = args.format == "html" ? report::DigestHtml(*digest, *lexicon)
                           : args.format == "json"
                               ? report::Dump(report::DigestJson(*digest), 1) + "\n"
                               : report::DigestMarkdown(*digest, *lexicon);
  if (Status s = WriteOutput(args.output, text); !s.ok()) return PrintError(s), kExitError;
  return kExitOk;
}

}  // namespace

void AddDigestCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<DigestArgs>();
  CLI::App* cmd = app.add_subcommand(
      "digest",
      "Write the digest of a window: per incident and advisory, newest first, a headline with\n"
      "the case number, the sources, three bullets (このニュースをザックリ言うと…) and a comment\n"
      "(所感: similar earlier incidents, advice, the APPI reporting assessment, JNSA's estimate),\n"
      "then statistics. Markdown, or HTML with a chart.");
  AddWindowOptions(*cmd, &args->query);
  AddFormat(*cmd, &args->format, {"md", "html", "json"});
  cmd->add_option("-o,--output", args->output, "write to this file instead of stdout");
  cmd->callback([&ctx, args] { ctx.exit_code = RunDigest(ctx, *args); });
}

}  // namespace jikenbo::cli
