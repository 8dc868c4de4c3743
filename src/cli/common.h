// Shared plumbing of the subcommands: global options, opening the casebook, loading rules,
// terminal-aware output. The CLI is the edge: it catches what dependencies throw.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "base/status.h"
#include "ingest/pipeline.h"
#include "report/cases.h"
#include "report/lexicon.h"
#include "store/store.h"

namespace jikenbo::cli {

// Exit codes: 0 success, 1 some input failed (the rest was done), 2 usage or setup error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;
inline constexpr int kExitError = 2;

struct Context {
  std::string db;         // --db, else $JIKENBO_DB, else ./jikenbo.db
  std::string rules_dir;  // --rules, else $JIKENBO_RULES, else the build's rules/ directory
  int exit_code = kExitOk;
};

// Registers --db and --rules on app.
void AddGlobalOptions(CLI::App& app, Context& ctx);

Result<std::unique_ptr<store::Store>> OpenStore(const Context& ctx);
Result<ingest::Pipeline> LoadPipeline(const Context& ctx);
// The digest's words and judgements (rules/digest.rules, advice, damage, appi).
Result<report::Lexicon> LoadLexicon(const Context& ctx);

// Adds --from, --to and --type (repeatable) filling query.
void AddWindowOptions(CLI::App& cmd, report::CaseQuery* query);

// Adds --time-limit (the per-document watchdog) and --allow-private (lifts the SSRF guard), the
// options of every command that fetches and analyses documents (ingest, watch).
void AddFetchSafetyOptions(CLI::App& cmd, double* time_limit, bool* allow_private);

// Prints "jikenbo: <status>" to stderr.
void PrintError(const Status& status);

bool IsTerminal(std::FILE* f);

// Where a command writes: standard output for "" or "-", else that file (created or truncated),
// closed with the object.
class Output {
 public:
  Status Open(const std::string& path);  // IoError "cannot write" naming path
  std::FILE* get() const { return file_ ? file_.get() : stdout; }

 private:
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, &std::fclose};
};

// Writes text to standard output ("" or "-") or to the file at path, replacing it.
Status WriteOutput(const std::string& path, std::string_view text);

// Cuts text to at most `columns` terminal columns (wide CJK characters count two), adding "…".
std::string FitColumns(std::string_view text, size_t columns);
// Terminal columns text takes.
size_t Columns(std::string_view text);

// Adds --format with the given choices; the first is the default.
CLI::Option* AddFormat(CLI::App& cmd, std::string* format, std::vector<std::string> choices);

// Subcommands, one file each.
void AddIngestCommand(CLI::App& app, Context& ctx);
void AddListCommand(CLI::App& app, Context& ctx);
void AddShowCommand(CLI::App& app, Context& ctx);
void AddSearchCommand(CLI::App& app, Context& ctx);
void AddExportCommand(CLI::App& app, Context& ctx);
void AddEvalCommand(CLI::App& app, Context& ctx);
void AddArchiveCommand(CLI::App& app, Context& ctx);
void AddWatchCommand(CLI::App& app, Context& ctx);
void AddIocCommand(CLI::App& app, Context& ctx);
void AddUserCommands(CLI::App& app, Context& ctx);
// edit, case merge|split, log, reanalyze
void AddCaseCommands(CLI::App& app, Context& ctx);
void AddDigestCommand(CLI::App& app, Context& ctx);
void AddStatsCommand(CLI::App& app, Context& ctx);
void AddServeCommand(CLI::App& app, Context& ctx);
void AddMigrateCommand(CLI::App& app, Context& ctx);
void AddQueueCommands(CLI::App& app, Context& ctx);  // enqueue, worker, queue

}  // namespace jikenbo::cli
