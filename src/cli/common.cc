#include "cli/common.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "base/file_source.h"
#include "base/utf8.h"

namespace jikenbo::cli {
namespace {

std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::string DefaultRulesDir() {
  if (std::string env = Env("JIKENBO_RULES"); !env.empty()) return env;
  std::error_code ec;
  // An installed binary (make install, the Debian package): PREFIX/share/jikenbo/rules beside
  // PREFIX/bin, wherever PREFIX is. Checked before the build's own directory, so that an
  // installed binary never reads the rules of a checkout it was built from.
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  const auto prefix = ec ? std::filesystem::path() : exe.parent_path().parent_path();
  if (!prefix.empty()) {
    const auto installed = prefix / "share" / "jikenbo" / "rules";
    if (std::filesystem::is_directory(installed, ec)) return installed.string();
  }
  if (std::filesystem::is_directory(JIKENBO_RULES_DIR, ec)) return JIKENBO_RULES_DIR;
  // A copied tree: rules/ beside the directory that holds the binary.
  if (!prefix.empty()) return (prefix / "rules").string();
  return "rules";
}

bool IsWide(char32_t cp) {
  return utf8::IsCjk(cp) || (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
         (cp >= 0x3040 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF);
}

}  // namespace

void AddGlobalOptions(CLI::App& app, Context& ctx) {
  ctx.db = Env("JIKENBO_DB");
  if (ctx.db.empty()) ctx.db = "jikenbo.db";
  ctx.rules_dir = DefaultRulesDir();
  // Shown without a password: $JIKENBO_DB may hold one.
  app.add_option("--db", ctx.db,
                 "casebook: a SQLite file, or a PostgreSQL URI (postgresql://user@host/dbname);\n"
                 "default $JIKENBO_DB or ./jikenbo.db")
      ->default_str(store::DisplayName(ctx.db));
  app.add_option("--rules", ctx.rules_dir,
                 "rules directory; default $JIKENBO_RULES, else PREFIX/share/jikenbo/rules of an\n"
                 "installed binary, else the checkout's rules/")
      ->capture_default_str();
}

Result<std::unique_ptr<store::Store>> OpenStore(const Context& ctx) {
  return store::OpenStore(ctx.db);
}

Result<ingest::Pipeline> LoadPipeline(const Context& ctx) {
  auto files = NewDiskFileSource();
  return ingest::LoadPipeline(*files, ctx.rules_dir);
}

Result<report::Lexicon> LoadLexicon(const Context& ctx) {
  auto files = NewDiskFileSource();
  return report::LoadLexicon(*files, ctx.rules_dir);
}

void AddWindowOptions(CLI::App& cmd, report::CaseQuery* query) {
  cmd.add_option_function<std::string>(
      "--from", [query](const std::string& d) { query->from = d; },
      "from this date (YYYY-MM-DD, YYYY-MM or YYYY; announcement date, else incident date)");
  cmd.add_option_function<std::string>(
      "--to", [query](const std::string& d) { query->to = d; }, "to this date, inclusive");
  cmd.add_option("--type", query->types, "only these incident types (repeat the option)");
}

void AddFetchSafetyOptions(CLI::App& cmd, double* time_limit, bool* allow_private) {
  cmd.add_option("--time-limit", *time_limit,
                 "seconds one document may take to decode and analyse; a slower one is skipped\n"
                 "and named (0 = no limit)")
      ->capture_default_str();
  cmd.add_flag("--allow-private", *allow_private,
               "allow fetching from servers on loopback, private or link-local addresses\n"
               "(refused by default: a guard against server-side request forgery)");
}

Status WriteOutput(const std::string& path, std::string_view text) {
  Output output;
  JK_RETURN_IF_ERROR(output.Open(path));
  if (std::fwrite(text.data(), 1, text.size(), output.get()) != text.size()) {
    return Status::IoError("write failed", path);
  }
  return Status::Ok();
}

void PrintError(const Status& status) {
  std::fprintf(stderr, "jikenbo: %s\n", status.ToString().c_str());
}

bool IsTerminal(std::FILE* f) { return isatty(fileno(f)) != 0; }

std::string FitColumns(std::string_view text, size_t columns) {
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::Next(text, i);
    const size_t w = IsWide(d.cp) ? 2 : 1;
    if (used + w > columns) {
      while (used + 1 > columns && !out.empty()) {  // make room for the ellipsis
        const size_t s = utf8::Prev(out, out.size());
        used -= IsWide(utf8::Next(out, s).cp) ? 2 : 1;
        out.resize(s);
      }
      return out + "…";
    }
    out.append(text.substr(i, d.len));
    used += w;
    i += d.len;
  }
  return out;
}

size_t Columns(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::Next(text, i);
    n += IsWide(d.cp) ? 2 : 1;
    i += d.len;
  }
  return n;
}

CLI::Option* AddFormat(CLI::App& cmd, std::string* format, std::vector<std::string> choices) {
  *format = choices.front();
  return cmd.add_option("--format", *format, "output format")
      ->check(CLI::IsMember(choices))
      ->capture_default_str();
}

Status Output::Open(const std::string& path) {
  if (path.empty() || path == "-") return Status::Ok();
  file_.reset(std::fopen(path.c_str(), "wb"));
  return file_ ? Status::Ok() : Status::IoError("cannot write", path);
}

}  // namespace jikenbo::cli
