// jikenbo: security-incident casebook. Subcommands live in one file each.
#include <cstdio>
#include <exception>

#include "cli/common.h"

int main(int argc, char** argv) {
  using namespace jikenbo::cli;
  CLI::App app{"jikenbo — security-incident casebook: ingest notices, search, export", "jikenbo"};
  app.set_version_flag("--version", JIKENBO_VERSION);
  app.require_subcommand(1);
  app.fallthrough();
  Context ctx;
  AddGlobalOptions(app, ctx);
  AddIngestCommand(app, ctx);
  AddListCommand(app, ctx);
  AddShowCommand(app, ctx);
  AddCaseCommands(app, ctx);
  AddSearchCommand(app, ctx);
  AddExportCommand(app, ctx);
  AddEvalCommand(app, ctx);
  AddArchiveCommand(app, ctx);
  AddWatchCommand(app, ctx);
  AddIocCommand(app, ctx);
  AddDigestCommand(app, ctx);
  AddStatsCommand(app, ctx);
  AddServeCommand(app, ctx);
  AddMigrateCommand(app, ctx);
  AddQueueCommands(app, ctx);
  AddUserCommands(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitError;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "jikenbo: internal error: %s\n", e.what());
    return kExitError;
  }
  return ctx.exit_code;
}
